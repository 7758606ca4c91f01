// When a postponed task falls due: the quick choices (tomorrow, next week, next month) are
// counted from today, not from the old due date, since an overdue task postponed "to tomorrow"
// means tomorrow. The time of day stays, so a call planned for 14:30 is still at 14:30.
import type { Task, TaskPatch } from '../../../contract/tasks.ts';

export const postponeChoices = ['tomorrow', 'nextWeek', 'nextMonth'] as const;
export type PostponeChoice = (typeof postponeChoices)[number];

/** A task without a due time gets this time of day: the start of a working day. */
const defaultHour = 9;

/** The local calendar day (at midnight) a quick choice stands for; next week is its Monday. */
export function postponeDay(choice: PostponeChoice, now: Date = new Date()): Date {
  const [year, month, day] = [now.getFullYear(), now.getMonth(), now.getDate()];
  if (choice === 'tomorrow') return new Date(year, month, day + 1);
  if (choice === 'nextWeek') return new Date(year, month, day + ((8 - now.getDay()) % 7 || 7));
  // The same day next month, or its last day when it has fewer (31 January → 28/29 February).
  const lastDay = new Date(year, month + 2, 0).getDate();
  return new Date(year, month + 1, Math.min(day, lastDay));
}

/** A 'YYYY-MM-DD' day (as the date picker gives it) as local midnight. */
export function localDay(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day);
}

/**
 * The change that moves a task to `day`: at the old due time's time of day (9:00 if it had none),
 * with the reminder keeping its distance before the due time, so that it fires again in time and
 * never lands after the new due time.
 */
export function postponeTo(task: Pick<Task, 'dueAt' | 'remindAt'>, day: Date): TaskPatch {
  const old = task.dueAt ? new Date(task.dueAt) : null;
  const due = new Date(day.getFullYear(), day.getMonth(), day.getDate(), old ? old.getHours() : defaultHour);
  if (old) due.setMinutes(old.getMinutes());
  const patch: TaskPatch = { dueAt: due.toISOString() };
  if (task.remindAt) {
    const remind = new Date(task.remindAt);
    if (old) patch.remindAt = new Date(remind.getTime() + due.getTime() - old.getTime()).toISOString();
    else if (remind > due) patch.remindAt = patch.dueAt;
  }
  return patch;
}
