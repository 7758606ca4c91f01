// When a postponed task falls due (src/web/features/tasks/postpone.ts): pure date arithmetic on
// the user's local calendar, so tested in node with fixed "now" values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localDay, postponeDay, postponeTo } from '../../src/web/features/tasks/postpone.ts';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

test('tomorrow is the day after today, whatever the old due date was', () => {
  assert.deepEqual(postponeDay('tomorrow', local(2026, 12, 31, 23, 59)), local(2027, 1, 1));
});

test('next week is the coming Monday, a full week ahead when today is Monday', () => {
  assert.deepEqual(postponeDay('nextWeek', local(2026, 12, 3, 10)), local(2026, 12, 7)); // Thursday
  assert.deepEqual(postponeDay('nextWeek', local(2026, 12, 6, 10)), local(2026, 12, 7)); // Sunday
  assert.deepEqual(postponeDay('nextWeek', local(2026, 12, 7, 10)), local(2026, 12, 14)); // Monday
});

test('next month is the same day next month, or its last day when that month is shorter', () => {
  assert.deepEqual(postponeDay('nextMonth', local(2026, 12, 3)), local(2027, 1, 3));
  assert.deepEqual(postponeDay('nextMonth', local(2027, 1, 31)), local(2027, 2, 28));
  assert.deepEqual(postponeDay('nextMonth', local(2028, 1, 30)), local(2028, 2, 29));
});

test('a postponed task keeps the time of day of its due time', () => {
  const patch = postponeTo({ dueAt: local(2026, 11, 20, 14, 30).toISOString(), remindAt: null }, local(2026, 12, 4));
  assert.deepEqual(patch, { dueAt: local(2026, 12, 4, 14, 30).toISOString() });
});

test('a task without due time is postponed to 9:00 of the chosen day', () => {
  const patch = postponeTo({ dueAt: null, remindAt: null }, localDay('2026-12-24'));
  assert.deepEqual(patch, { dueAt: local(2026, 12, 24, 9).toISOString() });
});

test('the reminder moves with the due time and keeps its distance before it', () => {
  const patch = postponeTo(
    { dueAt: local(2026, 11, 20, 14, 30).toISOString(), remindAt: local(2026, 11, 20, 14).toISOString() },
    local(2026, 11, 10),
  );
  assert.deepEqual(patch, {
    dueAt: local(2026, 11, 10, 14, 30).toISOString(),
    remindAt: local(2026, 11, 10, 14).toISOString(),
  });
});

test('a reminder without due time is pulled back to the new due time when it would be after it', () => {
  const later = local(2027, 3, 1, 8).toISOString();
  assert.deepEqual(postponeTo({ dueAt: null, remindAt: later }, local(2027, 2, 1)), {
    dueAt: local(2027, 2, 1, 9).toISOString(),
    remindAt: local(2027, 2, 1, 9).toISOString(),
  });
  const earlier = local(2027, 1, 15, 8).toISOString();
  assert.deepEqual(postponeTo({ dueAt: null, remindAt: earlier }, local(2027, 2, 1)), {
    dueAt: local(2027, 2, 1, 9).toISOString(),
  });
});
