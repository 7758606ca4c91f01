// The start page "Heute" / "Today": where a signed-in user lands. One request (GET /today)
// brings the day: due tasks with their customer, deals whose next step is due or missing,
// deals stuck in their stage, and recently viewed records; every line acts in one click
// (done, postpone, open, call). Appointments get their place once the calendar exists.
import { ActionIcon, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../../../contract/tasks.ts';
import type { RecentRecord, StuckDeal, Today, TodayDeal } from '../../../contract/today.ts';
import { useAuth, useCan } from '../../app/auth.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { RecordLink } from '../record/RecordLink.tsx';
import { collectionOf, customerPath } from '../record/recordApi.ts';
import { CompleteTaskButton, PostponeTaskMenu } from '../tasks/index.ts';
import { fetchToday, todayKey } from './todayApi.ts';
import { fetchNextActions, NextActionList, nextActionKeys } from '../nextActions/index.ts';

function Section({
  title,
  id,
  badges,
  hint,
  children,
}: {
  title: string;
  id: string;
  badges?: ReactNode;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`today-${id}`} data-testid={`today-${id}`}>
      <Group gap="xs" mb={hint ? 2 : 'sm'}>
        <Title order={3} size="h4" id={`today-${id}`}>
          {title}
        </Title>
        {badges}
      </Group>
      {hint && (
        <Text size="xs" c="dimmed" mb="sm">
          {hint}
        </Text>
      )}
      {children}
    </Card>
  );
}

function Quiet({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" py="xs" data-testid="today-empty">
      {children}
    </Text>
  );
}

/** Where a task's title leads: its customer (contact, else company, else deal), else the task itself. */
function taskTarget(task: Task): string {
  return customerPath(task.linked) ?? `/tasks/${task.id}/edit`;
}

function TaskLine({ task, canAct }: { task: Task; canAct: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const overdue = task.dueAt !== null && new Date(task.dueAt) < new Date();
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start" data-testid="today-task">
      <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
        {canAct && <CompleteTaskButton task={task} />}
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={taskTarget(task)} fw={500} c="inherit" style={{ overflowWrap: 'anywhere' }}>
            {task.title}
          </Anchor>
          <Group gap="xs" wrap="wrap">
            {task.dueAt && (
              <Text size="xs" c={overdue ? 'red.7' : 'dimmed'} data-overdue={overdue || undefined}>
                {formatDateTime(task.dueAt, locale)}
              </Text>
            )}
            {task.linked.length > 0 ? (
              task.linked.map((record) => <RecordLink key={`${record.type}:${record.id}`} record={record} />)
            ) : (
              <Text size="xs" c="dimmed">
                {t('today.tasks.noCustomer')}
              </Text>
            )}
          </Group>
        </Stack>
      </Group>
      {canAct && (
        // The button keeps its width; the title wraps instead.
        <div style={{ flexShrink: 0 }}>
          <PostponeTaskMenu task={task} />
        </div>
      )}
    </Group>
  );
}

function DealTitle({ deal }: { deal: TodayDeal }) {
  return (
    <Anchor component={Link} to={`/deals/${deal.id}`} fw={500} c="inherit" style={{ overflowWrap: 'anywhere' }}>
      {deal.title}
    </Anchor>
  );
}

/** Company and contact of a deal, each a link. */
function DealCustomer({ deal }: { deal: TodayDeal }) {
  return (
    <>
      {deal.companyId && deal.companyName && (
        <RecordLink record={{ type: 'company', id: deal.companyId, name: deal.companyName, trashed: false }} />
      )}
      {deal.contactId && deal.contactName && (
        <RecordLink record={{ type: 'contact', id: deal.contactId, name: deal.contactName, trashed: false }} />
      )}
    </>
  );
}

function DealLine({ deal }: { deal: TodayDeal }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const next = deal.nextTask;
  return (
    <Stack gap={2} data-testid="today-deal">
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <DealTitle deal={deal} />
        {deal.amount && (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {formatMoney(deal.amount, locale)}
          </Text>
        )}
      </Group>
      <Group gap="xs" wrap="wrap">
        {next ? (
          <Text size="xs" c="red.7">
            {t('today.deals.next', { title: next.title })}
            {next.dueAt && ` · ${formatDateTime(next.dueAt, locale)}`}
          </Text>
        ) : (
          <Badge size="sm" variant="light" color="orange">
            {t('today.deals.missing')}
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {deal.stageName}
          {deal.expectedCloseDate &&
            ` · ${t('today.deals.closes', { date: formatDate(deal.expectedCloseDate, locale) })}`}
        </Text>
        <DealCustomer deal={deal} />
      </Group>
    </Stack>
  );
}

function StuckLine({ deal }: { deal: StuckDeal }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} data-testid="today-stuck-deal">
      <DealTitle deal={deal} />
      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="orange.8">
          {t('today.stuck.days', { days: deal.daysInStage, stage: deal.stageName })}
        </Text>
        <Text size="xs" c="dimmed">
          {deal.usualFrom === 'history'
            ? t('today.stuck.usual', { days: deal.usualDays })
            : t('today.stuck.usualDefault', { days: deal.usualDays })}
        </Text>
        <DealCustomer deal={deal} />
      </Group>
    </Stack>
  );
}

function PhoneIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
    </svg>
  );
}

function RecentLine({ record }: { record: RecentRecord }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" data-testid="today-recent-record">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Anchor
          component={Link}
          to={`/${collectionOf[record.type]}/${record.id}`}
          fw={500}
          c="inherit"
          style={{ overflowWrap: 'anywhere' }}
        >
          {record.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {t(`today.recent.kind.${record.type}`)}
          {record.detail && ` · ${record.detail}`}
        </Text>
      </Stack>
      {record.phone && (
        <Tooltip label={record.phone}>
          <ActionIcon
            component="a"
            href={`tel:${record.phone.replace(/[^+\d]/g, '')}`}
            variant="light"
            size="lg"
            radius="xl"
            aria-label={t('today.recent.call', { name: record.name })}
            data-testid="today-call"
          >
            <PhoneIcon />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

/** The suggested next actions on my customers: the most valuable few, from the latest analysis. */
function MyNextActions() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: nextActionKeys.mine,
    queryFn: ({ signal }) => fetchNextActions({ owner: 'me', limit: 5 }, signal),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.data.length === 0) return <Quiet>{t('nextActions.today.none')}</Quiet>;
  return <NextActionList actions={query.data.data} showCustomer />;
}

function TodaySections({ today }: { today: Today }) {
  const { t } = useTranslation();
  const can = useCan();
  const { me } = useAuth();
  const canAct = me?.user.role !== 'viewer';
  const { tasks, deals, stuckDeals, recent } = today;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Stack gap="md">
        <Section
          id="tasks"
          title={t('today.tasks.title')}
          badges={
            <>
              {tasks.overdue > 0 && (
                <Badge color="red" variant="light">
                  {t('today.tasks.overdue', { count: tasks.overdue })}
                </Badge>
              )}
              {tasks.dueToday > 0 && (
                <Badge color="blue" variant="light">
                  {t('today.tasks.dueToday', { count: tasks.dueToday })}
                </Badge>
              )}
            </>
          }
        >
          {tasks.data.length === 0 ? (
            <Quiet>{t('today.tasks.empty')}</Quiet>
          ) : (
            <Stack gap="sm">
              {tasks.data.map((task) => (
                <TaskLine key={task.id} task={task} canAct={canAct} />
              ))}
            </Stack>
          )}
          {tasks.overdue + tasks.dueToday > tasks.data.length && (
            <Anchor component={Link} to="/tasks" size="sm" mt="sm" display="inline-block">
              {t('today.tasks.more')}
            </Anchor>
          )}
        </Section>
        <Section id="appointments" title={t('today.appointments.title')}>
          <Quiet>{t('today.appointments.soon')}</Quiet>
        </Section>
        <Section id="recent" title={t('today.recent.title')}>
          {recent.length === 0 ? (
            <Quiet>{t('today.recent.empty')}</Quiet>
          ) : (
            <Stack gap="xs">
              {recent.map((record) => (
                <RecentLine key={`${record.type}:${record.id}`} record={record} />
              ))}
            </Stack>
          )}
        </Section>
      </Stack>
      <Stack gap="md">
        <Section id="deals" title={t('today.deals.title')} hint={t('today.deals.hint')}>
          {deals.data.length === 0 ? (
            <Quiet>{t('today.deals.empty')}</Quiet>
          ) : (
            <Stack gap="sm">
              {deals.data.map((deal) => (
                <DealLine key={deal.id} deal={deal} />
              ))}
            </Stack>
          )}
          {deals.more && (
            <Anchor component={Link} to="/deals" size="sm" mt="sm" display="inline-block">
              {t('today.deals.more')}
            </Anchor>
          )}
        </Section>
        {can('read', 'nextAction') && (
          <Section id="next-actions" title={t('nextActions.today.title')} hint={t('nextActions.today.hint')}>
            <MyNextActions />
          </Section>
        )}
        <Section id="stuck" title={t('today.stuck.title')} hint={t('today.stuck.hint')}>
          {stuckDeals.data.length === 0 ? (
            <Quiet>{t('today.stuck.empty')}</Quiet>
          ) : (
            <Stack gap="sm">
              {stuckDeals.data.map((deal) => (
                <StuckLine key={deal.id} deal={deal} />
              ))}
            </Stack>
          )}
          {stuckDeals.more && (
            <Anchor component={Link} to="/deals" size="sm" mt="sm" display="inline-block">
              {t('today.deals.more')}
            </Anchor>
          )}
        </Section>
      </Stack>
    </SimpleGrid>
  );
}

export default function TodayPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: todayKey,
    queryFn: ({ signal }) => fetchToday(signal),
    // Coming back from a customer should show it among the recent ones at once.
    refetchOnMount: 'always',
  });
  return (
    <>
      <Title order={2} mb="md">
        {t('today.title')}
      </Title>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data ? (
        <TodaySections today={query.data} />
      ) : (
        <EmptyState>{t('today.tasks.empty')}</EmptyState>
      )}
    </>
  );
}
