// Side panels shared by the record pages: a record's open tasks and its deals (each deal
// linking to its page), the "+ Task" and "+ Deal" actions, plus the layout of a record page
// (main column and side column).
import type { ReactNode } from 'react';
import { Anchor, Badge, Button, Grid, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Deal } from '../../../contract/deals.ts';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useAuth } from '../../app/auth.tsx';
import { fetchDeals, fetchOpenTasks, newTaskPath, recordKeys, type RecordRef } from './recordApi.ts';
import { QuickEntry } from './QuickEntry.tsx';
import { Timeline } from './Timeline.tsx';

export function Panel({
  title,
  testId,
  action,
  children,
}: {
  title: string;
  testId: string;
  /** A link or button beside the title, such as "+ Add person". */
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" data-testid={testId} component="section" aria-label={title}>
      <Group justify="space-between" gap="xs" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

/** "+ Task" and "+ Deal" for a customer, both pre-filled with it; hidden from viewers, who cannot create. */
export function CustomerActions({ record, onNewDeal }: { record: RecordRef; onNewDeal: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (me?.user.role === 'viewer') return null;
  return (
    <Group gap="xs" data-testid="customer-actions">
      <Button component={Link} to={newTaskPath(record)} size="compact-sm" variant="light" data-testid="new-task">
        {t('customer.actions.newTask')}
      </Button>
      <Button size="compact-sm" variant="light" onClick={onNewDeal} data-testid="new-deal">
        {t('customer.actions.newDeal')}
      </Button>
    </Group>
  );
}

export function OpenTasks({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({
    queryKey: recordKeys.tasks(record),
    queryFn: ({ signal }) => fetchOpenTasks(record, signal),
  });
  // Due first, undated last: what needs doing next is on top.
  const tasks = [...(query.data?.data ?? [])].sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
  const now = new Date().toISOString();
  return (
    <Panel title={t('customer.tasks.title')} testId="record-tasks">
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : tasks.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customer.tasks.empty')}
        </Text>
      ) : (
        <List spacing={4} size="sm" listStyleType="none" p={0}>
          {tasks.map((task) => (
            <List.Item key={task.id} data-testid="record-task">
              <Text size="sm">{task.title}</Text>
              <Text size="xs" c={task.dueAt && task.dueAt < now ? 'red' : 'dimmed'}>
                {task.dueAt
                  ? t('customer.tasks.due', { when: formatDateTime(task.dueAt, locale) })
                  : t('customer.tasks.noDue')}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Panel>
  );
}

const statusColor: Record<Deal['status'], string> = { open: 'blue', won: 'green', lost: 'gray' };

/** One deal in a panel: its title linking to its page, amount and probability; `mark` says whose it is. */
export function DealRow({ deal, showStatus, mark }: { deal: Deal; showStatus?: boolean; mark?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <List.Item data-testid="record-deal">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" truncate>
          {deal.title}
        </Anchor>
        {showStatus && (
          <Badge size="xs" variant="light" color={statusColor[deal.status]} style={{ flexShrink: 0 }}>
            {t(`customer.dealStatus.${deal.status}`)}
          </Badge>
        )}
        {mark && (
          <Badge size="xs" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }} data-testid="deal-mark">
            {mark}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {deal.amount ? formatMoney(deal.amount, locale) : '–'} · {deal.probability} %
      </Text>
    </List.Item>
  );
}

/** The record's deals, open ones first, each linking to the deal page. */
export function DealList({ record, status = 'all' }: { record: RecordRef; status?: 'open' | 'all' }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: recordKeys.deals(record, status),
    queryFn: ({ signal }) => fetchDeals(record, status, signal),
  });
  const order = { open: 0, won: 1, lost: 2 };
  const deals = [...(query.data?.data ?? [])].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <Panel title={status === 'open' ? t('customer.deals.title') : t('customer.deals.all')} testId="record-deals">
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : deals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {status === 'open' ? t('customer.deals.empty') : t('customer.deals.none')}
        </Text>
      ) : (
        <List spacing={6} size="sm" listStyleType="none" p={0}>
          {deals.map((deal) => (
            <DealRow key={deal.id} deal={deal} showStatus={status === 'all'} />
          ))}
        </List>
      )}
    </Panel>
  );
}

/** The body of a record page: quick entry and timeline in the main column, panels beside it (below on a phone). */
export function RecordBody({
  record,
  name,
  emptyText,
  side,
}: {
  record: RecordRef;
  /** The record's name, for the title of a follow-up after a call. */
  name: string;
  emptyText: string;
  side: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="md">
          <QuickEntry record={record} name={name} />
          <Title order={3} size="h4">
            {t('customer.timeline.title')}
          </Title>
          <Timeline record={record} emptyText={emptyText} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">{side}</Stack>
      </Grid.Col>
    </Grid>
  );
}
