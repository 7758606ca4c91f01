// Signing out, and turning a cookie or bearer token into an Actor (signing in: signIn.service.ts).
import { hash } from '@node-rs/argon2';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { sql, type CompiledQuery } from 'kysely';
import { attachLease, beginLease, inTenant, type Lease } from '../../platform/db/tenant.ts';
import { Check, checked } from '../../platform/db/intent.ts';
import { AppError } from '../../platform/errors.ts';
import { hashSecret, normalizeAppPassword, parseCredential, secretMatches, type Credential } from './credentials.ts';
import * as repo from './auth.repository.ts';
import { twoFactorApplies } from './twoFactor.service.ts';
import { accountKey, addressKey, recordFailure, refuseWhileThrottled } from './throttle.ts';

/** Verified against when the email is unknown, so the answer takes as long either way. */
export const decoyHash = hash('farley-decoy-password');

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.via !== 'session' || !actor.sessionId) return;
  await inTenant(ctx.db.app, actor, (tx) => repo.deleteSession(tx, actor.sessionId!));
}

/**
 * Ends the user's sessions, all but `keep` (the one of the request that asked, so that a user
 * who changes their own password stays signed in there). Runs in the caller's transaction.
 */
export async function endSessionsOf(tx: Db, userId: string, keep?: string): Promise<void> {
  await repo.deleteSessionsOf(tx, userId, keep);
}

const touchEveryMs = 60_000;

/** Sessions whose expiry this request moved on: the cookie's expiry moves with it. */
const renewals = new WeakMap<Actor, Date>();

/**
 * The new expiry of the caller's session when this request moved it on (at most once a
 * minute per session), so that the cookie is set again with it: a user who keeps working is
 * not signed out `FARLEY_SESSION_DAYS` after signing in, only after as many days without use.
 */
export function renewedUntil(actor: Actor): Date | undefined {
  return renewals.get(actor);
}

/** How a kind of credential is looked up, judged and touched. */
interface Lookup<Row> {
  find: { (tx: Db, id: string): Promise<Row | undefined>; compile(tx: Db, id: string): CompiledQuery<Row> };
  /** The caller the row proves, or null when the credential is unknown, expired, revoked or its user gone. */
  actorOf(row: Row | undefined, credential: Credential): Actor | null;
  /** When the credential is next to be touched (last use kept, a session's expiry moved on). */
  touchDue(row: Row): number;
  /** Keeps the last use; for a session also moves its expiry on, and returns the new one. */
  touch(ctx: AppContext, tx: Db, row: Row): Promise<Date | null>;
  /** Until when a full lookup may be assumed to hold (see `proven`). */
  validUntil(row: Row): number;
  refused: string;
  refusedCode: 'unauthenticated' | 'invalid_token';
}

const sessions: Lookup<NonNullable<Awaited<ReturnType<typeof repo.findSession>>>> = {
  find: repo.findSession,
  actorOf(session, credential) {
    if (!session || !secretMatches(credential.secret, session.secret_hash)) return null;
    if (session.expires_at.getTime() < Date.now() || !session.active || session.deleted_at) return null;
    return {
      workspaceId: credential.workspaceId,
      userId: session.user_id,
      role: session.role,
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrf_token,
      twoFactorSetupDue: !session.two_factor_on && twoFactorApplies(session.two_factor_required, session.role),
      fieldRules: session.field_rules,
    };
  },
  touchDue: (session) => session.last_seen_at.getTime() + touchEveryMs,
  touch: async (ctx, tx, session) => {
    const expiresAt = new Date(Date.now() + ctx.config.sessionDays * 86400_000);
    await repo.touchSession(tx, session.id, expiresAt);
    return expiresAt;
  },
  validUntil: (session) => session.expires_at.getTime(),
  refused: 'Sign in or send an API token.',
  refusedCode: 'unauthenticated',
};

const tokens: Lookup<NonNullable<Awaited<ReturnType<typeof repo.findToken>>>> = {
  find: repo.findToken,
  actorOf(token, credential) {
    if (!token || !secretMatches(credential.secret, token.secret_hash)) return null;
    if ((token.expires_at && token.expires_at.getTime() < Date.now()) || !token.active || token.user_deleted_at)
      return null;
    return {
      workspaceId: credential.workspaceId,
      userId: token.user_id,
      role: token.role,
      via: 'token',
      tokenId: token.id,
      fieldRules: token.field_rules,
    };
  },
  touchDue: (token) => (token.last_used_at?.getTime() ?? 0) + touchEveryMs,
  touch: async (_ctx, tx, token) => {
    await repo.touchToken(tx, token.id);
    return null;
  },
  validUntil: (token) => token.expires_at?.getTime() ?? Number.POSITIVE_INFINITY,
  refused: 'The API token is invalid, expired or revoked.',
  refusedCode: 'invalid_token',
};

/**
 * Callers a full lookup proved lately, by credential, until their credential is next to be
 * touched: what a safe request (GET, HEAD) with the same credential may assume while its own
 * lookup rides along with its first read instead of going first (`speculate`). Nothing is
 * believed on the strength of this alone: the lookup still runs in the request's transaction
 * and is judged before the read's answer is given out, and before any response (see
 * `confirm` and the auth hook). It only saves the lookup its round trip.
 */
const proven = new Map<string, { actor: Actor; until: number }>();
const provenLimit = 10_000;

function remember(value: string, actor: Actor, until: number): void {
  proven.delete(value);
  if (proven.size >= provenLimit) proven.delete(proven.keys().next().value as string);
  proven.set(value, { actor: { ...actor }, until });
}

/** The check of a request served on an assumed caller, and what it takes to run it alone. */
interface Assumption {
  check: Check;
  lease: Lease;
  confirmAlone: () => Promise<void>;
}

// Keyed by the actor object of the request (as leases are, see tenant.ts).
const assumptions = new WeakMap<Actor, Assumption>();

const sameCaller = (a: Actor, b: Actor) =>
  a.workspaceId === b.workspaceId &&
  a.userId === b.userId &&
  a.role === b.role &&
  a.via === b.via &&
  a.sessionId === b.sessionId &&
  a.csrfToken === b.csrfToken &&
  a.twoFactorSetupDue === b.twoFactorSetupDue &&
  a.fieldRules === b.fieldRules;

/**
 * Looks up the caller of an API request in a tenant transaction of the credential's
 * workspace, and leaves that transaction open as the actor's lease: the request's first
 * inTenant call runs in it (see tenant.ts), so a request costs one transaction, not two.
 * Whoever gets an actor must end its lease (`leaseOf(actor)?.end(...)`); the auth hook does.
 *
 * With `speculate` (safe requests) and a caller proven lately, the lookup goes out with the
 * request's first statement instead (see Check), and the caller is assumed until it is judged.
 */
async function authenticate<Row>(
  ctx: AppContext,
  value: string,
  lookup: Lookup<Row>,
  speculate: boolean,
): Promise<Actor | null> {
  const credential = parseCredential(value);
  if (!credential) return null;
  const assumed = speculate ? proven.get(value) : undefined;
  if (assumed && Date.now() < assumed.until) return assume(ctx, value, credential, lookup, assumed.actor);
  const lease = await beginLease(ctx.db.app, credential.workspaceId);
  try {
    const row = await lookup.find(lease.tx, credential.recordId);
    const actor = lookup.actorOf(row, credential);
    if (row !== undefined && actor) {
      let due = lookup.touchDue(row);
      if (Date.now() >= due) {
        const expiresAt = await lookup.touch(ctx, lease.tx, row);
        if (expiresAt) renewals.set(actor, expiresAt);
        due = Date.now() + touchEveryMs;
      }
      remember(value, actor, Math.min(due, lookup.validUntil(row)));
      attachLease(actor, lease);
      return actor;
    }
  } catch (error) {
    await lease.end('rollback');
    throw error;
  }
  proven.delete(value);
  await lease.end('rollback');
  return null;
}

async function assume<Row>(
  ctx: AppContext,
  value: string,
  credential: Credential,
  lookup: Lookup<Row>,
  caller: Actor,
): Promise<Actor> {
  const actor = { ...caller };
  const test = (rows: Row[]) => {
    const found = lookup.actorOf(rows[0], credential);
    if (found && sameCaller(found, actor)) return;
    proven.delete(value);
    throw new AppError('unauthenticated', lookup.refused, undefined, undefined, lookup.refusedCode);
  };
  const check = new Check(test);
  const lease = await beginLease(ctx.db.app, credential.workspaceId);
  try {
    await lease.tx.executeQuery(checked(lookup.find.compile(lease.tx, credential.recordId), check));
  } catch (error) {
    await lease.end('rollback');
    throw error;
  }
  attachLease(actor, lease);
  assumptions.set(actor, {
    check,
    lease,
    confirmAlone: async () => {
      const row = await inTenant(ctx.db.app, { workspaceId: credential.workspaceId }, (tx) =>
        lookup.find(tx, credential.recordId),
      );
      check.judge(row === undefined ? [] : [row]);
    },
  });
  return actor;
}

/**
 * Whether the request's caller is who it was taken for: always, unless it was assumed
 * (see authenticate) and its check failed. A check that has not gone out yet (the request
 * ran no statement in its transaction) runs now: in the request's transaction if nobody
 * took it over, else in one of its own. The auth hook asks before every response.
 */
export async function confirm(actor: Actor): Promise<boolean> {
  const assumption = assumptions.get(actor);
  if (!assumption) return true;
  const { check, lease } = assumption;
  if (check.verdict === 'unsent') {
    try {
      if (lease.open) await sql`select 1`.execute(lease.tx);
      else await assumption.confirmAlone();
    } catch {
      // A failed check has said so in its verdict; any other error leaves it unsent.
    }
  }
  return check.verdict === 'passed';
}

// The touches below commit with the request's work now. When that work fails and rolls back,
// the touch is lost with it; that is fine: the next request touches again.

/** The actor behind a session cookie, or null when it is unknown, expired or its user is gone. */
export async function actorFromSession(
  ctx: AppContext,
  cookie: string,
  options: { speculate?: boolean } = {},
): Promise<Actor | null> {
  return authenticate(ctx, cookie, sessions, options.speculate ?? false);
}

/** The actor behind an API token, or null when it is unknown, expired, revoked or its user is gone. */
export async function actorFromToken(
  ctx: AppContext,
  bearer: string,
  options: { speculate?: boolean } = {},
): Promise<Actor | null> {
  return authenticate(ctx, bearer, tokens, options.speculate ?? false);
}

/**
 * The actor behind an app password of the DAV server (HTTP Basic: the user's email and the
 * password), or null. Like an API token's lookup it leaves its tenant transaction open as the
 * actor's lease, for the request's work; failures count towards limits like those of web
 * sign-ins (kept apart from them), so guessing is as slow as there.
 */
export async function actorFromAppPassword(
  ctx: AppContext,
  email: string,
  password: string,
  address: string,
): Promise<Actor | null> {
  const db = ctx.db.app;
  const normalized = email.trim().toLowerCase();
  // Counted apart from web sign-ins: a phone that still tries a revoked password must not lock
  // its user out of the web app.
  const keys = [
    { ...accountKey(normalized), key: `dav-email:${normalized}` },
    { ...addressKey(address), key: `dav-ip:${address}` },
  ];
  await refuseWhileThrottled(db, keys);
  const secret = normalizeAppPassword(password);
  const logins = normalized && secret ? await repo.findLogins(db, normalized) : [];
  // The email may be a user's in several workspaces: the app password says which.
  for (const login of logins) {
    const lease = await beginLease(db, login.workspace_id);
    try {
      const row = await repo.findAppPassword(lease.tx, login.user_id, hashSecret(secret));
      if (row) {
        if (Date.now() >= (row.last_used_at?.getTime() ?? 0) + touchEveryMs) await repo.touchToken(lease.tx, row.id);
        const actor: Actor = { workspaceId: login.workspace_id, userId: row.user_id, role: row.role, via: 'dav' };
        attachLease(actor, lease);
        return actor;
      }
    } catch (error) {
      await lease.end('rollback');
      throw error;
    }
    await lease.end('rollback');
  }
  await recordFailure(db, keys);
  return null;
}
