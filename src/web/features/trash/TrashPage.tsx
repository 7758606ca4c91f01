// The trash (/trash): trashed records per type, most recently deleted first, paged by cursor;
// managers see who deleted each one and can restore it. A restore the server refuses (409,
// e.g. a deal whose pipeline is itself in the trash) is explained with the server's reason.
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AuditEntry } from '../../../contract/audit.ts';
import { shownPersonName } from '../../ui/names.ts';
import { api, ApiError, type Page } from '../../app/api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import { useUserNames } from '../users/usersApi.ts';

const kinds = ['contacts', 'companies', 'deals', 'tasks', 'activities', 'products'] as const;
type Kind = (typeof kinds)[number];
const recordType: Record<Kind, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tasks: 'task',
  activities: 'activity',
  products: 'product',
};

interface Trashed {
  id: string;
  version: number;
  deletedAt: string | null;
  name?: string;
  title?: string;
  salutation?: string | null;
  firstName?: string | null;
  lastName?: string;
  subject?: string | null;
  type?: string;
}

function useTitle() {
  const { t } = useTranslation();
  return (kind: Kind, record: Trashed): string => {
    if (kind === 'contacts') return shownPersonName(record, t);
    if (kind === 'companies' || kind === 'products') return record.name ?? '';
    if (kind === 'activities') return record.subject ?? t(`activities.type.${record.type}`);
    return record.title ?? '';
  };
}

/** Where a restored record lives. */
const recordPage = (kind: Kind, id: string) =>
  kind === 'tasks' ? '/tasks' : kind === 'activities' ? '/activities' : `/${kind}/${id}`;

const pageSize = 50;

function useTrash(kind: Kind) {
  return useInfiniteQuery({
    queryKey: [kind, 'trash'],
    // A record's updatedAt is set when it is trashed: the most recently deleted come first.
    queryFn: ({ pageParam, signal }) =>
      api<Page<Trashed>>(`/${kind}`, {
        query: { trashed: 'true', sort: '-updatedAt', limit: pageSize, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Who moved the record to the trash, from the audit log (which only managers may read). */
function DeletedBy({ kind, id }: { kind: Kind; id: string }) {
  const { t } = useTranslation();
  const users = useUserNames();
  const audit = useQuery({
    queryKey: ['audit-log', recordType[kind], id],
    queryFn: ({ signal }) =>
      api<Page<AuditEntry>>('/audit-log', { query: { recordType: recordType[kind], recordId: id, limit: 20 }, signal }),
    staleTime: 60_000,
  });
  const actorId = audit.data?.data.find((entry) => entry.action === 'delete')?.actorId;
  const name = actorId ? users.data?.data.find((u) => u.id === actorId)?.name : undefined;
  return name ? (
    <Text size="xs" c="dimmed" component="span">
      {t('trash.by', { name })}
    </Text>
  ) : null;
}

function TrashList({ kind, canRestore }: { kind: Kind; canRestore: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const title = useTitle();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const query = useTrash(kind);
  const [refusal, setRefusal] = useState<{ name: string; reason: string } | null>(null);
  const restore = useMutation({
    mutationFn: (record: Trashed) => api<Trashed>(`/${kind}/${record.id}/restore`, { method: 'POST' }),
    onSuccess: (_saved, record) => {
      setRefusal(null);
      notifications.show({ color: 'green', message: t('trash.restored', { name: title(kind, record) }) });
      void queryClient.invalidateQueries({ queryKey: [kind] });
    },
    onError: (error, record) => {
      if (error instanceof ApiError && error.status === 409)
        setRefusal({ name: title(kind, record), reason: errorMessage(error) });
      else notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const records = query.data.pages.flatMap((page) => page.data);
  if (records.length === 0) return <EmptyState>{t(`trash.empty.${kind}`)}</EmptyState>;

  return (
    <Stack gap="xs" data-testid={`trash-${kind}`}>
      {refusal && (
        <Alert
          color="orange"
          title={t('trash.refused', { name: refusal.name })}
          role="alert"
          withCloseButton
          onClose={() => setRefusal(null)}
          data-testid="restore-refused"
        >
          {refusal.reason}
        </Alert>
      )}
      {records.map((record) => (
        <Paper key={record.id} withBorder p="sm" data-testid="trash-row">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0, flex: '1 1 200px' }}>
              <Text fw={500} truncate>
                {title(kind, record) || t('trash.untitled')}
              </Text>
              <Group gap={6}>
                {record.deletedAt && (
                  <Text size="xs" c="dimmed" component="span">
                    {t('trash.deletedAt', { when: formatDateTime(record.deletedAt, locale) })}
                  </Text>
                )}
                {canRestore && <DeletedBy kind={kind} id={record.id} />}
              </Group>
            </Stack>
            {canRestore && (
              <Button
                size="xs"
                variant="light"
                loading={restore.isPending && restore.variables?.id === record.id}
                onClick={() => restore.mutate(record)}
                aria-label={t('trash.restoreNamed', { name: title(kind, record) })}
              >
                {t('trash.restore')}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
      {query.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('trash.loadMore')}
          </Button>
        </Group>
      )}
      {restore.isSuccess && restore.data && !refusal && (
        <Text size="sm" c="dimmed">
          <Anchor component={Link} to={recordPage(kind, restore.data.id)}>
            {t('trash.openRestored')}
          </Anchor>
        </Text>
      )}
    </Stack>
  );
}

export default function TrashPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind = (kinds as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as Kind)
    : 'contacts';
  const canRestore = useHasRole('manager');
  return (
    <Stack gap="sm" maw={880}>
      <Title order={2}>{t('trash.title')}</Title>
      <Text size="sm" c="dimmed">
        {canRestore ? t('trash.intro') : t('trash.introViewer')}
      </Text>
      <Tabs
        value={kind}
        onChange={(value) => value && setParams({ type: value }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {kinds.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`trash.kinds.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {kinds.map((k) => (
          <Tabs.Panel key={k} value={k} pt="sm">
            <TrashList kind={k} canRestore={canRestore} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
