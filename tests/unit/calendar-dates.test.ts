// The calendar's weeks start on Monday, entries overlapping in time share a row's width, and
// the form's repetitions become RRULEs and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysOfEntry, daysOfView, placeInDay, shiftView } from '../../src/web/features/calendar/calendarDates.ts';
import { fromRrule, toRrule } from '../../src/web/features/calendar/recurrence.ts';

const at = (day: string, time: string) => new Date(`${day}T${time}`).toISOString();

test('a week starts on Monday, also for a Sunday', () => {
  assert.deepEqual(daysOfView('week', '2026-12-06'), [
    '2026-11-30',
    '2026-12-01',
    '2026-12-02',
    '2026-12-03',
    '2026-12-04',
    '2026-12-05',
    '2026-12-06',
  ]);
});

test('a month view covers whole weeks from Monday to Sunday', () => {
  const days = daysOfView('month', '2026-12-15');
  assert.equal(days[0], '2026-11-30');
  assert.equal(days.at(-1), '2027-01-03');
  assert.equal(days.length % 7, 0);
  assert.equal(shiftView('month', '2026-01-31', 1), '2026-02-01');
});

test('an entry ending at midnight does not show on the next day', () => {
  assert.deepEqual(daysOfEntry({ startsAt: at('2026-12-07', '00:00'), endsAt: at('2026-12-09', '00:00') }), [
    '2026-12-07',
    '2026-12-08',
  ]);
});

test('overlapping entries sit in columns side by side', () => {
  const day = '2026-12-07';
  const placed = placeInDay(
    [
      { startsAt: at(day, '09:00'), endsAt: at(day, '10:00') },
      { startsAt: at(day, '09:30'), endsAt: at(day, '10:30') },
      { startsAt: at(day, '11:00'), endsAt: at(day, '12:00') },
    ],
    day,
  );
  assert.deepEqual(
    placed.map((p) => [p.top, p.column, p.columns]),
    [
      [540, 0, 2],
      [570, 1, 2],
      [660, 0, 1],
    ],
  );
});

test('repetitions become RRULEs and come back', () => {
  const rule = toRrule({ frequency: 'biweekly', days: [], ending: 'count', count: 6, until: '' });
  assert.equal(rule, 'FREQ=WEEKLY;INTERVAL=2;COUNT=6');
  assert.deepEqual(fromRrule(rule), { frequency: 'biweekly', days: [], ending: 'count', count: 6, until: '' });
  const days = toRrule({ frequency: 'weekly', days: ['WE', 'MO'], ending: 'never', count: 10, until: '' });
  assert.equal(days, 'FREQ=WEEKLY;BYDAY=MO,WE');
  assert.deepEqual(fromRrule(days)?.days, ['MO', 'WE']);
  const until = toRrule({ frequency: 'monthly', days: [], ending: 'until', count: 10, until: '2027-06-30' });
  assert.equal(until, 'FREQ=MONTHLY;UNTIL=20270630T235959Z');
  assert.equal(fromRrule(until)?.until, '2027-06-30');
  assert.equal(fromRrule('FREQ=MONTHLY;BYDAY=2MO'), null);
  assert.equal(fromRrule('FREQ=WEEKLY;BYHOUR=9'), null);
});

test('calendar weeks are counted as ISO weeks', async () => {
  const { isoWeek } = await import('../../src/web/features/calendar/calendarDates.ts');
  assert.equal(isoWeek('2026-12-07'), 50);
  assert.equal(isoWeek('2027-01-01'), 53);
  assert.equal(isoWeek('2026-01-01'), 1);
});

test('a whole-day entry covers its last day, in its own time zone', () => {
  const entry = {
    allDay: true,
    timeZone: 'Europe/Berlin',
    startsAt: '2026-12-23T23:00:00.000Z',
    endsAt: '2026-12-25T23:00:00.000Z',
  };
  assert.deepEqual(daysOfEntry(entry), ['2026-12-24', '2026-12-25', '2026-12-26']);
  assert.deepEqual(daysOfEntry({ ...entry, endsAt: entry.startsAt }), ['2026-12-24']);
});
