// One entry as the calendar draws it (coloured by whose it is, a series marked ↻, a cancelled
// one struck through), and a public holiday.
import type { CSSProperties } from 'react';
import { Box, Text } from '@mantine/core';
import type { Holiday, Occurrence } from '../../../contract/appointments.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { type DragState, entryKey, type useEntryDrag } from './useEntryDrag.ts';

export function EntryChip({
  entry,
  color,
  drag,
  handlers,
  showTime = false,
  wrap = false,
  style,
}: {
  entry: Occurrence;
  color: string;
  drag: DragState | null;
  handlers: ReturnType<ReturnType<typeof useEntryDrag>['handlers']>;
  showTime?: boolean;
  wrap?: boolean;
  style?: CSSProperties;
}) {
  const locale = useLocale();
  const dragged = drag?.key === entryKey(entry);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (
    <Box
      component="button"
      type="button"
      {...handlers}
      data-testid="calendar-entry"
      data-title={entry.title}
      title={entry.title}
      bg={`${color}.1`}
      c={`${color}.9`}
      style={{
        textAlign: 'left',
        border: 'none',
        borderLeft: `3px solid var(--mantine-color-${color}-6)`,
        borderRadius: 4,
        padding: '1px 4px',
        overflow: 'hidden',
        cursor: 'pointer',
        touchAction: 'none',
        font: 'inherit',
        textDecoration: entry.status === 'cancelled' ? 'line-through' : undefined,
        opacity: dragged ? 0.8 : 1,
        zIndex: dragged ? 10 : 1,
        boxShadow: dragged ? 'var(--mantine-shadow-md)' : undefined,
        transform: dragged ? `translate(${drag.dx}px, ${drag.dy}px)` : undefined,
        ...style,
      }}
    >
      {/* In the time grid the title wraps into the height the entry has; elsewhere one line. */}
      <Text size="xs" fw={600} lh={1.25} truncate={!wrap} style={wrap ? { overflowWrap: 'anywhere' } : undefined}>
        {entry.recurring ? '↻ ' : ''}
        {showTime ? `${time.format(new Date(entry.startsAt))} ` : ''}
        {entry.title}
      </Text>
      {wrap && entry.location && (
        <Text size="xs" lh={1.2} truncate>
          {entry.location}
        </Text>
      )}
    </Box>
  );
}

export function HolidayChip({ holiday }: { holiday: Holiday }) {
  return (
    <Text
      size="xs"
      c="red.8"
      bg="red.0"
      px={4}
      style={{ borderRadius: 4 }}
      truncate
      title={holiday.name}
      data-testid="holiday"
    >
      {holiday.name}
    </Text>
  );
}
