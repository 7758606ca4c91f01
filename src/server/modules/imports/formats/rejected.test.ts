import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { escapeCell, openSource, type RowProblem, rejectedWriter, type Source, unescapeCell } from './index.ts';
import { allRows, sharedData, tempFile } from './testing.ts';

const problem = (line: number, message: string): RowProblem[] => [
  { line, field: 'birthday', code: 'invalid_date', message },
];

/** Writes every row of a source as rejected and opens the written file. */
async function rejectAll(
  source: Source,
  name: string,
): Promise<{ file: string; rows: Awaited<ReturnType<typeof allRows>> }> {
  const file = tempFile(name, '');
  const out = fs.createWriteStream(file);
  const writer = rejectedWriter(source, out);
  const rows = await allRows(source);
  for (const row of rows)
    writer.write(row, [...row.problems, ...problem(row.line, `line ${row.line}: bad "date"; really`)]);
  await writer.end();
  return { file, rows };
}

describe('rejected rows', () => {
  test('CSV: same delimiter and encoding, a farley_errors column, formulas escaped and read back', async () => {
    const text =
      'Name;Notiz;Telefon\r\nMüller;"=cmd|\' /C calc\'!A0";+49 30 123\r\nÖzdemir;"zwei; Werte";-5\r\nZu;viele;Zellen;hier\r\n';
    const source = await openSource(tempFile('in.csv', iconv.encode(text, 'windows-1252')));
    const { file, rows } = await rejectAll(source, 'out.csv');
    const bytes = fs.readFileSync(file);
    assert.ok(iconv.decode(bytes, 'windows-1252').startsWith('Name;Notiz;Telefon;farley_errors\r\n'));
    assert.match(iconv.decode(bytes, 'windows-1252'), /;'=cmd\|/);
    const again = await openSource(file);
    assert.equal(again.encoding, 'windows-1252');
    assert.equal(again.delimiter, ';');
    assert.deepEqual(again.columns, ['Name', 'Notiz', 'Telefon', 'farley_errors']);
    const back = await allRows(again);
    assert.equal(back[0].values.Notiz, "=cmd|' /C calc'!A0");
    assert.deepEqual(back[0].values, { ...rows[0].values, farley_errors: 'line 2: bad "date"; really' });
    assert.equal(back[1].values.Telefon, '-5');
    // The row with too many cells keeps them all.
    assert.equal(back[2].values.farley_errors, 'hier');
  });

  test('CSV in UTF-8 gets a BOM', async () => {
    const source = await openSource(tempFile('u.csv', 'a,b\nä,ö\n'));
    const { file } = await rejectAll(source, 'u-out.csv');
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), 'a,b,farley_errors\r\nä,ö,"line 2: bad ""date""; really"\r\n');
  });

  test('Excel: a workbook with the rejected rows and the problems', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Kontakte');
    sheet.addRow(['Vorname', 'Geburtstag']);
    sheet.addRow(['Anna', '31.02.1980']);
    const source = await openSource(tempFile('in.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
    const { file } = await rejectAll(source, 'out.xlsx');
    const again = await openSource(file, { fileName: 'out.xlsx' });
    assert.deepEqual(again.sheets, ['Kontakte']);
    assert.deepEqual(
      (await allRows(again)).map((r) => r.values),
      [{ Vorname: 'Anna', Geburtstag: '31.02.1980', farley_errors: 'line 2: bad "date"; really' }],
    );
  });

  test('vCard: the cards as they were, the problems in X-FARLEY-ERRORS; jCard likewise', async () => {
    const source = await openSource(sharedData('vcard', 'caldavtester', 'vcarderrors', '4.vcf'));
    const { file } = await rejectAll(source, 'out.vcf');
    const written = fs.readFileSync(file, 'utf8');
    assert.ok(written.startsWith('--BEGIN:VCARD\r\nVERSION:3.0\r\n'));
    assert.match(written, /X-FARLEY-ERRORS:vCard on line 1: "--BEGIN:VCARD" is not/);
    const good = await openSource(sharedData('vcard', 'caldavtester', 'vcarderrors', '2.vcf'));
    const { file: goodFile, rows } = await rejectAll(good, 'good.vcf');
    const [back] = await allRows(await openSource(goodFile));
    assert.deepEqual(back.values, rows[0].values);
    assert.match(back.raw ?? '', /X-FARLEY-ERRORS:line 1: bad "date"\\; really\r\nEND:VCARD/);
    const jcard = await openSource(sharedData('vcard', 'real-clients', 'jcard-example.json'));
    const { file: jFile, rows: jRows } = await rejectAll(jcard, 'out.json');
    const [jBack] = await allRows(await openSource(jFile));
    assert.deepEqual(jBack.values, jRows[0].values);
  });

  test('JSON: the original objects with _errors', async () => {
    const source = await openSource(
      tempFile('in.json', JSON.stringify([{ lastName: 'A', emails: [{ email: 'x' }] }, 7])),
    );
    const { file } = await rejectAll(source, 'out.json');
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), [
      { lastName: 'A', emails: [{ email: 'x' }], _errors: ['line 1: bad "date"; really'] },
      { _value: 7, _errors: ['Element 2 is not an object', 'line 2: bad "date"; really'] },
    ]);
  });

  test('formula escaping', () => {
    for (const [raw, escaped] of [
      ['=1+1', "'=1+1"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['+cmd|x', "'+cmd|x"],
      ['-2+3', "'-2+3"],
      ['-5', '-5'],
      ['+49 (30) 123-45', '+49 (30) 123-45'],
      ['-HYPERLINK("x")', '\'-HYPERLINK("x")'],
      ['plain', 'plain'],
    ]) {
      assert.equal(escapeCell(raw), escaped, raw);
      assert.equal(unescapeCell(escapeCell(raw)), raw, raw);
    }
  });
});
