// The month view: whole weeks from Monday, each day with its holidays and entries (a few, then
// "+ n more", which opens the day); a click on a day's empty space starts an appointment there,
// and entries are dragged to another day.
import { Box, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';
import { dayOf, daysOfEntry, startOfDay } from './calendarDates.ts';
import { EntryChip, HolidayChip } from './EntryChip.tsx';
import type { GridProps } from './TimeGrid.tsx';
import { entryKey, useEntryDrag } from './useEntryDrag.ts';

const shown = 3;

export function MonthGrid({
  days,
  entries,
  holidays,
  colorOf,
  canEdit,
  onSlot,
  onOpen,
  onDrop,
  onDay,
  month,
}: GridProps & { month: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = dayOf(new Date());
  const { drag, handlers } = useEntryDrag({ minutesPerPixel: 0, canMove: canEdit, onDrop, onOpen });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short' });
  const byDay = new Map<string, typeof entries>(days.map((day) => [day, []]));
  for (const entry of [...entries].sort(
    (a, b) => Number(b.allDay) - Number(a.allDay) || a.startsAt.localeCompare(b.startsAt),
  ))
    for (const day of daysOfEntry(entry)) byDay.get(day)?.push(entry);

  return (
    <Box
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, overflow: 'hidden' }}
      data-testid="month-grid"
    >
      <Box style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))' }}>
        {days.slice(0, 7).map((day) => (
          <Text
            key={day}
            size="xs"
            c="dimmed"
            ta="center"
            py={4}
            style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
          >
            {weekday.format(startOfDay(day))}
          </Text>
        ))}
        {days.map((day) => {
          const list = byDay.get(day) ?? [];
          const dayHolidays = holidays.get(day) ?? [];
          const room = Math.max(shown - dayHolidays.length, 1);
          return (
            <Box
              key={day}
              data-drop-day={day}
              data-testid={`month-day-${day}`}
              p={3}
              mih={104}
              bg={day === today ? 'blue.0' : day.slice(0, 7) !== month ? 'gray.0' : undefined}
              style={{
                borderTop: '1px solid var(--mantine-color-gray-2)',
                borderLeft: '1px solid var(--mantine-color-gray-2)',
                display: 'flex',
                flexDirection: 'column',
                gap: 2,
                cursor: canEdit ? 'pointer' : undefined,
              }}
              onClick={(event) => {
                if (canEdit && event.target === event.currentTarget) onSlot(`${day}T09:00`, false);
              }}
            >
              <UnstyledButton onClick={() => onDay?.(day)} style={{ alignSelf: 'flex-start' }} aria-label={day}>
                <Text size="xs" fw={day === today ? 700 : 500} c={day.slice(0, 7) !== month ? 'dimmed' : undefined}>
                  {startOfDay(day).getDate()}
                </Text>
              </UnstyledButton>
              {dayHolidays.map((holiday) => (
                <HolidayChip key={holiday.name} holiday={holiday} />
              ))}
              {list.slice(0, room).map((entry) => (
                <EntryChip
                  key={entryKey(entry)}
                  entry={entry}
                  color={colorOf(entry)}
                  drag={drag}
                  handlers={handlers(entry, day)}
                  showTime={!entry.allDay}
                />
              ))}
              {list.length > room && (
                <UnstyledButton onClick={() => onDay?.(day)}>
                  <Text size="xs" c="dimmed">
                    {t('calendar.more', { count: list.length - room })}
                  </Text>
                </UnstyledButton>
              )}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
