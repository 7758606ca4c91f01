// The web app's locale formatting (src/web/ui/format.ts): pure Intl, so tested in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime, formatMoney, formatNumber, intlLocale } from '../../src/web/ui/format.ts';

// Intl separates number and currency with a no-break space; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

test('money is formatted for the locale: 1.234,50 € in German, €1,234.50 in English', () => {
  assert.equal(plain(formatMoney({ amount: '1234.50', currency: 'EUR' }, 'de-DE')), '1.234,50 €');
  assert.equal(formatMoney({ amount: '1234.50', currency: 'EUR' }, 'en-GB'), '€1,234.50');
  assert.equal(plain(formatMoney({ amount: '-0.5', currency: 'USD' }, 'de-DE')), '-0,50 $');
});

test('money amounts beyond float precision are formatted exactly from the decimal string', () => {
  assert.equal(
    plain(formatMoney({ amount: '9999999999999999.99', currency: 'EUR' }, 'de-DE')),
    '9.999.999.999.999.999,99 €',
  );
});

test("numbers use the locale's separators", () => {
  assert.equal(formatNumber(1234567.891, 'de-DE'), '1.234.567,891');
  assert.equal(formatNumber(0.25, 'en-GB', { style: 'percent' }), '25%');
});

test('a calendar date is the same day in every time zone', () => {
  assert.equal(formatDate('2025-11-23', 'de-DE'), '23.11.2025');
  assert.equal(formatDate('2025-01-01', 'en-GB'), '1 Jan 2025');
  assert.equal(formatDate('2025-01-01', 'de-DE', 'long'), '1. Januar 2025');
});

test('a moment is shown in the given time zone', () => {
  assert.equal(plain(formatDateTime('2026-03-01T09:30:00.000Z', 'de-DE', 'Europe/Berlin')), '01.03.2026, 10:30');
});

test("the Intl locale keeps the browser's region for the same language, else a default", () => {
  assert.equal(intlLocale('de', ['de-AT', 'en-US']), 'de-AT');
  assert.equal(intlLocale('en', ['de-DE', 'en-US']), 'en-US');
  assert.equal(intlLocale('en', ['de-DE']), 'en-GB');
  assert.equal(intlLocale('de', []), 'de-DE');
});
