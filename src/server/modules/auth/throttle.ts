// Sign-in throttling that cannot be turned into a lockout: each failed attempt makes the next
// one per key (an email, a client address) wait longer, doubling from a few free ones up to a
// cap, instead of shutting the key for a fixed time. The account's key is not asked for a
// browser that signed in to that account before (knownDevice.ts), so an attacker who guesses
// at someone's password slows down only the attacker and browsers new to the account; and the
// user, signed in anywhere, can clear it (DELETE /auth/throttle). docs/security.md says why.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './auth.repository.ts';

export interface ThrottleRule {
  /** Failures within the window that cost nothing. */
  free: number;
  /** The wait after the first failure beyond them; each further one doubles it. */
  baseSeconds: number;
  capSeconds: number;
}

/** Per email: a person mistypes a few times; a guesser soon waits minutes per guess. */
export const accountRule: ThrottleRule = { free: 5, baseSeconds: 1, capSeconds: 15 * 60 };
/** Per client address: an office behind one address has many people who mistype. */
export const addressRule: ThrottleRule = { free: 30, baseSeconds: 1, capSeconds: 15 * 60 };
/** Failures older than this are forgotten. */
export const windowHours = 24;

/** How long the attempt after `failures` failures must wait after the last of them. */
export function delaySeconds(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capSeconds, rule.baseSeconds * 2 ** (failures - rule.free));
}

export interface ThrottledKey {
  key: string;
  rule: ThrottleRule;
  /** For the log: what the key stands for. */
  scope: 'account' | 'address';
}

export interface Attempt {
  /** The attempt succeeded: it does not count. */
  succeeded(): Promise<void>;
  /** The attempt failed: it counts. Resolves to the keys this failure began to throttle. */
  failed(): Promise<ThrottledKey[]>;
}

/**
 * Counts an attempt on each key before it is judged, or refuses it (429 with Retry-After)
 * while a key must still wait. Counting first, then looking, means parallel guesses see
 * each other: a burst cannot slip through between the check and the count.
 */
export async function beginAttempt(db: Db, keys: ThrottledKey[], log?: FastifyBaseLogger): Promise<Attempt> {
  const ownIds = await repo.insertAttempts(
    db,
    keys.map((entry) => entry.key),
  );
  const takeBack = () => repo.deleteAttempts(db, ownIds);
  const counts = await repo.failuresOf(
    db,
    keys.map((entry) => entry.key),
    windowHours,
    ownIds,
  );
  let wait = 0;
  for (const entry of keys) {
    const found = counts.get(entry.key);
    if (!found) continue;
    const left = delaySeconds(entry.rule, found.failures) - found.secondsSince;
    if (left > 0) {
      wait = Math.max(wait, left);
      log?.warn(
        { event: 'sign_in_throttled', scope: entry.scope, key: entry.key, failures: found.failures },
        'sign-in refused while throttled',
      );
    }
  }
  if (wait > 0) {
    await takeBack();
    throw throttled(Math.ceil(wait));
  }
  return {
    succeeded: async () => {
      await takeBack();
    },
    failed: async () => {
      await repo.forgetOldAttempts(db, windowHours);
      const begun = keys.filter((entry) => (counts.get(entry.key)?.failures ?? 0) + 1 === entry.rule.free);
      for (const entry of begun) {
        log?.warn(
          { event: 'sign_in_throttle_started', scope: entry.scope, key: entry.key, failures: entry.rule.free },
          'failed sign-ins: further attempts wait',
        );
      }
      return begun;
    },
  };
}

/**
 * Only refuses (429) while a key must wait, counting nothing: for credentials too random to
 * guess (app passwords), where a failure is recorded afterwards (`recordFailure`) and a
 * burst slipping through between the two costs nothing. Saves the round trips of counting
 * first on every request of a phone's sync.
 */
export async function refuseWhileThrottled(db: Db, keys: ThrottledKey[]): Promise<void> {
  const counts = await repo.failuresOf(
    db,
    keys.map((entry) => entry.key),
    windowHours,
  );
  let wait = 0;
  for (const entry of keys) {
    const found = counts.get(entry.key);
    if (found) wait = Math.max(wait, delaySeconds(entry.rule, found.failures) - found.secondsSince);
  }
  if (wait > 0) throw throttled(Math.ceil(wait));
}

export async function recordFailure(db: Db, keys: ThrottledKey[]): Promise<void> {
  await repo.insertAttempts(
    db,
    keys.map((entry) => entry.key),
  );
  await repo.forgetOldAttempts(db, windowHours);
}

const throttled = (seconds: number) =>
  new AppError(
    'too_many_requests',
    `Too many failed sign-ins. Wait ${seconds} seconds and try again, or sign in from a browser you have signed in with before.`,
    undefined,
    { 'retry-after': String(seconds) },
    'too_many_sign_ins',
  );

/** How long a new attempt on `key` must wait now, and the failures behind it. */
export async function throttleOf(
  db: Db,
  entry: ThrottledKey,
): Promise<{ failures: number; retryAfterSeconds: number }> {
  const found = (await repo.failuresOf(db, [entry.key], windowHours)).get(entry.key);
  if (!found) return { failures: 0, retryAfterSeconds: 0 };
  const left = delaySeconds(entry.rule, found.failures) - found.secondsSince;
  return { failures: found.failures, retryAfterSeconds: Math.max(0, Math.ceil(left)) };
}

/** Forgets the failures of a key (a sign-in that succeeded, or the user clearing their own). */
export async function clearThrottle(db: Db, key: string): Promise<void> {
  await repo.clearFailures(db, key);
}

export const accountKey = (email: string): ThrottledKey => ({
  key: `email:${email.trim().toLowerCase()}`,
  rule: accountRule,
  scope: 'account',
});
export const addressKey = (address: string): ThrottledKey => ({
  key: `ip:${address}`,
  rule: addressRule,
  scope: 'address',
});
