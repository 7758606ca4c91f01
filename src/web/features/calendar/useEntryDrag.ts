// Moving an entry with the pointer (mouse, pen or finger): pressed and moved a few pixels it
// follows the pointer; let go over another day (an element with data-drop-day) and, in the
// time grid, some quarters of an hour later or earlier, it is moved. Pressed and let go in
// place, it opens. Native pointer events: the grid needs pixels and days, not sortable lists.
import { useRef, useState, type PointerEvent } from 'react';
import type { Occurrence } from '../../../contract/appointments.ts';

export interface Drop {
  entry: Occurrence;
  fromDay: string;
  toDay: string;
  /** Whole quarters of an hour, in minutes (0 in the month view). */
  minutes: number;
}

export interface DragState {
  key: string;
  dx: number;
  dy: number;
}

const threshold = 4;

export const entryKey = (entry: Occurrence) => `${entry.appointmentId}:${entry.recurrenceId ?? ''}`;

export function useEntryDrag({
  minutesPerPixel,
  canMove,
  onDrop,
  onOpen,
}: {
  /** 0 when only the day changes (month view, all-day row). */
  minutesPerPixel: number;
  canMove: boolean;
  onDrop(drop: Drop): void;
  onOpen(entry: Occurrence): void;
}) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const start = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const handlers = (entry: Occurrence, day: string) => ({
    onPointerDown(event: PointerEvent<HTMLElement>) {
      if (event.button !== 0) return;
      event.stopPropagation();
      start.current = { x: event.clientX, y: event.clientY, moved: false };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove(event: PointerEvent<HTMLElement>) {
      const origin = start.current;
      if (!origin || !canMove) return;
      const dx = event.clientX - origin.x;
      const dy = event.clientY - origin.y;
      if (!origin.moved && Math.abs(dx) + Math.abs(dy) < threshold) return;
      origin.moved = true;
      const snapped = minutesPerPixel ? Math.round((dy * minutesPerPixel) / 15) * 15 : 0;
      setDrag({ key: entryKey(entry), dx, dy: minutesPerPixel ? snapped / minutesPerPixel : dy });
    },
    onPointerUp(event: PointerEvent<HTMLElement>) {
      const origin = start.current;
      start.current = null;
      setDrag(null);
      if (!origin) return;
      event.stopPropagation();
      if (!origin.moved) return onOpen(entry);
      // The day under the pointer; the entry's own day holds the entry, so it is the fallback.
      const dragged = event.currentTarget;
      const target = document
        .elementsFromPoint(event.clientX, event.clientY)
        .map((element) => element.closest<HTMLElement>('[data-drop-day]'))
        .find((element) => element !== null && !element.contains(dragged));
      const toDay = target?.dataset.dropDay ?? day;
      const minutes = minutesPerPixel ? Math.round(((event.clientY - origin.y) * minutesPerPixel) / 15) * 15 : 0;
      if (toDay !== day || minutes !== 0) onDrop({ entry, fromDay: day, toDay, minutes });
    },
    onPointerCancel() {
      start.current = null;
      setDrag(null);
    },
    // Enter or Space on the focused entry (a click without a pointer).
    onClick(event: { detail: number }) {
      if (event.detail === 0) onOpen(entry);
    },
  });

  return { drag, handlers };
}
