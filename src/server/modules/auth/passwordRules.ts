// What a new password must be, after NIST SP 800-63B (5.1.1.2): long enough (12 characters) and
// not too long to hash (256), no composition rules (no "a digit and a capital"), and none that
// an attacker tries first: common and breached passwords, repetitive or sequential characters,
// and words of the context (the user's email, name, the product). Checked whenever a password
// is set (users created or changed, a password changed or reset, the `farley` command); a
// password set under older rules still signs in (rules apply when setting, never at sign-in).
import type { ProblemCode } from '../../../contract/problems.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';

export const minPasswordLength = 12;
export const maxPasswordLength = 256;

let common: Promise<Set<string>> | undefined;
/**
 * About 49,000 passwords most common in breach corpora (zxcvbn-ts' `passwords-common`, MIT
 * licence, from the npm package @zxcvbn-ts/language-common), lower case. Loaded on first use:
 * unpacking the list takes a few hundred milliseconds (docs/performance.md) that a server or a
 * `farley` command which sets no password should not wait for at its start.
 */
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())),
  );
  return common;
}

/** Who the password is for: their words may not be in it. */
export interface PasswordOwner {
  email?: string;
  name?: string;
}

const lettersOnly = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Whether every character is the one before it plus or minus one (abcdef, 987654). */
function sequential(text: string): boolean {
  const codes = [...text].map((char) => char.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) === 1 && codes.every((code, index) => index === 0 || code - codes[index - 1]! === step);
}

/** A rule a password breaks: the problem code that names it, and the field error at the password. */
export interface PasswordProblem extends FieldError {
  problem: ProblemCode;
}

/** The rule a password breaks, or undefined when it is fine. */
export async function passwordProblem(
  password: string,
  owner: PasswordOwner = {},
  path = 'password',
): Promise<PasswordProblem | undefined> {
  const length = [...password].length;
  if (length < minPasswordLength)
    return {
      problem: 'password_too_short',
      path,
      code: 'too_short',
      message: `The password needs at least ${minPasswordLength} characters.`,
    };
  if (length > maxPasswordLength)
    return {
      problem: 'password_too_long',
      path,
      code: 'too_long',
      message: `The password may have at most ${maxPasswordLength} characters.`,
    };
  const lower = password.toLowerCase();
  // "Passwort2024!" is "passwort" with decoration: what is left between digits and signs at
  // either end is what an attacker's list holds.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const list = await commonPasswords();
  if (list.has(lower) || (core.length > 0 && list.has(core)))
    return {
      problem: 'password_common',
      path,
      code: 'invalid',
      message: 'The password is one of the most common passwords.',
    };
  if (new Set(lower).size < 5 || sequential(lower))
    return {
      problem: 'password_repetitive',
      path,
      code: 'invalid',
      message: 'The password repeats or counts up characters.',
    };
  const flat = lettersOnly(password);
  const local = lettersOnly(owner.email?.split('@')[0] ?? '');
  const name = lettersOnly(owner.name ?? '');
  const words = ['farley', local, name].filter((word) => word.length >= 3);
  if (words.some((word) => flat.includes(word)))
    return {
      problem: 'password_personal',
      path,
      code: 'invalid',
      message: 'The password contains your email address, your name or the name of the product.',
    };
  return undefined;
}

/** Refuses a password that breaks a rule, with a 422 whose code names the rule (`password_common`…). */
export async function assertPasswordAllowed(
  password: string,
  owner: PasswordOwner = {},
  path = 'password',
): Promise<void> {
  const found = await passwordProblem(password, owner, path);
  if (!found) return;
  const { problem, ...field } = found;
  throw new AppError('invalid', found.message, [field], undefined, problem);
}
