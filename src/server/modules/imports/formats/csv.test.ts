import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { AppError } from '../../../platform/errors.ts';
import { openSource } from './index.ts';
import { allRows, tempFile } from './testing.ts';

const rejectsWith = async (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (error: unknown) => error instanceof AppError && error.code === code);

describe('CSV reader', () => {
  test('German Excel: semicolons, Windows-1252, quoted line breaks, line numbers', async () => {
    const text =
      'Vorname;Nachname;Straße;Notiz\r\nJörg;Müßig;"Hauptstraße 5";"zwei\r\nZeilen"\r\n\r\nÄnne;Öz;;"Preis 1.234,56 €"\r\n';
    const file = tempFile('kunden.csv', iconv.encode(text, 'windows-1252'));
    const source = await openSource(file);
    assert.equal(source.format, 'csv');
    assert.equal(source.encoding, 'windows-1252');
    assert.equal(source.delimiter, ';');
    assert.equal(source.locale, 'de');
    assert.deepEqual(source.columns, ['Vorname', 'Nachname', 'Straße', 'Notiz']);
    const rows = await allRows(source);
    assert.deepEqual(
      rows.map((r) => [r.line, r.values.Vorname, r.values.Nachname, r.values.Notiz]),
      [
        [2, 'Jörg', 'Müßig', 'zwei\r\nZeilen'],
        [5, 'Änne', 'Öz', 'Preis 1.234,56 €'],
      ],
    );
  });

  test('UTF-8 with BOM, commas, LF, duplicate and empty headers', async () => {
    const file = tempFile('x.csv', '\uFEFFName,E-Mail,E-Mail,,Ort\nAnna,a@example.de,b@example.de,?,Köln\n');
    const source = await openSource(file);
    assert.equal(source.encoding, 'utf-8');
    assert.equal(source.delimiter, ',');
    assert.deepEqual(source.columns, ['Name', 'E-Mail', 'E-Mail_2', 'column_4', 'Ort']);
    const [row] = await allRows(source);
    assert.equal(row.values.Ort, 'Köln');
    assert.equal(row.values['E-Mail_2'], 'b@example.de');
  });

  test('UTF-8 without BOM whose first non-ASCII byte is far into the file', async () => {
    const lines = ['a,b', ...Array.from({ length: 400 }, (_, i) => `${i},${'x'.repeat(1000)}`), 'Zoë,Straße'];
    const source = await openSource(tempFile('late.csv', `${lines.join('\n')}\n`));
    assert.equal(source.encoding, 'utf-8');
    const rows = await allRows(source);
    assert.equal(rows.at(-1)?.values.a, 'Zoë');
    assert.equal(rows.at(-1)?.line, 402);
  });

  test('tab and pipe delimiters are detected; the user may override; ISO-8859-1 chosen', async () => {
    const tab = await openSource(tempFile('t.txt', 'a\tb\tc\n1\t2,5\t3\n'));
    assert.equal(tab.delimiter, '\t');
    assert.deepEqual((await allRows(tab))[0].values, { a: '1', b: '2,5', c: '3' });
    const pipe = await openSource(tempFile('p.csv', 'a|b\n"x|y"|2\n'));
    assert.equal(pipe.delimiter, '|');
    assert.equal((await allRows(pipe))[0].values.a, 'x|y');
    const forced = await openSource(tempFile('f.csv', iconv.encode('a;b\nä;ö\n', 'latin1')), {
      delimiter: ';',
      encoding: 'iso-8859-1',
    });
    assert.deepEqual((await allRows(forced))[0].values, { a: 'ä', b: 'ö' });
  });

  test('a row with more cells than the header is a row problem, a short one is padded', async () => {
    const rows = await allRows(await openSource(tempFile('c.csv', 'a;b\n1;2;3\n4\n')));
    assert.equal(rows[0].problems[0].code, 'invalid_format');
    assert.equal(rows[0].problems[0].line, 2);
    assert.deepEqual(rows[1].values, { a: '4', b: '' });
    assert.deepEqual(rows[1].problems, []);
  });

  test('formula-like cells are plain text', async () => {
    const rows = await allRows(await openSource(tempFile('f.csv', 'a,b\n"=cmd|\' /C calc\'!A0",@SUM(1)\n')));
    assert.equal(rows[0].values.a, "=cmd|' /C calc'!A0");
    assert.equal(rows[0].values.b, '@SUM(1)');
  });

  test('hostile files get clear errors', async () => {
    await rejectsWith(openSource(tempFile('bin.csv', Buffer.from([0x41, 0x00, 0x42, 0xff, 0x00]))), 'import_not_text');
    await rejectsWith(
      openSource(tempFile('bin.dat', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]))),
      'import_not_text',
    );
    const wide = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    await rejectsWith(openSource(tempFile('wide.csv', `${wide}\n`)), 'import_too_many_columns');
    const long = `a,b\n1,${'x'.repeat(2 * 1024 * 1024)}\n2,3\n`;
    const source = await openSource(tempFile('long.csv', long));
    await rejectsWith(allRows(source), 'import_line_too_long');
    await rejectsWith(openSource(tempFile('longhead.csv', 'y'.repeat(2 * 1024 * 1024))), 'import_line_too_long');
    await rejectsWith(openSource(tempFile('empty.csv', '')), 'import_file_unreadable');
    await rejectsWith(openSource(tempFile('old.xls', Buffer.from('d0cf11e0a1b11ae1', 'hex'))), 'import_unknown_format');
    await rejectsWith(openSource(tempFile('x.pdf', '%PDF-1.4')), 'import_unknown_format');
    const open = await openSource(tempFile('q.csv', 'a,b\n1,"never closed\n2,3\n'));
    await rejectsWith(allRows(open), 'import_file_unreadable');
  });
});
