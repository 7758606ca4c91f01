import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FieldWarning } from '../../contract/problems.ts';
import { e164Facts, normalizeReach, phoneSearchParts, reachLists, toE164 } from './contactdata.ts';

// Numbers of several plans, possible and not, assigned and not, and one shared calling code.
const numbers = [
  '030 1234567',
  '+49 30 1234567',
  '0049 89 123456',
  '0170 1234567',
  '+49 30 00000000',
  '+49 123 456789',
  '+1 555 555 5555',
  '+1 212 555 0123',
  '+1 416 555 0199',
  '212 555 0123',
  '+44 20 7946 0958',
  '+43 1 5123456',
  '+41 44 668 18 00',
  '+39 06 6982',
  '+7 495 123-45-67',
  '0800 1234567',
];

describe('phone numbers parsed once for search and score', () => {
  test('e164Facts reads a stored number as libphonenumber does, the first time and from memory', () => {
    const stored = numbers.map((n) => toE164(n, 'DE')).filter((e): e is string => e !== null);
    assert.ok(stored.length >= 12);
    for (let round = 0; round < 2; round++)
      for (const e164 of stored) {
        const parsed = parsePhoneNumberFromString(e164);
        assert.deepEqual(e164Facts(e164), {
          national: parsed ? parsed.nationalNumber : null,
          valid: parsed ? parsed.isValid() : false,
        });
      }
    // A number assigned and one that is not: the facts tell them apart.
    assert.equal(e164Facts('+4930123456').valid, true);
    assert.equal(e164Facts('+49123456789').valid, false);
  });

  test('phoneSearchParts gives the international and the national digits of each number', () => {
    assert.deepEqual(phoneSearchParts(['+4930123456', '+12125550123']), [
      '4930123456',
      '030123456',
      '12125550123',
      '02125550123',
    ]);
  });
});

describe('normalizeReach and reachLists', () => {
  const input = {
    emails: [
      { email: 'anna@gmial.com', primary: true },
      { email: 'Anna@Beispiel.de', label: 'work' },
    ],
    phones: numbers.filter((n) => toE164(n, 'DE') !== null).map((number) => ({ number })),
    addresses: [
      { street: 'Hauptstraße 1', postalCode: '80331', city: 'Berlin' },
      { city: 'Wien', postalCode: '1010', country: 'Österreich' },
    ],
  };

  test('the same lists, as objects or as the JSON text normalizeReach writes', () => {
    const warnings: FieldWarning[] = [];
    const columns = normalizeReach(input, 'DE', warnings);
    const lists = reachLists(input, 'DE');
    assert.deepEqual(Object.keys(lists), Object.keys(columns));
    for (const key of ['emails', 'phones', 'addresses'] as const) {
      assert.equal(typeof columns[key], 'string');
      assert.equal(JSON.stringify(lists[key]), columns[key]);
    }
    for (const key of ['email_list', 'phone_list', 'cities', 'postal_codes'] as const)
      assert.deepEqual(lists[key], columns[key]);
  });

  test('warnings are checked only for a caller that takes them', () => {
    const warnings: FieldWarning[] = [];
    normalizeReach(input, 'DE', warnings);
    const codes = new Set(warnings.map((w) => w.code));
    assert.deepEqual([...codes].sort(), ['email_domain_typo', 'phone_unlikely', 'postal_code_city_mismatch']);
    // Without a list to add them to, nothing is thrown and nothing else changes.
    assert.doesNotThrow(() => reachLists(input, 'DE'));
    assert.throws(() => reachLists({ phones: [{ number: '12' }] }, 'DE'), /invalid fields|invalid/i);
  });
});
