// The contact's timeline: activities, tasks and stage changes, newest first, loaded page by
// page (nextCursor) as the user scrolls, filtered by kind and activity type.
import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Chip, Group, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { activityTypes } from '../../../contract/activities.ts';
import { timelineKinds, type TimelineEntry } from '../../../contract/timeline.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { customerKeys, fetchTimeline, type TimelineFilter } from './customerApi.ts';

const kindColor: Record<TimelineEntry['kind'], string> = { activity: 'blue', task: 'orange', stage_change: 'grape' };

function EntryRow({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const locale = useLocale();
  let badge: string;
  let title: string;
  let detail: string | null = null;
  if (entry.kind === 'activity') {
    badge = t(`customer.activityType.${entry.type}`);
    title = entry.subject ?? t(`customer.activityType.${entry.type}`);
    detail = [t(`customer.direction.${entry.direction}`), entry.body].filter(Boolean).join(' · ');
  } else if (entry.kind === 'task') {
    badge = t('customer.kind.task');
    title = entry.title;
    detail = t(`customer.taskStatus.${entry.status}`);
  } else {
    badge = t('customer.kind.stage_change');
    title = entry.dealTitle;
    detail = entry.fromStageName
      ? t('customer.timeline.stageMoved', { from: entry.fromStageName, to: entry.toStageName })
      : t('customer.timeline.stageEntered', { to: entry.toStageName });
  }
  return (
    <Paper withBorder p="xs" component="li" data-testid="timeline-entry" data-kind={entry.kind}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge size="sm" variant="light" color={kindColor[entry.kind]}>{badge}</Badge>
          <Text size="sm" fw={600} truncate>{title}</Text>
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, locale)}</Text>
      </Group>
      {detail && <Text size="xs" c="dimmed" mt={4} lineClamp={3}>{detail}</Text>}
    </Paper>
  );
}

export function Timeline({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<TimelineFilter>({ kinds: [], activityTypes: [] });
  const query = useInfiniteQuery({
    queryKey: [...customerKeys.timeline(contactId), filter],
    queryFn: ({ pageParam, signal }) => fetchTimeline(contactId, filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

  // Endless scrolling: the next page loads when the end of the list comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((item) => item.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '400px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const entries = query.data?.pages.flatMap((page) => page.data) ?? [];
  const showTypes = filter.kinds.length === 0 || filter.kinds.includes('activity');
  return (
    <Stack gap="xs" data-testid="timeline">
      <Chip.Group multiple value={filter.kinds} onChange={(kinds) => setFilter((old) => ({ ...old, kinds }))}>
        <Group gap={6} aria-label={t('customer.timeline.filterKinds')} role="group">
          {timelineKinds.map((kind) => <Chip key={kind} value={kind} size="xs">{t(`customer.kind.${kind}`)}</Chip>)}
        </Group>
      </Chip.Group>
      {showTypes && (
        <Chip.Group multiple value={filter.activityTypes} onChange={(types) => setFilter((old) => ({ ...old, activityTypes: types }))}>
          <Group gap={6} aria-label={t('customer.timeline.filterTypes')} role="group">
            {activityTypes.map((type) => <Chip key={type} value={type} size="xs" variant="outline">{t(`customer.activityType.${type}`)}</Chip>)}
          </Group>
        </Chip.Group>
      )}
      {query.isPending ? <LoadingState />
        : query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        : entries.length === 0 ? <EmptyState>{t('customer.timeline.empty')}</EmptyState>
        : (
          <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
            {entries.map((entry) => <EntryRow key={`${entry.kind}-${entry.id}`} entry={entry} />)}
          </Stack>
        )}
      <div ref={sentinel} />
      {query.hasNextPage && (
        <Button variant="subtle" size="xs" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t('customer.timeline.more')}
        </Button>
      )}
    </Stack>
  );
}
