import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/errors.ts';
import { applyMapping, guessMapping, openSource } from './index.ts';
import { allRows, tempFile } from './testing.ts';
import { plainNumber } from './xlsx.ts';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return tempFile('book.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('Excel reader', () => {
  test('first sheet, German headers, dates, numbers, formulas, rich text', async () => {
    const file = await workbook((wb) => {
      const sheet = wb.addWorksheet('Kunden');
      sheet.addRow([]);
      sheet.addRow(['Vorname', 'Nachname', 'Geburtstag', 'Umsatz', 'Termin', 'Formel', 'Notiz', 'PLZ']);
      sheet.addRow([
        'Anna',
        'Müller',
        new Date(Date.UTC(1980, 1, 29)),
        1234.56,
        new Date(Date.UTC(2026, 5, 1, 14, 30)),
        { formula: '0.1+0.2', result: 0.30000000000000004 },
        { richText: [{ text: '=cmd|' }, { text: "' /C calc'!A0", font: { bold: true } }] },
        '01067',
      ]);
      sheet.addRow(['Bernd', 'Bauer', 46022, 1e21, null, true, null, 1067]);
      wb.addWorksheet('Zweites').addRow(['x']);
    });
    const source = await openSource(file, { fileName: 'Kunden.xlsx' });
    assert.equal(source.format, 'xlsx');
    assert.deepEqual(source.sheets, ['Kunden', 'Zweites']);
    assert.equal(source.sheet, 'Kunden');
    assert.equal(source.locale, 'de');
    const rows = await allRows(source);
    assert.deepEqual(
      rows.map((r) => [r.line, r.values]),
      [
        [
          3,
          {
            Vorname: 'Anna',
            Nachname: 'Müller',
            Geburtstag: '1980-02-29',
            Umsatz: '1234.56',
            Termin: '2026-06-01T14:30:00',
            Formel: '0.3',
            Notiz: "=cmd|' /C calc'!A0",
            PLZ: '01067',
          },
        ],
        [
          4,
          {
            Vorname: 'Bernd',
            Nachname: 'Bauer',
            Geburtstag: '46022',
            Umsatz: '1000000000000000000000',
            Termin: '',
            Formel: 'true',
            Notiz: '',
            PLZ: '1067',
          },
        ],
      ],
    );
    const mapping = guessMapping('contacts', source.columns);
    const bernd = applyMapping('contacts', mapping, rows[1], { defaultCountry: 'DE', onInvalid: 'reject' });
    assert.equal(bernd.values.birthday, '2025-12-31');
  });

  test('a chosen sheet; an unknown one is a clear error', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Eins').addRow(['a']);
      const second = wb.addWorksheet('Zwei');
      second.addRow(['Firma', 'Ort']);
      second.addRow(['ACME GmbH', 'Köln']);
    });
    const source = await openSource(file, { sheet: 'Zwei', fileName: 'x.xlsx' });
    assert.deepEqual(source.columns, ['Firma', 'Ort']);
    assert.deepEqual(
      (await allRows(source)).map((r) => r.values),
      [{ Firma: 'ACME GmbH', Ort: 'Köln' }],
    );
    await assert.rejects(
      openSource(file, { sheet: 'Drei', fileName: 'x.xlsx' }),
      (error: unknown) =>
        error instanceof AppError && error.code === 'import_file_unreadable' && /Eins, Zwei/.test(error.detail),
    );
  });

  test('a broken workbook and a zip that is no workbook get clear errors', async () => {
    const broken = tempFile(
      'broken.xlsx',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
    );
    await assert.rejects(
      openSource(broken),
      (error: unknown) => error instanceof AppError && error.code === 'import_file_unreadable',
    );
    const zip = tempFile('x.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    await assert.rejects(
      openSource(zip),
      (error: unknown) => error instanceof AppError && error.code === 'import_unknown_format',
    );
    const fake = tempFile('fake.xlsx', 'Name;Ort\n');
    await assert.rejects(
      openSource(fake),
      (error: unknown) => error instanceof AppError && error.code === 'import_file_unreadable',
    );
  });

  test('numbers in plain notation', () => {
    assert.equal(plainNumber(0.1 + 0.2), '0.3');
    assert.equal(plainNumber(1e21), '1000000000000000000000');
    assert.equal(plainNumber(1.5e-7), '0.00000015');
    assert.equal(plainNumber(-42), '-42');
  });
});
