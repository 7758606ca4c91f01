// What the readers and the mapping report about bad rows: each problem's code is one of
// importRowProblems (src/contract/imports.ts) with one of that code's reasons, and carries the
// params its text needs (the value, the column, the cells); the English message stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importRowProblems, type ImportRowCode } from '../../../../contract/imports.ts';
import { applyMapping, openSource, type RowProblem } from './index.ts';
import { allRows, tempFile } from './testing.ts';

const reasonOf = (problem: RowProblem) => (problem.params as { reason?: string } | undefined)?.reason;

function known(problem: RowProblem) {
  const reasons = importRowProblems[problem.code as ImportRowCode] as readonly string[] | undefined;
  assert.ok(reasons, `a registered code: ${problem.code}`);
  const reason = reasonOf(problem);
  if (reason !== undefined) assert.ok(reasons.includes(reason), `${problem.code} has the reason ${reason}`);
  assert.ok(problem.message.length > 0);
}

test('values that cannot be stored name code, reason, value and column', () => {
  const { problems } = applyMapping(
    'contacts',
    {
      lastName: 'Name',
      birthday: 'Geb.',
      email: 'Mail',
      lifecycleStage: 'Phase',
      constants: { tags: 'Messe' },
    },
    { line: 4, values: { Name: 'Muster', 'Geb.': '31.02.2026', Mail: 'a@@b', Phase: 'Stammgast' }, problems: [] },
    { defaultCountry: 'DE', onInvalid: 'reject' },
  );
  problems.forEach(known);
  const by = Object.fromEntries(problems.map((p) => [p.field, p]));
  assert.deepEqual(by.birthday.params, { value: '31.02.2026', column: 'Geb.', reason: 'no_such_day' });
  assert.equal(by.birthday.code, 'invalid_date');
  assert.match(by.birthday.message, /"31\.02\.2026" is not a date that exists/);
  assert.deepEqual(by.email.params, { value: 'a@@b', column: 'Mail' });
  assert.equal(by.lifecycleStage.code, 'invalid_choice');
  assert.equal(reasonOf(by.lifecycleStage), 'listed');
  assert.match(String(by.lifecycleStage.params?.choices), /customer/);
});

test('numbers, money and yes/no tell apart what was expected', () => {
  const { problems } = applyMapping(
    'companies',
    { name: 'Name', employeeCount: 'MA', annualRevenue: 'Umsatz' },
    { line: 2, values: { Name: 'ACME', MA: '12,5', Umsatz: '1,234' }, problems: [] },
    { defaultCountry: 'DE', onInvalid: 'skipValue' },
  );
  problems.forEach(known);
  assert.deepEqual(
    problems.map((p) => [p.code, reasonOf(p)]),
    [
      ['wrong_type', 'whole_number'],
      ['invalid_format', 'decimals'],
    ],
  );
});

test('readers: extra cells, a JSON element that is no object, broken vCards', async () => {
  const csv = await openSource(tempFile('a.csv', 'Name;Ort\nA;B;C;D\n'), { fileName: 'a.csv' });
  const [row] = await allRows(csv);
  row.problems.forEach(known);
  assert.deepEqual(row.problems[0].params, { reason: 'extra_cells', cells: 4, columns: 2 });

  const json = await openSource(tempFile('a.json', '[{"name":"A"}, 5]'), { fileName: 'a.json' });
  const rows = await allRows(json);
  rows[1].problems.forEach(known);
  assert.equal(reasonOf(rows[1].problems[0]), 'not_object');

  const vcf = await openSource(
    tempFile(
      'a.vcf',
      [
        'BEGIN:VCARD',
        'VERSION:9.9',
        'FN:Eins',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:4.0',
        'KIND:group',
        'FN:Gruppe',
        'END:VCARD',
        'garbage here',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:Offen',
      ].join('\r\n'),
    ),
    { fileName: 'a.vcf' },
  );
  const cards = await allRows(vcf);
  const reasons = cards.flatMap((card) => card.problems.map((p) => (known(p), reasonOf(p))));
  assert.deepEqual(reasons, ['card_version', 'card_kind', 'outside_card', 'card_cut_off']);
  assert.equal(cards[0].problems[0].params?.value, '9.9');
});
