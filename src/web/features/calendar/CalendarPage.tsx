// The calendar (/calendar): day, week or month of my appointments, my team's or chosen
// colleagues', each person in a colour; public holidays of the workspace's region; a click
// on a free slot starts an appointment, an entry opens or is dragged elsewhere. The view, the
// day and whose calendar survive a reload in the address (?view=&date=&who=&users=).
import { useState } from 'react';
import { Badge, Button, Group, Modal, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Holiday, Occurrence } from '../../../contract/appointments.ts';
import type { Team } from '../../../contract/teams.ts';
import { api, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { ErrorState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useUserNames } from '../users/usersApi.ts';
import AppointmentDialog, { type AppointmentPreset } from './AppointmentForm.tsx';
import { AppointmentDetails } from './AppointmentDetails.tsx';
import { CalendarSettings } from './CalendarSettings.tsx';
import {
  calendarKeys,
  entryOf,
  fetchEntries,
  moveEntry,
  refreshCalendar,
  useAppointment,
  useHolidays,
} from './calendarApi.ts';
import {
  addDays,
  type CalendarView,
  dayOf,
  daysOfView,
  isoWeek,
  moveToDay,
  plusMinutes,
  shiftView,
  startOfDay,
  views,
} from './calendarDates.ts';
import { FeedPopover } from './FeedPopover.tsx';
import { MonthGrid } from './MonthGrid.tsx';
import { TimeGrid } from './TimeGrid.tsx';
import type { Drop } from './useEntryDrag.ts';

const whoChoices = ['me', 'team', 'users'] as const;
type Who = (typeof whoChoices)[number];
const palette = [
  'blue',
  'teal',
  'grape',
  'orange',
  'pink',
  'cyan',
  'lime',
  'indigo',
  'red',
  'yellow',
  'violet',
  'green',
];

function useMyTeam(userId: string | undefined, wanted: boolean) {
  return useQuery({
    queryKey: ['teams', 'member', userId],
    queryFn: ({ signal }) => api<Page<Team>>('/teams', { query: { memberId: userId, limit: 1 }, signal }),
    enabled: wanted && Boolean(userId),
    staleTime: 5 * 60_000,
  });
}

/** The heading of the range shown: "Dezember 2026", "KW 50 · 7.–13. Dez. 2026", or the day. */
function useRangeTitle(view: CalendarView, days: string[]) {
  const { t } = useTranslation();
  const locale = useLocale();
  const first = startOfDay(days[0]!);
  const last = startOfDay(days.at(-1)!);
  if (view === 'month') {
    const middle = startOfDay(days[Math.floor(days.length / 2)]!);
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(middle);
  }
  if (view === 'day') return new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(first);
  const range = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(
    first,
    last,
  );
  return `${t('calendar.week', { week: isoWeek(days[0]!) })} · ${range}`;
}

export default function CalendarPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const view: CalendarView = views.find((v) => v === params.get('view')) ?? 'week';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : dayOf(new Date());
  const who: Who = whoChoices.find((w) => w === params.get('who')) ?? 'me';
  const chosen = (params.get('users') ?? '').split(',').filter(Boolean);
  const userId = me?.user.id;
  const canEdit = me?.user.role !== 'viewer';
  const users = useUserNames();
  const team = useMyTeam(userId, who === 'team');
  const myTeam = team.data?.data[0];

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const days = daysOfView(view, day);
  const from = startOfDay(days[0]!).toISOString();
  const to = startOfDay(addDays(days.at(-1)!, 1)).toISOString();
  const shown: string[] =
    who === 'team'
      ? (myTeam?.memberIds ?? (userId ? [userId] : []))
      : who === 'users' && chosen.length > 0
        ? chosen
        : userId
          ? [userId]
          : [];
  const whose =
    who === 'team' && myTeam ? { teamId: myTeam.id } : who === 'users' && chosen.length > 0 ? { userIds: chosen } : {};
  const entries = useQuery({
    queryKey: calendarKeys.entries(from, to, JSON.stringify(whose)),
    queryFn: ({ signal }) => fetchEntries(from, to, whose, signal),
    enabled: who !== 'team' || team.isFetched,
    placeholderData: (previous) => previous,
  });

  const lang = currentLanguage(i18n.language);
  const firstYear = startOfDay(days[0]!).getFullYear();
  const lastYear = startOfDay(days.at(-1)!).getFullYear();
  const holidaysFirst = useHolidays(firstYear, lang);
  const holidaysLast = useHolidays(lastYear, lang);
  const holidays = new Map<string, Holiday[]>();
  for (const holiday of [
    ...(holidaysFirst.data?.data ?? []),
    ...(lastYear !== firstYear ? (holidaysLast.data?.data ?? []) : []),
  ]) {
    // Only public holidays: date-holidays also knows observances (Heiligabend) and bank holidays.
    if (holiday.type !== 'public') continue;
    const key = holiday.date.slice(0, 10);
    holidays.set(key, [...(holidays.get(key) ?? []), holiday]);
  }

  const colorOf = (entry: Occurrence) => {
    if (shown.length <= 1) return 'blue';
    const index = shown.indexOf(entry.ownerId);
    const attending = index >= 0 ? index : shown.findIndex((id) => entry.userIds.includes(id));
    return attending >= 0 ? palette[attending % palette.length]! : 'gray';
  };
  const nameOf = (id: string) => users.data?.data.find((user) => user.id === id)?.name ?? '…';

  const [creating, setCreating] = useState<AppointmentPreset | null>(null);
  const [clicked, setClicked] = useState<Occurrence | null>(null);
  // ?appointment=<id>: an appointment opened from elsewhere (a customer's timeline).
  const linkedId = params.get('appointment');
  const linked = useAppointment(linkedId);
  const opened = clicked ?? (linked.data ? entryOf(linked.data) : null);
  const setOpened = (entry: Occurrence | null) => {
    setClicked(entry);
    if (!entry && linkedId) setParam({ appointment: null });
  };

  // A dropped occurrence of a series waits for the answer: only this one, or the whole series.
  const [seriesDrop, setSeriesDrop] = useState<Drop | null>(null);
  const move = useMutation({
    mutationFn: ({ entry, fromDay, toDay, minutes, series }: Drop & { series?: boolean }) =>
      moveEntry(
        entry,
        plusMinutes(moveToDay(entry.startsAt, fromDay, toDay), minutes),
        plusMinutes(moveToDay(entry.endsAt, fromDay, toDay), minutes),
        series,
      ),
    onSuccess: () => refreshCalendar(queryClient),
    onError: (error) => {
      notifications.show({ color: 'red', message: errorMessage(error) });
      refreshCalendar(queryClient);
    },
  });
  const title = useRangeTitle(view, days);
  const grid = {
    days,
    entries: entries.data?.data ?? [],
    holidays,
    colorOf,
    canEdit,
    onSlot: (start: string, allDay: boolean) => {
      const end = allDay
        ? start
        : `${start.slice(0, 11)}${String(Number(start.slice(11, 13)) + 1).padStart(2, '0')}${start.slice(13)}`;
      setCreating({ start, end: end.slice(11, 13) === '24' ? `${addDays(start.slice(0, 10), 1)}T00:00` : end, allDay });
    },
    onOpen: setOpened,
    onDrop: (drop: Drop) => (drop.entry.recurrenceId ? setSeriesDrop(drop) : move.mutate(drop)),
    onDay: (next: string) => setParam({ view: 'day', date: next }),
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Title order={2}>{t('calendar.title')}</Title>
        <Group gap="xs">
          <FeedPopover />
          {me?.user.role === 'admin' && <CalendarSettings />}
          {canEdit && (
            <Button onClick={() => setCreating({})} data-testid="new-appointment">
              {t('calendar.new')}
            </Button>
          )}
        </Group>
      </Group>
      <Group justify="space-between" gap="sm">
        <Group gap="xs">
          <Button variant="default" onClick={() => setParam({ date: null })} data-testid="calendar-today">
            {t('calendar.today')}
          </Button>
          <Button.Group>
            <Button
              variant="default"
              onClick={() => setParam({ date: shiftView(view, day, -1) })}
              aria-label={t('calendar.previous')}
              data-testid="calendar-previous"
            >
              ‹
            </Button>
            <Button
              variant="default"
              onClick={() => setParam({ date: shiftView(view, day, 1) })}
              aria-label={t('calendar.next')}
              data-testid="calendar-next"
            >
              ›
            </Button>
          </Button.Group>
          <Text fw={600} data-testid="calendar-range">
            {title}
          </Text>
        </Group>
        <SegmentedControl
          value={view}
          onChange={(next) => setParam({ view: next === 'week' ? null : next })}
          data={views.map((v) => ({ value: v, label: t(`calendar.views.${v}`) }))}
          aria-label={t('calendar.views.label')}
          data-testid="calendar-view"
        />
      </Group>
      <Group gap="sm" align="center">
        <SegmentedControl
          value={who}
          onChange={(next) => setParam({ who: next === 'me' ? null : next })}
          data={whoChoices.map((w) => ({ value: w, label: t(`calendar.who.${w}`) }))}
          aria-label={t('calendar.who.label')}
          data-testid="calendar-who"
        />
        {who === 'users' && (
          <MultiSelect
            aria-label={t('calendar.who.usersField')}
            placeholder={t('calendar.who.choose')}
            data={(users.data?.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            value={chosen}
            onChange={(ids) => setParam({ users: ids.join(',') })}
            searchable
            clearable
            style={{ minWidth: 280, flex: 1 }}
            data-testid="calendar-users"
          />
        )}
        {who === 'team' && team.data && !myTeam && (
          <Text size="sm" c="dimmed" data-testid="calendar-no-team">
            {t('calendar.noTeam')}
          </Text>
        )}
        {shown.length > 1 && (
          <Group gap={6} data-testid="calendar-legend">
            {shown.map((id, index) => (
              <Badge key={id} color={palette[index % palette.length]} variant="light" tt="none">
                {nameOf(id)}
              </Badge>
            ))}
          </Group>
        )}
      </Group>
      {entries.isError && <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />}
      {view === 'month' ? <MonthGrid {...grid} month={day.slice(0, 7)} /> : <TimeGrid key={view} {...grid} />}
      <AppointmentDialog opened={creating !== null} onClose={() => setCreating(null)} preset={creating ?? {}} />
      <AppointmentDetails entry={opened} onClose={() => setOpened(null)} />
      <Modal
        opened={seriesDrop !== null}
        onClose={() => setSeriesDrop(null)}
        title={t('calendar.moveSeries.title')}
        data-testid="move-series"
      >
        <Text size="sm" mb="md">
          {t('calendar.moveSeries.question', { title: seriesDrop?.entry.title ?? '' })}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            onClick={() => {
              move.mutate({ ...seriesDrop!, series: true });
              setSeriesDrop(null);
            }}
            data-testid="move-whole-series"
          >
            {t('calendar.details.wholeSeries')}
          </Button>
          <Button
            onClick={() => {
              move.mutate(seriesDrop!);
              setSeriesDrop(null);
            }}
            data-testid="move-only-this"
          >
            {t('calendar.details.onlyThis')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
