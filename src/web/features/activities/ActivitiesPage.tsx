// The workspace's contact history: every activity, newest first, page by page (nextCursor),
// filtered by type and direction; each row links to the contacts, companies and deals it belongs
// to. Rows stack on a phone instead of a wide table.
import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { activityTypes, directions, type Activity } from '../../../contract/activities.ts';
import { api, type Page } from '../../app/api.ts';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { RecordLink } from '../record/RecordLink.tsx';
import { outcomeLabel } from '../record/callOutcome.ts';

type ActivityType = Activity['type'];
type Direction = Activity['direction'];

const pageSize = 50;

// No icon library in the app; a symbol per type is enough to scan the list (hidden from screen readers).
const typeIcon: Record<ActivityType, string> = {
  note: '📝',
  call: '📞',
  email: '✉️',
  meeting: '👥',
  letter: '📨',
  fax: '📠',
  chat: '💬',
  social: '🌐',
  visit: '🚗',
  sms: '📱',
};
const directionArrow: Record<Direction, string> = { inbound: '↘', outbound: '↗', internal: '↔' };

interface Filter {
  type: ActivityType | null;
  direction: Direction | null;
}

function ActivityRow({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const typeLabel = t(`activities.type.${activity.type}`);
  const links = activity.linked;
  return (
    <Paper
      withBorder
      p="xs"
      component="li"
      data-testid="activity-row"
      data-type={activity.type}
      data-direction={activity.direction}
    >
      <Group justify="space-between" gap="xs" align="flex-start">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Badge
            size="sm"
            variant="light"
            style={{ flexShrink: 0 }}
            leftSection={<span aria-hidden="true">{typeIcon[activity.type]}</span>}
          >
            {typeLabel}
          </Badge>
          <Text
            size="sm"
            fw={600}
            truncate
            component={Link}
            to={`/activities/${activity.id}/edit`}
            c="inherit"
            data-testid="activity-edit"
          >
            {activity.subject ?? typeLabel}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(activity.occurredAt, locale)}
        </Text>
      </Group>
      <Group gap="xs" mt={4}>
        <Text size="xs" c="dimmed">
          <span aria-hidden="true">{directionArrow[activity.direction]} </span>
          {t(`activities.direction.${activity.direction}`)}
        </Text>
        {activity.durationMinutes !== null && (
          <Text size="xs" c="dimmed" data-testid="activity-duration">
            {t('activities.duration', {
              duration: formatNumber(activity.durationMinutes, locale, {
                style: 'unit',
                unit: 'minute',
                unitDisplay: 'short',
              }),
            })}
          </Text>
        )}
        {activity.outcome && (
          <Text size="xs" c="dimmed" data-testid="activity-outcome">
            {outcomeLabel(t, activity.outcome)}
          </Text>
        )}
      </Group>
      {links.length > 0 && (
        <Group gap="xs" mt={4} data-testid="activity-links" aria-label={t('activities.linkedTo')} role="group">
          {links.map((record) => (
            <RecordLink key={`${record.type}-${record.id}`} record={record} />
          ))}
        </Group>
      )}
    </Paper>
  );
}

export default function ActivitiesPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [filter, setFilter] = useState<Filter>({ type: null, direction: null });
  const query = useInfiniteQuery({
    queryKey: ['activities', 'list', { sort: '-occurredAt', limit: pageSize, ...filter }],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Activity>>('/activities', {
        query: {
          sort: '-occurredAt',
          limit: pageSize,
          cursor: pageParam,
          type: filter.type,
          direction: filter.direction,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('activities.title')}</Title>
        {me?.user.role !== 'viewer' && (
          <Button component={Link} to="/activities/new" data-testid="new-activity">
            {t('activities.new')}
          </Button>
        )}
      </Group>
      <Group gap="sm" mb="md" align="flex-end">
        <Select
          label={t('activities.filterType')}
          placeholder={t('activities.allTypes')}
          data-testid="activities-filter-type"
          clearable
          w={{ base: '100%', xs: 200 }}
          data={activityTypes.map((type) => ({ value: type, label: t(`activities.type.${type}`) }))}
          value={filter.type}
          onChange={(value) => setFilter((current) => ({ ...current, type: value as ActivityType | null }))}
        />
        <Select
          label={t('activities.filterDirection')}
          placeholder={t('activities.allDirections')}
          data-testid="activities-filter-direction"
          clearable
          w={{ base: '100%', xs: 200 }}
          data={directions.map((direction) => ({ value: direction, label: t(`activities.direction.${direction}`) }))}
          value={filter.direction}
          onChange={(value) => setFilter((current) => ({ ...current, direction: value as Direction | null }))}
        />
      </Group>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>
          {filter.type || filter.direction ? t('activities.emptyFiltered') : t('activities.empty')}
        </EmptyState>
      ) : (
        <>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} data-testid="activities-list">
            {rows.map((activity) => (
              <ActivityRow key={activity.id} activity={activity} />
            ))}
          </Stack>
          {query.hasNextPage && (
            <Group justify="center" mt="md">
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('activities.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </>
  );
}
