// Every problem code and field code of the API (src/contract/problems.ts) has a German and an
// English text in the web app, and the web app's words for problems are the user's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorCodeList, isFieldErrorCode, problemCodeList } from '../../src/contract/problems.ts';
import { ApiError } from '../../src/web/app/api.ts';
import { fieldErrorText, problemText, retryHelps, waysForward } from '../../src/web/ui/problems.ts';
import { bundle, texts } from './texts.ts';

const languages = ['de', 'en'] as const;

function problems(language: string) {
  return bundle(language).problems as {
    codes: Record<string, string>;
    fields: Record<string, string>;
    byField: Record<string, Record<string, string>>;
    forward: Record<string, string>;
  };
}

test('every problem code has a German and an English text, and no text is for a code that does not exist', () => {
  for (const language of languages) {
    const { codes } = problems(language);
    for (const code of problemCodeList) assert.ok(codes[code]?.trim(), `${language}: problems.codes.${code}`);
    assert.deepEqual(Object.keys(codes).sort(), [...problemCodeList].sort(), `${language}: codes without a problem`);
  }
});

test('every field error code has a German and an English text, and texts by field use known codes', () => {
  for (const language of languages) {
    const { fields, byField } = problems(language);
    for (const code of fieldErrorCodeList) assert.ok(fields[code]?.trim(), `${language}: problems.fields.${code}`);
    assert.deepEqual(Object.keys(fields).sort(), [...fieldErrorCodeList].sort());
    for (const [field, own] of Object.entries(byField)) {
      for (const code of Object.keys(own)) assert.ok(isFieldErrorCode(code), `${field}.${code}`);
    }
  }
});

test('a problem reads in the language of the user, whatever the English detail says', async () => {
  const error = new ApiError(401, { status: 401, code: 'wrong_credentials', detail: 'Email or password is wrong.' });
  assert.equal(problemText(error, await texts('de')), 'E-Mail-Adresse oder Passwort ist falsch.');
  assert.equal(problemText(error, await texts('en')), 'The email address or the password is wrong.');
  // An answer without a (known) code reads by its status.
  const old = new ApiError(404, { status: 404, detail: 'The contact does not exist.' });
  assert.match(problemText(old, await texts('de')), /gibt es nicht/);
  assert.match(problemText(new ApiError(0, null), await texts('de')), /nicht erreichbar/);
});

test('a record that is gone leads to its list, a trashed one to the trash of its kind, and only passing trouble offers a retry', () => {
  const notFound = new ApiError(404, { status: 404, code: 'not_found' });
  const trashed = new ApiError(404, { status: 404, code: 'in_trash' });
  const broken = new ApiError(400, { status: 400, code: 'malformed_id' });
  assert.deepEqual(waysForward(notFound, '/contacts/0190'), [{ to: '/contacts', label: 'problems.forward.contacts' }]);
  assert.deepEqual(waysForward(broken, '/deals/xyz'), [{ to: '/deals', label: 'problems.forward.deals' }]);
  assert.deepEqual(waysForward(trashed, '/companies/0190/edit'), [
    { to: '/trash?type=companies', label: 'problems.forward.trash' },
    { to: '/companies', label: 'problems.forward.companies' },
  ]);
  assert.equal(retryHelps(notFound), false);
  assert.equal(retryHelps(trashed), false);
  assert.equal(retryHelps(new ApiError(503, { status: 503, code: 'database_busy' })), true);
  assert.equal(retryHelps(new ApiError(0, null)), true);
  for (const language of languages) {
    for (const way of ['contacts', 'companies', 'deals', 'tasks', 'activities', 'start', 'trash']) {
      assert.ok(problems(language).forward[way], `${language}: problems.forward.${way}`);
    }
  }
  assert.equal(problems('de').forward.contacts, 'Zur Kontaktliste');
  assert.equal(problems('de').forward.trash, 'Im Papierkorb ansehen');
});

test('a field error without its own words for the field reads as its code', async () => {
  const de = await texts('de');
  assert.equal(fieldErrorText('emails.0.email', 'invalid_email', de), 'Das ist keine gültige E-Mail-Adresse.');
  assert.equal(
    fieldErrorText('addresses.1.postalCode', 'invalid_format', de),
    'Das ist keine gültige Postleitzahl für dieses Land.',
  );
  assert.equal(fieldErrorText('website', 'invalid_format', de), 'Das Format stimmt nicht.');
});
