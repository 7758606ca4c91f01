// The day and week views: a row of whole-day entries and public holidays, then the hours of
// each day in 24-hour time; a click on an empty half hour starts a new appointment there,
// entries are dragged to another time or day.
import { useEffect, useRef } from 'react';
import { Box, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Holiday, Occurrence } from '../../../contract/appointments.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { dayOf, daysOfEntry, placeInDay, startOfDay } from './calendarDates.ts';

const isWeekend = (day: string) => [0, 6].includes(startOfDay(day).getDay());
import { EntryChip, HolidayChip } from './EntryChip.tsx';
import { type Drop, entryKey, useEntryDrag } from './useEntryDrag.ts';

const hourHeight = 44;
const gutter = 60;
const hours = Array.from({ length: 24 }, (_, hour) => hour);
const pad = (n: number) => String(n).padStart(2, '0');

export interface GridProps {
  days: string[];
  entries: Occurrence[];
  holidays: Map<string, Holiday[]>;
  colorOf(entry: Occurrence): string;
  canEdit: boolean;
  /** A new appointment from an empty slot: its local start 'YYYY-MM-DDTHH:mm', or a whole day. */
  onSlot(start: string, allDay: boolean): void;
  onOpen(entry: Occurrence): void;
  onDrop(drop: Drop): void;
  onDay?(day: string): void;
}

export function TimeGrid({ days, entries, holidays, colorOf, canEdit, onSlot, onOpen, onDrop, onDay }: GridProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const scroller = useRef<HTMLDivElement>(null);
  const today = dayOf(new Date());
  const timed = useEntryDrag({ minutesPerPixel: 60 / hourHeight, canMove: canEdit, onDrop, onOpen });
  const whole = useEntryDrag({ minutesPerPixel: 0, canMove: canEdit, onDrop, onOpen });
  // The working day in sight first: scrolled to 07:00.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 7 * hourHeight });
  }, []);
  const columns = `${gutter}px repeat(${days.length}, minmax(0, 1fr))`;
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short' });
  const dateLabel = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric' });
  const allDay = (day: string) => entries.filter((e) => e.allDay && daysOfEntry(e).includes(day));
  const timedOn = (day: string) => entries.filter((e) => !e.allDay && daysOfEntry(e).includes(day));

  return (
    <Box
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, overflow: 'hidden' }}
      data-testid="time-grid"
    >
      <Box
        style={{ display: 'grid', gridTemplateColumns: columns, borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <div />
        {days.map((day) => (
          <UnstyledButton
            key={day}
            onClick={() => onDay?.(day)}
            p={4}
            ta="center"
            data-testid={`day-head-${day}`}
            style={{ borderLeft: '1px solid var(--mantine-color-gray-3)' }}
          >
            <Text size="xs" c="dimmed">
              {weekday.format(startOfDay(day))}
            </Text>
            <Text size="sm" fw={day === today ? 700 : 500} c={day === today ? 'blue.7' : undefined}>
              {dateLabel.format(startOfDay(day))}
            </Text>
          </UnstyledButton>
        ))}
      </Box>
      <Box
        style={{ display: 'grid', gridTemplateColumns: columns, borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        data-testid="all-day-row"
      >
        <Text size="xs" c="dimmed" p={4}>
          {t('calendar.allDay')}
        </Text>
        {days.map((day) => (
          <Box
            key={day}
            data-drop-day={day}
            data-testid={`all-day-${day}`}
            p={2}
            mih={28}
            style={{
              borderLeft: '1px solid var(--mantine-color-gray-3)',
              display: 'flex',
              flexDirection: 'column',
              gap: 2,
            }}
            onClick={(event) => {
              if (canEdit && event.target === event.currentTarget) onSlot(`${day}T00:00`, true);
            }}
          >
            {(holidays.get(day) ?? []).map((holiday) => (
              <HolidayChip key={holiday.name} holiday={holiday} />
            ))}
            {allDay(day).map((entry) => (
              <EntryChip
                key={entryKey(entry)}
                entry={entry}
                color={colorOf(entry)}
                drag={whole.drag}
                handlers={whole.handlers(entry, day)}
              />
            ))}
          </Box>
        ))}
      </Box>
      <Box ref={scroller} style={{ overflowY: 'auto', maxHeight: 'calc(100vh - 290px)', minHeight: 320 }}>
        <Box style={{ display: 'grid', gridTemplateColumns: columns, position: 'relative' }}>
          <div>
            {hours.map((hour) => (
              <Text
                key={hour}
                size="xs"
                c="dimmed"
                ta="right"
                pr={6}
                style={{ height: hourHeight, lineHeight: '12px' }}
              >
                {hour === 0 ? '' : `${pad(hour)}:00`}
              </Text>
            ))}
          </div>
          {days.map((day) => (
            <Box
              key={day}
              data-drop-day={day}
              style={{ position: 'relative', borderLeft: '1px solid var(--mantine-color-gray-3)' }}
              bg={day === today ? 'blue.0' : isWeekend(day) ? 'gray.0' : undefined}
            >
              {hours.map((hour) => (
                <Box
                  key={hour}
                  data-testid={`slot-${day}T${pad(hour)}`}
                  style={{
                    height: hourHeight,
                    borderTop: hour === 0 ? undefined : '1px solid var(--mantine-color-gray-2)',
                    cursor: canEdit ? 'pointer' : undefined,
                  }}
                  onClick={(event) => {
                    if (!canEdit) return;
                    const half = event.nativeEvent.offsetY >= hourHeight / 2 ? 30 : 0;
                    onSlot(`${day}T${pad(hour)}:${pad(half)}`, false);
                  }}
                />
              ))}
              {placeInDay(timedOn(day), day).map((placed) => (
                <EntryChip
                  key={entryKey(placed.entry)}
                  entry={placed.entry}
                  color={colorOf(placed.entry)}
                  drag={timed.drag}
                  handlers={timed.handlers(placed.entry, day)}
                  showTime
                  wrap
                  style={{
                    position: 'absolute',
                    top: (placed.top / 60) * hourHeight,
                    height: Math.max((placed.height / 60) * hourHeight - 2, 16),
                    left: `calc(${(placed.column / placed.columns) * 100}% + 2px)`,
                    width: `calc(${100 / placed.columns}% - 4px)`,
                  }}
                />
              ))}
            </Box>
          ))}
        </Box>
      </Box>
    </Box>
  );
}
