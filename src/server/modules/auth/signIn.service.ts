// Signing in: the password, the second factor for users who have one, the throttle of failed
// attempts (throttle.ts) and the known-device cookie (knownDevice.ts); the session at the end.
import crypto from 'node:crypto';
import { verify } from '@node-rs/argon2';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { AppError } from '../../platform/errors.ts';
import { mintCredential, parseCredential, secretMatches } from './credentials.ts';
import * as repo from './auth.repository.ts';
import * as twoFactorRepo from './twoFactor.repository.ts';
import { hasTwoFactor, spendSecondFactor, twoFactorApplies } from './twoFactor.service.ts';
import { isKnownDevice, rememberDevice } from './knownDevice.ts';
import { decoyHash } from './auth.service.ts';
import {
  accountKey,
  accountRule,
  addressKey,
  beginAttempt,
  clearThrottle,
  throttleOf,
  type Attempt,
  type ThrottledKey,
} from './throttle.ts';

/** How long a right password waits for its second factor. */
const challengeMinutes = 5;
/** Codes tried per pending sign-in before the password is asked for again. */
const challengeAttempts = 5;

export interface LoginResult {
  kind: 'session';
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
  workspaceId: string;
  userId: string;
  /** The known-device cookie's new value (knownDevice.ts). */
  device: string;
  /** The workspace asks the user for a second factor they have not set up (Actor.twoFactorSetupDue). */
  twoFactorSetupDue: boolean;
}

/** A right password of a user with two-factor sign-in: the cookie of the pending sign-in. */
export interface SecondFactorNeeded {
  kind: 'second_factor';
  cookie: string;
  expiresAt: Date;
}

export interface SignInRequest {
  address: string;
  /** The known-device cookie the browser sent, if any. */
  device?: string;
  /** For the account page's list of sessions. */
  userAgent?: string;
  log?: FastifyBaseLogger;
}

/** The keys a sign-in for `email` is throttled by: its address's always, its account's unless from a known browser. */
function throttleKeys(ctx: AppContext, email: string, request: SignInRequest): ThrottledKey[] {
  const known = isKnownDevice(ctx.secrets, request.device, email);
  return [addressKey(request.address), ...(known ? [] : [accountKey(email)])];
}

/**
 * A failed attempt that began to throttle the account: logged by the throttle, and written
 * to the audit log of each workspace where the email is a user's.
 */
async function failed(ctx: AppContext, attempt: Attempt, email: string, address: string): Promise<void> {
  const begun = await attempt.failed();
  if (!begun.some((key) => key.scope === 'account')) return;
  for (const login of await repo.findLogins(ctx.db.app, email)) {
    await inTenant(ctx.db.app, { workspaceId: login.workspace_id }, (tx) =>
      twoFactorRepo.writeAudit(tx, {
        actorId: null,
        recordType: 'sign_in',
        recordId: login.user_id,
        action: 'update',
        changes: { throttled: [null, { failures: accountRule.free, address }] },
      }),
    );
  }
}

/** How a session came to be, for the audit log. */
export type SignInMethod = { method: 'password' } | { method: 'oidc'; issuer: string };

/**
 * A new session of the user, written to the audit log as a sign-in in the same transaction:
 * the end of every way in (password, second factor, identity provider), so that all make the
 * same cookie.
 */
async function openSession(
  ctx: AppContext,
  tx: Db,
  scope: { workspaceId: string; userId: string },
  email: string,
  request: SignInRequest,
  how: SignInMethod = { method: 'password' },
): Promise<LoginResult> {
  const sessionId = newId();
  const { credential, secretHash } = mintCredential(scope.workspaceId, sessionId);
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + ctx.config.sessionDays * 86400_000);
  await repo.insertSession(tx, {
    workspace_id: scope.workspaceId,
    id: sessionId,
    user_id: scope.userId,
    secret_hash: secretHash,
    csrf_token: csrfToken,
    expires_at: expiresAt,
    // Cut, as a browser may send any length.
    user_agent: request.userAgent?.slice(0, 500) || null,
    ip: request.address || null,
  });
  await repo.recordSignIn(tx, scope.userId, sessionId, how);
  const rule = (await twoFactorRepo.requirement(tx)).two_factor_required;
  const role = (await repo.findUserForLogin(tx, scope.userId))?.role ?? 'viewer';
  return {
    kind: 'session',
    twoFactorSetupDue: twoFactorApplies(rule, role) && !(await hasTwoFactor(tx, scope.userId)),
    cookie: credential,
    csrfToken,
    expiresAt,
    workspaceId: scope.workspaceId,
    userId: scope.userId,
    device: rememberDevice(ctx.secrets, request.device, email),
  };
}

export async function login(
  ctx: AppContext,
  email: string,
  password: string,
  request: SignInRequest,
): Promise<LoginResult | SecondFactorNeeded> {
  const db = ctx.db.app;
  const normalized = email.trim().toLowerCase();
  const attempt = await beginAttempt(db, throttleKeys(ctx, normalized, request), request.log);
  const fail = async (): Promise<never> => {
    await failed(ctx, attempt, normalized, request.address);
    throw new AppError('unauthenticated', 'Email or password is wrong.', undefined, undefined, 'wrong_credentials');
  };
  const logins = await repo.findLogins(db, normalized);
  if (logins.length === 0) {
    await verify(await decoyHash, password).catch(() => false);
    return fail();
  }
  // An email may be a user's in several workspaces (docs/security.md, "Login emails"): the
  // password says which. Checked side by side, so that the answer takes about as long for one
  // workspace as for a few.
  const matches = await Promise.all(
    logins.map(async (candidate) => {
      const found = await inTenant(db, { workspaceId: candidate.workspace_id, userId: candidate.user_id }, (tx) =>
        repo.findUserForLogin(tx, candidate.user_id),
      );
      const ok = found?.password_hash ? await verify(found.password_hash, password).catch(() => false) : false;
      return ok && found?.active ? { login: candidate, user: found } : undefined;
    }),
  );
  const match = matches.find((m) => m !== undefined);
  if (!match) return fail();
  // A workspace that signs in through its identity provider keeps passwords for its admins
  // only: the way back in when the provider fails or is set up wrong (docs/security.md).
  if (!match.user.password_sign_in && match.user.role !== 'admin') {
    await attempt.succeeded();
    throw new AppError(
      'forbidden',
      'This workspace signs its users in through its identity provider.',
      undefined,
      undefined,
      'password_sign_in_disabled',
    );
  }
  const scope = { workspaceId: match.login.workspace_id, userId: match.user.id };
  const result = await inTenant(db, scope, async (tx): Promise<LoginResult | SecondFactorNeeded> => {
    if (!(await hasTwoFactor(tx, scope.userId))) return openSession(ctx, tx, scope, normalized, request);
    // The password was right, but the account's failures stay until the second factor is:
    // knowing the password alone must not reset the throttle of guessing the code.
    const id = newId();
    const { credential, secretHash } = mintCredential(scope.workspaceId, id);
    const expiresAt = new Date(Date.now() + challengeMinutes * 60_000);
    await twoFactorRepo.insertChallenge(tx, {
      workspace_id: scope.workspaceId,
      id,
      user_id: scope.userId,
      secret_hash: secretHash,
      email: normalized,
      expires_at: expiresAt,
    });
    return { kind: 'second_factor', cookie: credential, expiresAt };
  });
  await attempt.succeeded();
  if (result.kind === 'session') await clearThrottle(db, accountKey(normalized).key);
  return result;
}

const signInExpired = () =>
  new AppError(
    'unauthenticated',
    'The sign-in has expired or was tried too often; sign in with the password again.',
    undefined,
    undefined,
    'sign_in_expired',
  );

/** The second step of signing in: a code for the pending sign-in of `challenge` (its cookie). */
export async function completeSignIn(
  ctx: AppContext,
  challenge: string | undefined,
  code: string,
  request: SignInRequest,
): Promise<LoginResult> {
  const db = ctx.db.app;
  const credential = challenge ? parseCredential(challenge) : null;
  if (!credential) throw signInExpired();
  const workspace = { workspaceId: credential.workspaceId };
  // Counted in a transaction of its own, so that a wrong code's attempt stays counted.
  const pending = await inTenant(db, workspace, (tx) => twoFactorRepo.countChallengeAttempt(tx, credential.recordId));
  if (
    !pending ||
    !secretMatches(credential.secret, pending.secret_hash) ||
    pending.expires_at.getTime() < Date.now() ||
    pending.attempts > challengeAttempts
  ) {
    if (pending) await inTenant(db, workspace, (tx) => twoFactorRepo.deleteChallenge(tx, pending.id));
    throw signInExpired();
  }
  const attempt = await beginAttempt(db, throttleKeys(ctx, pending.email, request), request.log);
  const scope = { workspaceId: credential.workspaceId, userId: pending.user_id };
  const result = await inTenant(db, scope, async (tx) => {
    const user = await repo.findUserForLogin(tx, pending.user_id);
    if (!user?.active || !(await spendSecondFactor(ctx, tx, pending.user_id, code))) return null;
    await twoFactorRepo.deleteChallenge(tx, pending.id);
    return openSession(ctx, tx, scope, pending.email, request);
  });
  if (!result) {
    await failed(ctx, attempt, pending.email, request.address);
    throw new AppError(
      'unauthenticated',
      'The code is wrong or was used already.',
      undefined,
      undefined,
      'second_factor_wrong',
    );
  }
  await attempt.succeeded();
  await clearThrottle(db, accountKey(pending.email).key);
  return result;
}

/** How the throttle stands for the caller's own email (what a sign-in elsewhere would wait). */
export async function ownThrottle(ctx: AppContext, actor: Actor) {
  const email = await inTenant(ctx.db.app, actor, (tx) => repo.emailOf(tx, actor.userId));
  return throttleOf(ctx.db.app, accountKey(email));
}

/**
 * Clears the throttle of the caller's own email: whoever holds a valid session (or token) of
 * the account is its owner, and may sign in from a new browser at once again.
 */
export async function clearOwnThrottle(ctx: AppContext, actor: Actor, log?: FastifyBaseLogger): Promise<void> {
  await inTenant(ctx.db.app, actor, async (tx) => {
    const email = await repo.emailOf(tx, actor.userId);
    const before = await throttleOf(ctx.db.app, accountKey(email));
    if (before.failures === 0) return;
    await clearThrottle(ctx.db.app, accountKey(email).key);
    log?.info({ event: 'sign_in_throttle_cleared', userId: actor.userId }, 'sign-in throttle cleared by its user');
    await twoFactorRepo.writeAudit(tx, {
      actorId: actor.userId,
      recordType: 'sign_in',
      recordId: actor.userId,
      action: 'update',
      changes: { throttleCleared: [before.failures, 0] },
    });
  });
}

/**
 * A session for a user an identity provider vouched for (oidc.service.ts): the provider
 * handles the second factor, so Farley's own does not apply.
 */
export async function openProviderSession(
  ctx: AppContext,
  scope: { workspaceId: string; userId: string },
  email: string,
  issuer: string,
): Promise<LoginResult> {
  return inTenant(ctx.db.app, scope, (tx) =>
    openSession(ctx, tx, scope, email, { address: '' }, { method: 'oidc', issuer }),
  );
}
