// Signing in and out, and turning a cookie or bearer token into an Actor.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { attachLease, beginLease, inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { Problem } from '../../platform/http/problems.ts';
import { mintCredential, parseCredential, secretMatches, type Credential } from './credentials.ts';
import * as repo from './auth.repository.ts';

const failureWindowMinutes = 15;
const maxFailuresPerEmail = 10;
const maxFailuresPerAddress = 50;
/** Verified against when the email is unknown, so the answer takes as long either way. */
const decoyHash = hash('farley-decoy-password');

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export interface LoginResult {
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
  workspaceId: string;
  userId: string;
}

export async function login(ctx: AppContext, email: string, password: string, address: string): Promise<LoginResult> {
  const db = ctx.db.app;
  const normalized = email.trim().toLowerCase();
  const keys = [`email:${normalized}`, `ip:${address}`];
  const failures = await repo.recentFailures(db, keys, failureWindowMinutes);
  if ((failures.get(keys[0]) ?? 0) >= maxFailuresPerEmail || (failures.get(keys[1]) ?? 0) >= maxFailuresPerAddress) {
    throw new Problem(429, 'Too many failed sign-ins. Wait 15 minutes and try again.', undefined,
      { 'retry-after': String(failureWindowMinutes * 60) });
  }
  const fail = async (): Promise<never> => {
    await repo.recordFailure(db, keys);
    throw new Problem(401, 'Email or password is wrong.');
  };
  const login = await repo.findLogin(db, normalized);
  if (!login) {
    await verify(await decoyHash, password).catch(() => false);
    return fail();
  }
  const scope = { workspaceId: login.workspace_id, userId: login.user_id };
  const user = await inTenant(db, scope, (tx) => repo.findUserForLogin(tx, login.user_id));
  const ok = user?.password_hash ? await verify(user.password_hash, password).catch(() => false) : false;
  if (!user || !ok || !user.active) return fail();
  await repo.clearFailures(db, keys[0]);
  const sessionId = newId();
  const { credential, secretHash } = mintCredential(login.workspace_id, sessionId);
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + ctx.config.sessionDays * 86400_000);
  await inTenant(db, scope, (tx) => repo.insertSession(tx, {
    workspace_id: login.workspace_id, id: sessionId, user_id: user.id, secret_hash: secretHash,
    csrf_token: csrfToken, expires_at: expiresAt,
  }));
  return { cookie: credential, csrfToken, expiresAt, workspaceId: login.workspace_id, userId: user.id };
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.via !== 'session' || !actor.sessionId) return;
  await inTenant(ctx.db.app, actor, (tx) => repo.deleteSession(tx, actor.sessionId!));
}

const touchEveryMs = 60_000;

/**
 * Looks up the caller of an API request in a tenant transaction of the credential's
 * workspace, and leaves that transaction open as the actor's lease: the request's first
 * inTenant call runs in it (see tenant.ts), so a request costs one transaction, not two.
 * Whoever gets an actor must end its lease (`leaseOf(actor)?.end(...)`); the auth hook does.
 */
async function authenticate(ctx: AppContext, value: string,
  lookup: (tx: Db, credential: Credential) => Promise<Actor | null>): Promise<Actor | null> {
  const credential = parseCredential(value);
  if (!credential) return null;
  const lease = await beginLease(ctx.db.app, credential.workspaceId);
  try {
    const actor = await lookup(lease.tx, credential);
    if (actor) {
      attachLease(actor, lease);
      return actor;
    }
  } catch (error) {
    await lease.end('rollback');
    throw error;
  }
  await lease.end('rollback');
  return null;
}

// The touches below commit with the request's work now. When that work fails and rolls back,
// the touch is lost with it; that is fine: the next request touches again.

/** The actor behind a session cookie, or null when it is unknown, expired or its user is gone. */
export async function actorFromSession(ctx: AppContext, cookie: string): Promise<Actor | null> {
  return authenticate(ctx, cookie, async (tx, credential) => {
    const session = await repo.findSession(tx, credential.recordId);
    if (!session || !secretMatches(credential.secret, session.secret_hash)) return null;
    if (session.expires_at.getTime() < Date.now() || !session.active || session.deleted_at) return null;
    if (Date.now() - session.last_seen_at.getTime() > touchEveryMs) {
      await repo.touchSession(tx, session.id, new Date(Date.now() + ctx.config.sessionDays * 86400_000));
    }
    return {
      workspaceId: credential.workspaceId, userId: session.user_id, role: session.role,
      via: 'session', sessionId: session.id, csrfToken: session.csrf_token,
    };
  });
}

/** The actor behind an API token, or null when it is unknown, expired, revoked or its user is gone. */
export async function actorFromToken(ctx: AppContext, bearer: string): Promise<Actor | null> {
  return authenticate(ctx, bearer, async (tx, credential) => {
    const token = await repo.findToken(tx, credential.recordId);
    if (!token || !secretMatches(credential.secret, token.secret_hash)) return null;
    if ((token.expires_at && token.expires_at.getTime() < Date.now()) || !token.active || token.user_deleted_at) return null;
    if (!token.last_used_at || Date.now() - token.last_used_at.getTime() > touchEveryMs) await repo.touchToken(tx, token.id);
    return { workspaceId: credential.workspaceId, userId: token.user_id, role: token.role, via: 'token' };
  });
}
