// Every code an import row's problem can carry (importRowProblems in src/contract/imports.ts)
// has a German and an English text, for each of its reasons too, and the web app fills them
// with the problem's params (the value, the cells, the other line) in the user's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importRowProblems, type ImportRowCode } from '../../src/contract/imports.ts';
import { rowProblemText } from '../../src/web/features/imports/problemText.ts';
import { bundle, texts } from './texts.ts';

const languages = ['de', 'en'] as const;
const label = (key: string) => ({ birthday: 'Geburtstag', owner: 'Zuständig' })[key] ?? key;
/** Every param a text may use, so that any left unfilled shows as `{{…}}`. */
const params = { value: 'x', column: 'Spalte', choices: 'a, b', line: 3, cells: 5, columns: 4, limit: 10 };

const keysOf = () =>
  (Object.entries(importRowProblems) as Array<[ImportRowCode, readonly string[]]>).flatMap(([code, reasons]) => [
    code,
    ...reasons.map((reason) => `${code}_${reason}`),
  ]);

test('every import problem code and each of its reasons has a German and an English text', () => {
  for (const language of languages) {
    const problem = (bundle(language).imports as { problem: Record<string, string> }).problem;
    for (const key of keysOf()) assert.ok(problem[key]?.trim(), `${language}: imports.problem.${key}`);
    // And no text waits for a code or reason the server cannot send.
    const known = new Set([...keysOf(), 'withValue', 'withField']);
    assert.deepEqual(
      Object.keys(problem).filter((key) => !known.has(key)),
      [],
      `${language}: texts without a code`,
    );
  }
});

test('the web app shows each code and reason in the language, with its params filled in', async () => {
  for (const language of languages) {
    const t = await texts(language);
    for (const [code, reasons] of Object.entries(importRowProblems) as Array<[ImportRowCode, readonly string[]]>) {
      for (const reason of [undefined, ...reasons]) {
        const text = rowProblemText(
          { field: 'birthday', message: 'english', code, params: { ...params, ...(reason ? { reason } : {}) } },
          t,
          label,
          { withField: true },
        );
        const what = `${language} ${code} ${reason ?? ''}`;
        assert.ok(!text.includes('{{') && !text.includes('imports.problem') && text !== 'english', `${what}: ${text}`);
        assert.ok(text.startsWith('Geburtstag: '), `${what}: the field first`);
      }
    }
  }
});

test('a German import problem reads German: value, field and reason; a write problem reads its problem code', async () => {
  const de = await texts('de');
  const en = await texts('en');
  const day = {
    field: 'birthday',
    message: 'Birthday (Geb.): "31.02.2026" is not a date that exists',
    code: 'invalid_date',
    params: { reason: 'no_such_day', value: '31.02.2026', column: 'Geb.' },
  };
  assert.equal(
    rowProblemText(day, de, label, { withField: true }),
    'Geburtstag: „31.02.2026“: Dieses Datum gibt es nicht.',
  );
  assert.equal(rowProblemText(day, en, label), '"31.02.2026": This date does not exist.');
  const cells = {
    field: null,
    message: 'x',
    code: 'invalid_format',
    params: { reason: 'extra_cells', cells: 5, columns: 4 },
  };
  assert.match(
    rowProblemText(cells, de, label, { withField: true }),
    /^Die Zeile hat 5 Zellen, die Kopfzeile nur 4 Spalten/,
  );
  assert.equal(
    rowProblemText({ field: 'UID', message: 'x', code: 'merged', params: { reason: 'same_uid', line: 7 } }, de, label),
    'Dieselbe UID wie die vCard in Zeile 7: Beide wurden zu einem Eintrag zusammengeführt.',
  );
  // A contact row that names no one: said as what is missing, not as an empty last name.
  const noOne = { field: 'lastName', message: 'x', code: 'required', params: { reason: 'no_one' } };
  assert.match(rowProblemText(noOne, de, label), /^Der Kontakt braucht einen Namen, eine E-Mail-Adresse/);
  assert.match(rowProblemText(noOne, en, label), /^A contact needs a name, an email address or a phone number/);
  // A code of the problem registry (a write the database refused) reads as in the rest of the app.
  assert.equal(
    rowProblemText({ field: null, message: 'x', code: 'value_too_long' }, de, label),
    (bundle('de').problems as { codes: Record<string, string> }).codes.value_too_long,
  );
  // An import stored before problems had codes keeps its English words.
  assert.equal(rowProblemText({ field: 'email', message: 'old words' }, de, label), 'old words');
});
