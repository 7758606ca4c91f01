// Dates in the forms (src/web/features/forms/dates.ts): the locale's format, typed input,
// the shortcuts and the default due time of a new task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateFormat, defaultDueAt, parseTyped, shortcutDay, timeFormat } from '../../src/web/features/forms/dates.ts';

test('a day is written as the locale writes it', () => {
  assert.equal(dateFormat('de-DE'), 'DD.MM.YYYY');
  assert.equal(dateFormat('en-GB'), 'DD/MM/YYYY');
  assert.equal(dateFormat('en-US'), 'MM/DD/YYYY');
  assert.equal(timeFormat('de-DE'), 'HH:mm');
});

test('a typed day or moment is read in the German way, short forms and ISO included', () => {
  assert.equal(parseTyped('31.12.2026', 'de-DE', false)?.format('YYYY-MM-DD'), '2026-12-31');
  assert.equal(parseTyped('3.2.2027', 'de-DE', false)?.format('YYYY-MM-DD'), '2027-02-03');
  assert.equal(parseTyped('2027-01-15', 'de-DE', false)?.format('YYYY-MM-DD'), '2027-01-15');
  assert.equal(parseTyped('15.01.2027 10:30', 'de-DE', true)?.format('YYYY-MM-DD HH:mm'), '2027-01-15 10:30');
  assert.equal(parseTyped('31.02.2027', 'de-DE', false), null);
  assert.equal(parseTyped('morgen', 'de-DE', false), null);
});

test('today, tomorrow and next week (its Monday) are days counted from now', () => {
  const wednesday = new Date(2026, 11, 2, 16, 45); // Wednesday, 2 December 2026
  assert.equal(shortcutDay('today', wednesday), '2026-12-02');
  assert.equal(shortcutDay('tomorrow', wednesday), '2026-12-03');
  assert.equal(shortcutDay('nextWeek', wednesday), '2026-12-07');
  const sunday = new Date(2026, 11, 6, 10, 0);
  assert.equal(shortcutDay('nextWeek', sunday), '2026-12-07');
  const monday = new Date(2026, 11, 7, 10, 0);
  assert.equal(shortcutDay('nextWeek', monday), '2026-12-14');
  assert.equal(shortcutDay('tomorrow', new Date(2026, 11, 31, 23, 0)), '2027-01-01');
});

test('a new task is due tomorrow at 09:00', () => {
  assert.equal(defaultDueAt(new Date(2026, 11, 2, 16, 45)), '2026-12-03T09:00');
});
