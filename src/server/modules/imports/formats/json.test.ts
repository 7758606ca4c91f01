import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../platform/errors.ts';
import { applyMapping, guessMapping, openSource } from './index.ts';
import { flatten } from './json.ts';
import { allRows, tempFile } from './testing.ts';

describe('JSON reader', () => {
  test('contacts in the API shape flatten to the catalogue fields and map one to one', async () => {
    const contacts = [
      {
        customerNumber: 'K-1',
        salutation: 'Frau',
        firstName: 'Anna',
        lastName: 'Müller',
        emails: [
          { email: 'privat@example.de', primary: false },
          { email: 'anna@example.de', primary: true },
        ],
        phones: [
          { number: '030 1234567', label: 'Büro' },
          { number: '0170 1234567', label: 'Mobil' },
          { number: '030 7654321', label: 'Fax' },
        ],
        addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' }],
        birthday: '1980-02-29',
        tags: ['vip', 'newsletter'],
        company: 'ACME GmbH',
      },
      'not an object',
      { lastName: 'Zweite', companies: [{ name: 'Alt AG' }, { name: 'Neu AG', isPrimary: true }] },
    ];
    const source = await openSource(tempFile('contacts.json', JSON.stringify(contacts, null, 2)));
    assert.equal(source.format, 'json');
    const mapping = guessMapping('contacts', source.columns);
    const unmapped = source.columns.filter((c) => !Object.values(mapping).flat().includes(c));
    assert.deepEqual(unmapped, []);
    const rows = await allRows(source);
    assert.deepEqual(
      rows.map((r) => [r.line, r.problems.length]),
      [
        [1, 0],
        [2, 1],
        [3, 0],
      ],
    );
    const anna = applyMapping('contacts', mapping, rows[0], { defaultCountry: 'DE', onInvalid: 'reject' });
    assert.deepEqual(anna.values, {
      customerNumber: 'K-1',
      salutation: 'Frau',
      firstName: 'Anna',
      lastName: 'Müller',
      birthday: '1980-02-29',
      tags: ['vip', 'newsletter'],
      email: ['anna@example.de'],
      email2: ['privat@example.de'],
      phone: ['030 1234567'],
      mobile: ['0170 1234567'],
      fax: ['030 7654321'],
      street: 'Hauptstraße 5',
      postalCode: '10115',
      city: 'Berlin',
      country: 'DE',
      company: 'ACME GmbH',
    });
    assert.equal(rows[2].values.company, 'Neu AG');
    assert.deepEqual(JSON.parse(rows[1].raw ?? ''), 'not an object');
  });

  test('deals with money, a list answer {data: [...]}', async () => {
    const answer = {
      data: [{ title: 'Großauftrag', value: { amount: '12500.00', currency: 'EUR' }, expectedCloseDate: '2026-09-30' }],
      nextCursor: null,
    };
    const source = await openSource(tempFile('deals.json', `\uFEFF${JSON.stringify(answer)}`));
    const [row] = await allRows(source);
    assert.deepEqual(row.values, {
      title: 'Großauftrag',
      value: '12500.00',
      currency: 'EUR',
      expectedCloseDate: '2026-09-30',
    });
    const mapping = guessMapping('deals', source.columns);
    assert.deepEqual(applyMapping('deals', mapping, row, { defaultCountry: 'DE', onInvalid: 'reject' }).values, {
      title: 'Großauftrag',
      value: '12500',
      currency: 'EUR',
      expectedCloseDate: '2026-09-30',
    });
  });

  test('flattening of nested objects and plain values', () => {
    assert.deepEqual(flatten({ a: { b: 1, c: [1, 2] }, d: true, e: null, f: 1e21, owner: { email: 'o@example.de' } }), {
      'a.b': '1',
      'a.c': '1; 2',
      d: 'true',
      f: '1000000000000000000000',
      owner: 'o@example.de',
    });
  });

  test('broken JSON, wrong top level, huge element, binary', async () => {
    const code = (c: string) => (error: unknown) => error instanceof AppError && error.code === c;
    await assert.rejects(openSource(tempFile('b.json', '[{"a": 1}, {"a": ')), code('import_file_unreadable'));
    const late = `[${'{"a": 1},'.repeat(100_000)} {"a": ]`;
    const source = await openSource(tempFile('late.json', late));
    await assert.rejects(allRows(source), code('import_file_unreadable'));
    await assert.rejects(openSource(tempFile('n.json', '42')), code('import_file_unreadable'));
    await assert.rejects(openSource(tempFile('o.json', '{"x": 1}')), code('import_file_unreadable'));
    const huge = `[{"a": "${'x'.repeat(10 * 1024 * 1024)}"}]`;
    await assert.rejects(openSource(tempFile('h.json', huge)), code('import_line_too_long'));
    await assert.rejects(openSource(tempFile('z.json', Buffer.from([0x5b, 0, 0, 0]))), code('import_not_text'));
  });
});
