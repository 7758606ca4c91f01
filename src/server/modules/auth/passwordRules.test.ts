// The rules of a new password (NIST SP 800-63B): length, common passwords, repetition, the
// user's own words; no composition rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from './passwordRules.ts';

const owner = { email: 'greta.sommerfeld@baeckerei-lind.example', name: 'Greta Sommerfeld' };
const rule = (password: string) => passwordProblem(password, owner)?.problem;

test('12 to 256 characters, counted as characters rather than bytes', () => {
  assert.equal(rule('kurz & gut'), 'password_too_short');
  assert.equal(rule('ÄÖÜäöüß€ÄÖÜ'), 'password_too_short', '11 characters, more bytes');
  assert.equal(rule('Lindenblüte im Juni'), undefined);
  assert.equal(rule('x'.repeat(100) + ' Lindenblüte im Juni '.repeat(7)), undefined);
  assert.equal(rule('Lindenblüte im Juni '.repeat(13)), 'password_too_long');
});

test('no composition rules: lower case words alone are fine', () => {
  assert.equal(rule('kastanienallee mit hund'), undefined);
  assert.equal(rule('zwölf zeichen'), undefined);
});

test('common and breached passwords are refused, also with digits and signs around them', () => {
  for (const password of ['qwerty123456', '123456789012', 'Passwort2024!', '!!!sommer2025', 'Fussball1234'])
    assert.equal(rule(password), 'password_common', password);
});

test('repeated and counted-up characters are refused', () => {
  for (const password of ['aaaaaaaaaaaa', 'abababababab', 'abcdefghijklm', '111122223333'])
    assert.notEqual(rule(password), undefined, password);
  assert.equal(rule('aaaaaaaaaaaa'), 'password_repetitive');
  assert.equal(rule('abcdefghijklm'), 'password_repetitive');
});

test('the email, the name and the product are not in it', () => {
  assert.equal(rule('Greta.Sommerfeld-1987'), 'password_personal');
  assert.equal(rule('mein farley-Zugang!'), 'password_personal');
  assert.equal(rule('GretaSommerfeld im Juni'), 'password_personal');
  assert.equal(rule('Sommerfeld ist schön'), undefined, 'one part of the name alone is no rule');
});

test('the field error names the field it is for', () => {
  assert.deepEqual(passwordProblem('kurz', owner, 'newPassword'), {
    problem: 'password_too_short',
    path: 'newPassword',
    code: 'too_short',
    message: 'The password needs at least 12 characters.',
  });
});
