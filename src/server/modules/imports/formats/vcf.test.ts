import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { AppError } from '../../../platform/errors.ts';
import { applyMapping, guessMapping, openSource, type SourceRow } from './index.ts';
import { allRows, sharedData, tempFile } from './testing.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: what the test looks for
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const settings = { defaultCountry: 'DE', onInvalid: 'skipValue' as const };

function vcfFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return vcfFiles(full);
    return entry.name.endsWith('.vcf') ? [full] : [];
  });
}

async function contactsOf(file: string) {
  const source = await openSource(file);
  assert.equal(source.format, 'vcf');
  const mapping = guessMapping('contacts', source.columns);
  const rows: Array<{ row: SourceRow; result: ReturnType<typeof applyMapping> }> = [];
  for await (const row of source.rows()) rows.push({ row, result: applyMapping('contacts', mapping, row, settings) });
  return rows;
}

describe('vCard reader', () => {
  test('every card of the CardDAV test corpus comes through, but the malformed one', async () => {
    const files = vcfFiles(sharedData('vcard', 'caldavtester'));
    assert.ok(files.length >= 160, `found ${files.length} files`);
    let people = 0;
    let groups = 0;
    for (const file of files) {
      const rows = await contactsOf(file);
      assert.ok(rows.length >= 1, file);
      for (const { row, result } of rows) {
        if (file.endsWith(path.join('vcarderrors', '4.vcf'))) {
          assert.equal(result.rejected, true);
          assert.match(result.problems[0].message, /"--BEGIN:VCARD" is not a BEGIN:VCARD line/);
          assert.equal(row.line, 1);
          continue;
        }
        const raw = row.raw ?? '';
        if (/^(X-ADDRESSBOOKSERVER-)?KIND:group/im.test(raw)) {
          // Address-book groups are lists of members, not people.
          assert.equal(result.rejected, true, file);
          assert.match(result.problems[0].message, /is a group \(KIND:group\), not a person/);
          groups++;
          continue;
        }
        assert.equal(result.rejected, false, `${file}: ${result.problems.map((p) => p.message).join('; ')}`);
        assert.ok(result.values.lastName, `${file}: a name`);
        const reachable = result.values.email ?? result.values.phone ?? result.values.mobile ?? result.values.street;
        assert.ok(reachable, `${file}: an email, phone or address`);
        people++;
        for (const value of Object.values(row.values)) assert.doesNotMatch(String(value), controls, file);
      }
    }
    assert.ok(people >= 120 && groups >= 40, `${people} people, ${groups} groups`);
  });

  test('the error cards: shared UID, 2.1 card, control character, broken address lines', async () => {
    const dir = sharedData('vcard', 'caldavtester', 'vcarderrors');
    const [one] = await contactsOf(path.join(dir, '1.vcf'));
    const [two] = await contactsOf(path.join(dir, '2.vcf'));
    assert.equal(one.row.values.UID, two.row.values.UID);
    assert.equal(one.result.values.externalId, 'ED7A5AEC-AB19-4CE0-AD6A-2923A3E5C4E1:ABPerson');
    assert.deepEqual(two.result.values.fax, ['6508900909']);
    assert.equal(two.result.values.company, 'Apple Inc.');
    const [six] = await contactsOf(path.join(dir, '6.vcf'));
    assert.deepEqual(
      [six.result.values.firstName, six.result.values.lastName, six.result.values.company, six.result.values.fax],
      ['Saeko', '176-edited', 'Apple', ['3333333333']],
    );
    const [eight] = await contactsOf(path.join(dir, '8.vcf'));
    assert.equal(eight.result.values.notes, 'Illegal control here -><-');
    assert.equal(eight.result.values.lastName, 'Śuterry');
    assert.equal(eight.result.values.street, '1 ïlena');
    const [broken] = await contactsOf(sharedData('vcard', 'caldavtester', 'verrors', '3.vcf'));
    assert.equal(broken.result.values.city, 'Mountain View');
  });

  test('real clients: names, emails, phones, addresses, organisation', async () => {
    const dir = sharedData('vcard', 'real-clients');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.vcf') || f.endsWith('.json'));
    assert.ok(files.length >= 18);
    const byFile = new Map<string, Awaited<ReturnType<typeof contactsOf>>>();
    for (const file of files) {
      const rows = await contactsOf(path.join(dir, file));
      byFile.set(file, rows);
      for (const { result } of rows) {
        assert.equal(result.rejected, false, `${file}: ${result.problems.map((p) => p.message).join('; ')}`);
        // A card with only an email or a number (FN made from it) is someone without a name.
        assert.ok(result.values.lastName || result.values.email || result.values.phone, file);
      }
    }
    const first = (file: string) => byFile.get(file)![0].result.values;
    assert.deepEqual(first('John_Doe_MS_OUTLOOK.vcf').email, ['john.doe@ibm.cm']);
    assert.equal(first('John_Doe_MS_OUTLOOK.vcf').company, 'IBM');
    assert.equal(first('outlook-2003.vcf').notes, 'This is the note field!!\nSecond line\n\nThird line is empty');
    assert.deepEqual(first('outlook-2003.vcf').fax, ['BusinessFaxPhone']);
    assert.deepEqual(first('outlook-2003.vcf').mobile, ['MobilePhone']);
    assert.equal(first('outlook-2007.vcf').street, '222 Broadway');
    assert.equal((first('John_Doe_ANDROID.vcf').email as string[])[0], 'john.doe@company.com');
    // Its first card has only an email: a contact without a name, not one named by the address.
    assert.equal(first('John_Doe_ANDROID.vcf').lastName, undefined);
    assert.equal(byFile.get('John_Doe_ANDROID.vcf')![2].result.values.lastName, 'Ñ Ñ Ñ Ñ');
    assert.deepEqual(
      [first('issue114.vcf').company, first('issue114.vcf').city, first('issue114.vcf').postalCode],
      ['Dummy GmbH', 'Bad Homburg', '61352'],
    );
    assert.equal(byFile.get('gmail-list.vcf')!.length, 3);
    assert.equal(first('rfc6350-example.vcf').company, 'Viagenie');
    assert.deepEqual(first('jcard-example.json'), first('rfc6350-example.vcf'));
    assert.equal(first('rfc2426-example.vcf').lastName, 'Dawson');
  });

  test('xCard is refused with a clear error', async () => {
    await assert.rejects(
      openSource(sharedData('vcard', 'real-clients', 'rfc6351-example.xml')),
      (error: unknown) =>
        error instanceof AppError && error.code === 'import_unknown_format' && /xCard/.test(error.detail),
    );
  });

  test('2.1 with Windows-1252 quoted-printable, cards without END, garbage, long lines', async () => {
    const card21 = iconv.encode(
      [
        'BEGIN:VCARD',
        'VERSION:2.1',
        'N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg',
        'TEL;WORK;VOICE:030 1234567',
        'TEL;CELL:0170 1234567',
        'ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=DFe 5;K=F6ln;;50667;Deutschland',
        'NOTE;ENCODING=QUOTED-PRINTABLE:Zeile eins=0D=0AZeile =',
        'zwei',
        'END:VCARD',
        '',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Ohne;Ende',
        'BEGIN:VCARD',
        'VERSION:3.0',
        `NOTE:${'x'.repeat(2 * 1024 * 1024)}`,
        'N:Lang;Zu',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Letzte Karte',
        'EMAIL:letzte@example.de',
        'END:VCARD',
        'trailing junk',
      ].join('\r\n'),
      'latin1',
    );
    const rows = await allRows(await openSource(tempFile('mix.vcf', card21)));
    assert.deepEqual(
      rows.map((r) => [r.line, r.problems.length > 0]),
      [
        [1, false],
        [11, true],
        [14, true],
        [19, false],
        [24, true],
      ],
    );
    assert.equal(rows[0].values['N.family'], 'Müller');
    assert.equal(rows[0].values['ADR.1.street'], 'Hauptstraße 5');
    assert.equal(rows[0].values['ADR.1.city'], 'Köln');
    assert.equal(rows[0].values.NOTE, 'Zeile eins\nZeile zwei');
    assert.equal(rows[0].values['TEL.2.type'], 'cell');
    assert.match(rows[1].problems[0].message, /without END:VCARD/);
    assert.match(rows[2].problems[0].message, /longer than 1 MB/);
    assert.ok((rows[2].raw ?? '').length < 1.1 * 1024 * 1024);
    assert.equal(rows[3].values.FN, 'Letzte Karte');
    assert.match(rows[4].problems[0].message, /outside any card/);
    await assert.rejects(
      openSource(tempFile('bin.vcf', Buffer.concat([Buffer.from('BEGIN:VCARD\r\n'), Buffer.alloc(10)]))),
      (error: unknown) => error instanceof AppError && error.code === 'import_not_text',
    );
  });
});
