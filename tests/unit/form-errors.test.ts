// Field errors of the web forms (src/web/features/forms/fieldErrors.ts): the contract's zod
// issues and the server's problem errors become one map from dotted path to message, and an
// edit sends only what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TFunction } from 'i18next';
import { companyCreate } from '../../src/contract/companies.ts';
import { contactCreate, identifiedContact } from '../../src/contract/contacts.ts';
import { ApiError } from '../../src/web/app/api.ts';
import { changedFields, clientErrors, serverErrors } from '../../src/web/features/forms/fieldErrors.ts';
import { texts } from './texts.ts';

// The translation key itself stands for the text, with its values appended.
const t = ((key: string, values?: Record<string, unknown>) =>
  values ? `${key} ${JSON.stringify(values)}` : key) as unknown as TFunction;

test('a contract violation becomes a translated message at the dotted path of its field', () => {
  const errors = clientErrors(companyCreate.safeParse({ name: ' ', emails: [{ email: 'j.mueller@example' }] }), t);
  assert.deepEqual(errors, { name: 'forms.errors.required', 'emails.0.email': 'forms.errors.email' });
});

test('a required field that was left out counts as empty, not as invalid', () => {
  assert.deepEqual(clientErrors(companyCreate.safeParse({}), t), { name: 'forms.errors.required' });
});

test('a contact form that names no one says so at the last name, in the words of its key', async () => {
  const schema = identifiedContact(contactCreate);
  const errors = clientErrors(schema.safeParse({ salutation: 'Frau', lastName: ' ' }), t);
  assert.deepEqual(errors, { lastName: 'forms.errors.contactIdentity' });
  assert.deepEqual(clientErrors(schema.safeParse({ emails: [{ email: 'leser@example.de' }] }), t), {});
  const server = new ApiError(422, {
    status: 422,
    errors: [{ path: 'lastName', code: 'required', message: 'a contact needs at least a first or last name, …' }],
  });
  assert.match(
    serverErrors(server, await texts('de')).lastName ?? '',
    /Namen, eine E-Mail-Adresse oder eine Telefonnummer/,
  );
  assert.match(serverErrors(server, await texts('en')).lastName ?? '', /a name, an email address or a phone number/);
});

test('an over-long text names its limit', () => {
  const errors = clientErrors(contactCreate.safeParse({ lastName: 'x'.repeat(101) }), t);
  assert.equal(errors.lastName, 'forms.errors.tooLong {"max":100}');
});

test('a valid input has no field errors', () => {
  assert.deepEqual(
    clientErrors(contactCreate.safeParse({ lastName: 'Müller', emails: [{ email: 'j.mueller@example.de' }] }), t),
    {},
  );
});

test("the server's field errors keep their paths, without a body prefix or JSON-pointer slashes, translated by code and field", async () => {
  const de = await texts('de');
  const error = new ApiError(422, {
    status: 422,
    errors: [
      { path: 'addresses.0.postalCode', code: 'invalid_format', message: '"123": a German postal code has 5 digits' },
      { path: 'body.jobTitle', code: 'too_long', message: 'at most 200 characters' },
      { path: '/phones/1/number', code: 'invalid_phone', message: 'not a phone number' },
      { path: 'body.name', code: 'required', message: 'must not be empty' },
      { path: 'notes', message: 'a field error of an older server, without code' },
    ],
  });
  assert.deepEqual(serverErrors(error, de), {
    'addresses.0.postalCode': 'Das ist keine gültige Postleitzahl für dieses Land.',
    jobTitle: 'Zu lang.',
    'phones.1.number': 'Das ist keine gültige Telefonnummer.',
    name: 'Bitte dieses Feld ausfüllen.',
    notes: 'Dieser Wert ist ungültig.',
  });
  assert.equal(serverErrors(error, await texts('en')).name, 'Please fill in this field.');
  assert.deepEqual(serverErrors(new Error('offline'), de), {});
});

test('an edit sends only the fields whose value changed, arrays compared by content', () => {
  const before: Record<string, unknown> = {
    lastName: 'Müller',
    jobTitle: null,
    tags: ['a'],
    emails: [{ email: 'a@example.de' }],
  };
  const after = { lastName: 'Müller', jobTitle: 'Einkauf', tags: ['a'], emails: [{ email: 'b@example.de' }] };
  assert.deepEqual(changedFields(before, after), { jobTitle: 'Einkauf', emails: [{ email: 'b@example.de' }] });
});
