// The rules of a new password (NIST SP 800-63B): length, common passwords, repetition, the
// user's own words; no composition rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from './passwordRules.ts';

const owner = { email: 'greta.sommerfeld@baeckerei-lind.example', name: 'Greta Sommerfeld' };
const rule = async (password: string) => (await passwordProblem(password, owner))?.problem;

test('12 to 256 characters, counted as characters rather than bytes', async () => {
  assert.equal(await rule('kurz & gut'), 'password_too_short');
  assert.equal(await rule('ÄÖÜäöüß€ÄÖÜ'), 'password_too_short', '11 characters, more bytes');
  assert.equal(await rule('Lindenblüte im Juni'), undefined);
  assert.equal(await rule('x'.repeat(100) + ' Lindenblüte im Juni '.repeat(7)), undefined);
  assert.equal(await rule('Lindenblüte im Juni '.repeat(13)), 'password_too_long');
});

test('no composition rules: lower case words alone are fine', async () => {
  assert.equal(await rule('kastanienallee mit hund'), undefined);
  assert.equal(await rule('zwölf zeichen'), undefined);
});

test('common and breached passwords are refused, also with digits and signs around them', async () => {
  for (const password of ['qwerty123456', '123456789012', 'Passwort2024!', '!!!sommer2025', 'Fussball1234'])
    assert.equal(await rule(password), 'password_common', password);
});

test('repeated and counted-up characters are refused', async () => {
  for (const password of ['aaaaaaaaaaaa', 'abababababab', 'abcdefghijklm', '111122223333'])
    assert.notEqual(await rule(password), undefined, password);
  assert.equal(await rule('aaaaaaaaaaaa'), 'password_repetitive');
  assert.equal(await rule('abcdefghijklm'), 'password_repetitive');
});

test('the email, the name and the product are not in it', async () => {
  assert.equal(await rule('Greta.Sommerfeld-1987'), 'password_personal');
  assert.equal(await rule('mein farley-Zugang!'), 'password_personal');
  assert.equal(await rule('GretaSommerfeld im Juni'), 'password_personal');
  assert.equal(await rule('Sommerfeld ist schön'), undefined, 'one part of the name alone is no rule');
});

test('the field error names the field it is for', async () => {
  assert.deepEqual(await passwordProblem('kurz', owner, 'newPassword'), {
    problem: 'password_too_short',
    path: 'newPassword',
    code: 'too_short',
    message: 'The password needs at least 12 characters.',
  });
});
