// The "known device" cookie: set on every successful sign-in, it tells a later sign-in from
// the same browser that this browser has known the account's password before. Such a sign-in
// is not held back by the account's throttle (throttle.ts), only by its address's: whoever
// guesses at the password elsewhere cannot lock the real user out of their own browser.
// The cookie holds, per account (up to a few), a hash of the email and when it was issued,
// with an HMAC under a key derived from the installation's secret key; nothing else.
import crypto from 'node:crypto';
import type { SecretKeys } from '../../platform/secrets.ts';

export const knownDeviceCookie = 'farley_device';
export const knownDeviceDays = 180;
/** Accounts remembered per browser (the newest sign-ins). */
const perBrowser = 5;

const keyOf = (keys: SecretKeys) =>
  crypto.createHmac('sha256', keys.current).update('farley known-device cookie v1').digest();

const emailTag = (email: string) =>
  crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);

function sign(keys: SecretKeys, tag: string, issued: number): string {
  return crypto.createHmac('sha256', keyOf(keys)).update(`${tag}.${issued}`).digest('base64url');
}

interface Entry {
  tag: string;
  issued: number;
  mac: string;
}

function entriesOf(keys: SecretKeys, cookie: string | undefined): Entry[] {
  if (!cookie || cookie.length > 2000) return [];
  const now = Math.floor(Date.now() / 1000);
  const entries: Entry[] = [];
  for (const part of cookie.split('~')) {
    const [tag, issuedText, mac] = part.split('.');
    const issued = Number(issuedText);
    if (!tag || !mac || !Number.isSafeInteger(issued)) continue;
    if (issued > now + 60 || now - issued > knownDeviceDays * 86400) continue;
    const expected = Buffer.from(sign(keys, tag, issued));
    const given = Buffer.from(mac);
    if (expected.length === given.length && crypto.timingSafeEqual(expected, given)) entries.push({ tag, issued, mac });
  }
  return entries;
}

/** Whether the cookie says this browser signed in to `email`'s account before. */
export function isKnownDevice(keys: SecretKeys, cookie: string | undefined, email: string): boolean {
  const tag = emailTag(email);
  return entriesOf(keys, cookie).some((entry) => entry.tag === tag);
}

/** The cookie's new value after a successful sign-in to `email`'s account. */
export function rememberDevice(keys: SecretKeys, cookie: string | undefined, email: string): string {
  const tag = emailTag(email);
  const issued = Math.floor(Date.now() / 1000);
  const others = entriesOf(keys, cookie).filter((entry) => entry.tag !== tag);
  const entries = [{ tag, issued, mac: sign(keys, tag, issued) }, ...others].slice(0, perBrowser);
  return entries.map((entry) => `${entry.tag}.${entry.issued}.${entry.mac}`).join('~');
}
