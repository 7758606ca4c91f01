// The duplicates page (/duplicates): likely pairs of contacts or companies, the most likely
// first, with their score and why they look alike; a scan of the whole workspace on demand;
// per pair "not a duplicate" or the merge dialog, and after a merge a notice to undo it.
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import {
  type DuplicatePair,
  type DuplicateSummary,
  type DuplicateType,
  percent,
  useDismiss,
  usePairs,
  useScan,
  useUndoMerge,
} from './duplicatesApi.ts';
import { MergeDialog } from './MergeDialog.tsx';

const types: DuplicateType[] = ['contacts', 'companies'];
/** How long the list follows a scan that was just started. */
const followScanMs = 30_000;

function SummaryLine({ type, id, record }: { type: DuplicateType; id: string; record?: DuplicateSummary }) {
  const details = [record?.emails?.[0], record?.phones?.[0], record?.companyName, record?.city].filter(Boolean);
  return (
    <Stack gap={0} style={{ minWidth: 0, flex: '1 1 220px' }}>
      <Anchor component={Link} to={`/${type}/${id}`} fw={500} truncate>
        {record?.name || id}
      </Anchor>
      {details.length > 0 && (
        <Text size="xs" c="dimmed" truncate>
          {details.join(' · ')}
        </Text>
      )}
    </Stack>
  );
}

function PairRow({
  type,
  pair,
  canMerge,
  onMerge,
}: {
  type: DuplicateType;
  pair: DuplicatePair;
  canMerge: boolean;
  onMerge: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const dismiss = useDismiss(type);
  return (
    <Paper withBorder p="sm" data-testid="duplicate-pair">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <SummaryLine type={type} id={pair.ids[0]} record={pair.records?.[0]} />
          <SummaryLine type={type} id={pair.ids[1]} record={pair.records?.[1]} />
          <Badge size="lg" variant="light" color={pair.score >= 0.9 ? 'red' : 'orange'} data-testid="duplicate-score">
            {t('duplicates.score', { percent: percent(pair.score) })}
          </Badge>
        </Group>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap={4}>
            {pair.reasons.map((reason) => (
              <Badge key={reason} variant="outline" size="sm" color="gray" tt="none">
                {t(`duplicates.reasons.${reason}`, { defaultValue: reason.replaceAll('_', ' ') })}
              </Badge>
            ))}
          </Group>
          {canMerge && (
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                loading={dismiss.isPending}
                onClick={() =>
                  dismiss.mutate(pair.ids, {
                    onSuccess: () => notifications.show({ message: t('duplicates.dismissed') }),
                    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                  })
                }
              >
                {t('duplicates.dismiss')}
              </Button>
              <Button size="xs" onClick={() => onMerge(pair.ids)}>
                {t('duplicates.merge')}
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function PairList({ type }: { type: DuplicateType }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const canMerge = useHasRole('agent');
  const [followUntil, setFollowUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const scanning = followUntil > now;
  const query = usePairs(type, scanning);
  const scan = useScan(type);
  const undo = useUndoMerge(type);
  const [merging, setMerging] = useState<string[] | null>(null);
  const [merged, setMerged] = useState<{ mergeId: string; survivorId: string; name: string } | null>(null);

  // The scan runs in the background: the list follows it for a while, then stops asking.
  useEffect(() => {
    if (!scanning) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(followUntil - now, 2000));
    return () => clearTimeout(timer);
  }, [scanning, followUntil, now]);

  const startScan = () =>
    scan.mutate(undefined, {
      onSuccess: () => {
        const start = Date.now();
        setNow(start);
        setFollowUntil(start + followScanMs);
        notifications.show({ message: t('duplicates.scanStarted') });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });

  const pairs = query.data?.pages.flatMap((page) => page.pairs) ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {scanning ? t('duplicates.scanning') : t('duplicates.intro')}
        </Text>
        {canMerge && (
          <Button size="xs" variant="light" onClick={startScan} loading={scan.isPending} data-testid="duplicates-scan">
            {t('duplicates.scan')}
          </Button>
        )}
      </Group>
      {merged && (
        <Alert color="green" withCloseButton onClose={() => setMerged(null)} data-testid="merge-notice">
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t('duplicates.done', { name: merged.name })}</Text>
            <Group gap="xs">
              <Button size="xs" variant="default" component={Link} to={`/${type}/${merged.survivorId}`}>
                {t('duplicates.open')}
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={undo.isPending}
                onClick={() =>
                  undo.mutate(merged.mergeId, {
                    onSuccess: () => {
                      setMerged(null);
                      notifications.show({ color: 'green', message: t('duplicates.undone') });
                    },
                    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                  })
                }
                data-testid="merge-undo"
              >
                {t('duplicates.undo')}
              </Button>
            </Group>
          </Group>
        </Alert>
      )}
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : pairs.length === 0 ? (
        <EmptyState>{t(`duplicates.empty.${type}`)}</EmptyState>
      ) : (
        <Stack gap="xs" data-testid={`duplicates-${type}`}>
          {pairs.map((pair) => (
            <PairRow key={pair.ids.join()} type={type} pair={pair} canMerge={canMerge} onMerge={setMerging} />
          ))}
          {query.hasNextPage && (
            <Button variant="subtle" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
              {t('duplicates.more')}
            </Button>
          )}
        </Stack>
      )}
      {merging && (
        <MergeDialog
          type={type}
          ids={merging}
          onClose={() => setMerging(null)}
          onMerged={(result) => {
            setMerging(null);
            setMerged(result);
          }}
        />
      )}
    </Stack>
  );
}

export default function DuplicatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const type: DuplicateType = params.get('type') === 'companies' ? 'companies' : 'contacts';
  return (
    <Stack gap="sm" maw={1000}>
      <Title order={2}>{t('duplicates.title')}</Title>
      <Tabs
        value={type}
        onChange={(value) => value && setParams({ type: value }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {types.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`duplicates.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {types.map((k) => (
          <Tabs.Panel key={k} value={k} pt="sm">
            <PairList type={k} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
