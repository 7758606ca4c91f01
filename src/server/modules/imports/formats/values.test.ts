import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toBoolean, toDate, toDateTime, toDecimal, toEmail } from './values.ts';

const value = <T>(result: { ok: true; value: T } | { ok: false }) => (result.ok ? result.value : 'FAIL');

describe('value conversion', () => {
  test('dates', () => {
    const cases: Array<[string, string, string | null]> = [
      ['31.12.2026', 'DE', '2026-12-31'],
      ['1.2.2026', 'DE', '2026-02-01'],
      ['31.12.26', 'DE', '2026-12-31'],
      ['12.05.65', 'DE', '1965-05-12'],
      ['2026-12-31', 'DE', '2026-12-31'],
      ['2026-12-31T10:00:00Z', 'DE', '2026-12-31'],
      ['20261231', 'DE', '2026-12-31'],
      ['46022', 'DE', '2025-12-31'],
      ['12/31/2026', 'US', '2026-12-31'],
      ['01/02/2026', 'US', '2026-01-02'],
      ['01/02/2026', 'GB', '2026-02-01'],
      ['31/12/2026', 'US', '2026-12-31'],
      ['0.0.00', 'DE', null],
      ['', 'DE', null],
    ];
    for (const [text, country, expected] of cases) assert.equal(value(toDate(text, country)), expected, text);
    for (const bad of ['31.02.2026', '2026-13-01', '29.02.2027', 'morgen', '1980', '--0229', '32.1.2026'])
      assert.equal(value(toDate(bad, 'DE')), 'FAIL', bad);
  });

  test('datetimes', () => {
    assert.equal(value(toDateTime('31.12.2026 23:15', 'DE', 'Europe/Berlin')), '2026-12-31T22:15:00.000Z');
    assert.equal(value(toDateTime('2026-03-29 03:30', 'DE', 'Europe/Berlin')), '2026-03-29T01:30:00.000Z');
    assert.equal(value(toDateTime('2026-06-01T08:00:00+02:00', 'DE', 'Europe/Berlin')), '2026-06-01T06:00:00.000Z');
    assert.equal(value(toDateTime('6/1/2026 2:05 PM', 'US', 'UTC')), '2026-06-01T14:05:00.000Z');
    assert.equal(value(toDateTime('20260601T080000Z', 'DE', 'Europe/Berlin')), '2026-06-01T08:00:00.000Z');
    assert.equal(value(toDateTime('1.6.2026 25:00', 'DE', 'Europe/Berlin')), 'FAIL');
  });

  test('numbers and money', () => {
    const cases: Array<[string, 'de' | 'en', string | null]> = [
      ['1.234,56', 'en', '1234.56'],
      ['1,234.56', 'de', '1234.56'],
      ['1.234.567', 'en', '1234567'],
      ['1,234,567', 'de', '1234567'],
      ['1.234', 'de', '1234'],
      ['1.234', 'en', '1.234'],
      ['1,234', 'de', '1.234'],
      ['1,234', 'en', '1234'],
      ['0,125', 'en', '0.125'],
      ['12,5', 'en', '12.5'],
      ['1234.5', 'de', '1234.5'],
      ['-3', 'de', '-3'],
      ['1.234,56-', 'de', '-1234.56'],
      ['(12.00)', 'en', '-12'],
      ["1'234.50", 'de', '1234.5'],
      ['1 234,50', 'de', '1234.5'],
      ['1.5E+06', 'en', '1500000'],
      ['007', 'de', '7'],
      ['', 'de', null],
    ];
    for (const [text, locale, expected] of cases)
      assert.equal(value(toDecimal(text, locale)), expected, `${text} ${locale}`);
    for (const bad of ['1.2.3,4,5', 'zwölf', '1,23,4', '12.', '--1', '1e'])
      assert.equal(value(toDecimal(bad, 'de')), 'FAIL', bad);
    assert.equal(value(toDecimal('€ 1.234,56', 'de', { money: true })), '1234.56');
    assert.equal(value(toDecimal('1234,567 EUR', 'de', { money: true })), 'FAIL');
    assert.equal(value(toDecimal('12,5', 'de', { integer: true })), 'FAIL');
    assert.equal(value(toDecimal('12,0', 'de', { integer: true })), '12');
  });

  test('booleans and emails', () => {
    for (const yes of ['ja', 'Yes', 'WAHR', 'x', '1', 'true']) assert.equal(value(toBoolean(yes)), true, yes);
    for (const no of ['nein', 'No', 'falsch', '0', 'false']) assert.equal(value(toBoolean(no)), false, no);
    assert.equal(value(toBoolean('vielleicht')), 'FAIL');
    assert.equal(value(toEmail(' Anna <anna@example.de> ')), 'anna@example.de');
    assert.equal(value(toEmail('mailto:b@example.com')), 'b@example.com');
    for (const bad of ['anna@', 'anna example.de', 'a@b', 'a@@b.de']) assert.equal(value(toEmail(bad)), 'FAIL', bad);
  });
});
