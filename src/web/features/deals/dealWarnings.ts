// What on an open deal needs attention: the expected close date has passed, or nothing is
// planned next (no open task linked to it).
import type { Deal } from '../../../contract/deals.ts';

/** A day in the user's calendar, as the API writes dates. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export function dealWarnings(deal: Pick<Deal, 'status' | 'expectedCloseDate' | 'nextTask'>, now = new Date()) {
  const open = deal.status === 'open';
  return {
    overdue: open && deal.expectedCloseDate !== null && deal.expectedCloseDate < localDay(now),
    noNextTask: open && deal.nextTask === null,
  };
}
