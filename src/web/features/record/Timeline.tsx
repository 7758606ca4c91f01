// The timeline of a contact, company or deal: activities, tasks and stage changes, newest
// first, loaded page by page (nextCursor) as the user scrolls, filtered by kind, channel
// (activity type) and direction in one multi-select whose state lives in the URL query.
import { useEffect, useRef } from 'react';
import { Anchor, Badge, Button, Group, MultiSelect, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { activityTypes, directions, type LinkedRecord } from '../../../contract/activities.ts';
import { timelineKinds, type TimelineEntry } from '../../../contract/timeline.ts';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { emailParam, fetchTimeline, recordKeys, type RecordRef, type TimelineFilter } from './recordApi.ts';
import { appointmentPath } from '../calendar/calendarApi.ts';
import { RecordLink } from './RecordLink.tsx';
import { outcomeLabel } from './callOutcome.ts';

/** The URL query parameters of the filter (comma-separated values). */
const params = { kinds: 'kinds', activityTypes: 'channels', directions: 'directions' } as const;

function readList(search: URLSearchParams, name: string, allowed: readonly string[]): string[] {
  return (search.get(name) ?? '').split(',').filter((value) => allowed.includes(value));
}

/** The timeline filter kept in the URL, so a filtered view can be reloaded and shared. */
export function useTimelineFilter(): [TimelineFilter, (change: Partial<TimelineFilter>) => void] {
  const [search, setSearch] = useSearchParams();
  const filter: TimelineFilter = {
    kinds: readList(search, params.kinds, timelineKinds),
    activityTypes: readList(search, params.activityTypes, activityTypes),
    directions: readList(search, params.directions, directions),
  };
  const update = (change: Partial<TimelineFilter>) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, values] of Object.entries(change) as [keyof TimelineFilter, string[]][]) {
          if (values.length) next.set(params[key], values.join(','));
          else next.delete(params[key]);
        }
        return next;
      },
      { replace: true },
    );
  return [filter, update];
}

const kindColor: Record<TimelineEntry['kind'], string> = { activity: 'blue', task: 'orange', stage_change: 'grape' };

/** Who or what else an entry concerns, for the pages that gather several records' entries. */
function relatedOf(entry: TimelineEntry, record: RecordRef): LinkedRecord[] {
  if (entry.kind === 'stage_change') return [];
  const contacts = record.type === 'contact' ? [] : entry.linked.filter((link) => link.type === 'contact');
  const deals = record.type === 'company' ? entry.linked.filter((link) => link.type === 'deal') : [];
  return [...contacts, ...deals].slice(0, 5);
}

/** The page itself with the email open over it, the timeline's other parameters kept. */
function emailLink(search: URLSearchParams, emailId: string): string {
  const next = new URLSearchParams(search);
  next.set(emailParam, emailId);
  return `?${next}`;
}

/** A small padlock for confidential entries (no icon set in the app; drawn like the bell). */
function LockIcon() {
  return (
    <svg
      width="10"
      height="10"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

function EntryRow({ entry, record }: { entry: TimelineEntry; record: RecordRef }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [search] = useSearchParams();
  let badge: string;
  let title: string;
  let detail: string | null = null;
  let link: string | null = null;
  const related = relatedOf(entry, record);
  if (entry.kind === 'activity') {
    badge = t(`customer.activityType.${entry.type}`);
    title = entry.subject ?? t(`customer.activityType.${entry.type}`);
    const duration =
      entry.durationMinutes === null
        ? null
        : formatNumber(entry.durationMinutes, locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
    detail = [
      t(`customer.direction.${entry.direction}`),
      entry.outcome && outcomeLabel(t, entry.outcome),
      duration,
      entry.body,
    ]
      .filter(Boolean)
      .join(' · ');
    // An email synced or sent opens with its conversation; an appointment's meeting in the calendar.
    if (entry.emailId) link = emailLink(search, entry.emailId);
    else if (entry.appointmentId) link = appointmentPath(entry.appointmentId, entry.occurredAt);
  } else if (entry.kind === 'task') {
    badge = t('customer.badge.task');
    title = entry.title;
    detail = t(`customer.taskStatus.${entry.status}`);
  } else {
    badge = t('customer.badge.stage_change');
    title = entry.dealTitle;
    link = `/deals/${entry.dealId}`;
    detail = entry.fromStageName
      ? t('customer.timeline.stageMoved', { from: entry.fromStageName, to: entry.toStageName })
      : t('customer.timeline.stageEntered', { to: entry.toStageName });
  }
  return (
    <Paper
      withBorder
      p="xs"
      component="li"
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-email={entry.kind === 'activity' && entry.emailId ? 'true' : undefined}
      data-appointment={entry.kind === 'activity' && entry.appointmentId ? 'true' : undefined}
      data-confidential={entry.kind === 'activity' && entry.confidential ? 'true' : undefined}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          {/* The badge keeps its width; on a phone the title gives way ("AUF…" said nothing). */}
          <Badge size="sm" variant="light" color={kindColor[entry.kind]} style={{ flexShrink: 0, overflow: 'visible' }}>
            {badge}
          </Badge>
          {entry.kind === 'activity' && entry.confidential && (
            <Badge
              size="sm"
              variant="outline"
              color="red"
              leftSection={<LockIcon />}
              style={{ flexShrink: 0, overflow: 'visible' }}
              data-testid="confidential-badge"
            >
              {t('customer.timeline.confidential')}
            </Badge>
          )}
          {link ? (
            <Anchor component={Link} to={link} size="sm" fw={600} truncate>
              {title}
            </Anchor>
          ) : (
            <Text size="sm" fw={600} truncate>
              {title}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(entry.at, locale)}
        </Text>
      </Group>
      {detail && (
        <Text size="xs" c="dimmed" mt={4} lineClamp={3}>
          {detail}
        </Text>
      )}
      {related.length > 0 && (
        <Group gap="xs" mt={4} data-testid="timeline-related">
          {related.map((ref) => (
            <RecordLink key={`${ref.type}-${ref.id}`} record={ref} />
          ))}
        </Group>
      )}
    </Paper>
  );
}

/** The filter's values in the one select: "kind:task", "channel:call", "direction:inbound". */
const groups = [
  { prefix: 'kind', key: 'kinds', values: timelineKinds, text: 'customer.kind' },
  { prefix: 'channel', key: 'activityTypes', values: activityTypes, text: 'customer.activityType' },
  { prefix: 'direction', key: 'directions', values: directions, text: 'customer.direction' },
] as const;

function FilterSelect({ filter, onChange }: { filter: TimelineFilter; onChange: (change: TimelineFilter) => void }) {
  const { t } = useTranslation();
  const value = groups.flatMap((group) => filter[group.key].map((item) => `${group.prefix}:${item}`));
  return (
    <div data-testid="timeline-filter">
      <MultiSelect
        size="xs"
        aria-label={t('customer.timeline.filter')}
        placeholder={value.length ? undefined : t('customer.timeline.filterAll')}
        data={groups.map((group) => ({
          group: t(`customer.timeline.filterGroup.${group.prefix}`),
          items: group.values.map((item) => ({ value: `${group.prefix}:${item}`, label: t(`${group.text}.${item}`) })),
        }))}
        value={value}
        onChange={(chosen) => {
          const next: TimelineFilter = { kinds: [], activityTypes: [], directions: [] };
          for (const entry of chosen) {
            const [prefix, item] = entry.split(':') as [string, string];
            const group = groups.find((candidate) => candidate.prefix === prefix);
            if (group) next[group.key].push(item);
          }
          onChange(next);
        }}
        clearable
        searchable
        hidePickedOptions={false}
        maxDropdownHeight={320}
        comboboxProps={{ withinPortal: true }}
      />
    </div>
  );
}

export function Timeline({ record, emptyText }: { record: RecordRef; emptyText: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useTimelineFilter();
  const query = useInfiniteQuery({
    queryKey: [...recordKeys.timeline(record), filter],
    queryFn: ({ pageParam, signal }) => fetchTimeline(record, filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

  // Endless scrolling: the next page loads when the end of the list comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((item) => item.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const entries = query.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = filter.kinds.length + filter.activityTypes.length + filter.directions.length > 0;
  return (
    <Stack gap="xs" data-testid="timeline">
      <FilterSelect filter={filter} onChange={setFilter} />
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState>{filtered ? t('customer.timeline.emptyFiltered') : emptyText}</EmptyState>
      ) : (
        <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
          {entries.map((entry) => (
            <EntryRow key={`${entry.kind}-${entry.id}`} entry={entry} record={record} />
          ))}
        </Stack>
      )}
      <div ref={sentinel} />
      {query.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t('customer.timeline.more')}
        </Button>
      )}
    </Stack>
  );
}
