// Two-factor sign-in with TOTP (RFC 6238, the authenticator apps' kind): a user's own setup,
// confirmation and recovery codes, turning it off, and the workspace's rule of who must use
// it. The secret is sealed like mailbox passwords (platform/secrets.ts); recovery codes are
// kept as SHA-256 hashes of 60 random bits, each spent once; a code of the app is accepted
// once per 30-second step at most (the step is remembered).
import crypto from 'node:crypto';
import { verify as verifyPassword } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { Actor, Role } from '../../platform/http/actor.ts';
import { open, seal } from '../../platform/secrets.ts';
import type { TwoFactorRequirement } from '../../../contract/twoFactor.ts';
import { accountKey, beginAttempt } from './throttle.ts';
import * as repo from './twoFactor.repository.ts';

export const recoveryCodeCount = 10;
const recoveryAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
/** Seconds either side of now a code may be from: one step, for clocks a little off. */
const tolerance = 30;

/** Whether the workspace's rule asks a user of this role for a second factor. */
export function twoFactorApplies(requirement: TwoFactorRequirement, role: Role): boolean {
  return requirement === 'everyone' || (requirement === 'admins' && role === 'admin');
}

/** Spaces and dashes do not count, nor case: codes are read off a screen or a sheet of paper. */
const normalize = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();
const hashCode = (code: string) => crypto.createHash('sha256').update(normalize(code)).digest();

function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const chars = Array.from(crypto.randomBytes(12), (b) => recoveryAlphabet[b & 31]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** The 30-second step of a valid app code newer than `after`, or null. */
async function totpStep(secret: string, code: string, after: number | null): Promise<number | null> {
  const token = normalize(code);
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verifyTotp({
    secret,
    token,
    epochTolerance: tolerance,
    ...(after === null ? {} : { afterTimeStep: after }),
  }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Checks a second factor of an enabled setup, in the caller's transaction: an app code (its
 * step is taken, so it does not count again) or a recovery code (spent). What it was, or null.
 */
export async function spendSecondFactor(
  ctx: AppContext,
  tx: Db,
  userId: string,
  code: string,
): Promise<'app' | 'recovery' | null> {
  const found = await repo.findTwoFactor(tx, userId);
  if (!found?.enabled_at) return null;
  const secret = open(ctx.secrets, found.secret_sealed);
  const step = await totpStep(secret, code, found.last_used_step === null ? null : Number(found.last_used_step));
  if (step !== null) return (await repo.takeStep(tx, userId, step)) ? 'app' : null;
  if (/^\d+$/.test(normalize(code))) return null;
  if (await repo.spendRecoveryCode(tx, userId, hashCode(code))) {
    await audit(tx, userId, userId, 'update', { recoveryCodeUsed: [null, true] });
    return 'recovery';
  }
  return null;
}

/** Whether the user signs in with a second factor. */
export async function hasTwoFactor(tx: Db, userId: string): Promise<boolean> {
  return Boolean((await repo.findTwoFactor(tx, userId))?.enabled_at);
}

/** An entry of the audit log about a user's (or the workspace's) two-factor sign-in. */
const audit = (
  tx: Db,
  actorId: string | null,
  recordId: string,
  action: 'create' | 'update' | 'delete',
  changes: Record<string, [unknown, unknown]>,
) => repo.writeAudit(tx, { actorId, recordType: 'two_factor', recordId, action, changes });

/** New recovery codes in place of the user's old ones: the codes, to be shown this once. */
async function issueRecoveryCodes(tx: Db, actor: Actor): Promise<{ recoveryCodes: string[] }> {
  const codes = newRecoveryCodes();
  await repo.replaceRecoveryCodes(tx, actor.workspaceId, actor.userId, codes.map(hashCode));
  return { recoveryCodes: codes };
}

async function requireOn(tx: Db, userId: string): Promise<void> {
  if (!(await hasTwoFactor(tx, userId))) throw conflict('Two-factor sign-in is off.', 'two_factor_off');
}

const wrongConfirmation = (path: string, detail: string) =>
  new AppError('invalid', detail, [{ path, message: 'wrong' }], undefined, 'wrong_confirmation');

export function twoFactorService(ctx: AppContext) {
  const tenant = <T>(actor: Actor, work: (tx: Db) => Promise<T>) => inTenant(ctx.db.app, actor, work);

  /**
   * A password or a code, as turning it off or new recovery codes need: a session left open
   * somewhere must not be enough. Wrong ones count towards the account's sign-in throttle.
   */
  async function prove(actor: Actor, tx: Db, proof: { password?: string; code?: string }) {
    if (!proof.password && !proof.code)
      throw badRequest('Send your password or a code.', [
        { path: 'body.password', code: 'required', message: 'send password or code' },
      ]);
    const user = await repo.userForProof(tx, actor.userId);
    const attempt = await beginAttempt(ctx.db.app, [accountKey(user.email)]);
    let ok = false;
    if (proof.password && user.password_hash)
      ok = await verifyPassword(user.password_hash, proof.password).catch(() => false);
    if (!ok && proof.code) ok = (await spendSecondFactor(ctx, tx, actor.userId, proof.code)) !== null;
    if (!ok) {
      await attempt.failed();
      throw wrongConfirmation(proof.code ? 'body.code' : 'body.password', 'The password or the code is wrong.');
    }
    await attempt.succeeded();
  }

  return {
    async status(actor: Actor) {
      return tenant(actor, async (tx) => {
        const found = await repo.findTwoFactor(tx, actor.userId);
        const workspace = await repo.requirement(tx);
        const enabled = Boolean(found?.enabled_at);
        return {
          enabled,
          enabledAt: found?.enabled_at?.toISOString() ?? null,
          recoveryCodesLeft: enabled ? await repo.recoveryCodesLeft(tx, actor.userId) : 0,
          required: twoFactorApplies(workspace.two_factor_required, actor.role),
        };
      });
    },

    /** A new secret for the app: shown now, in use once a code from it confirms it. */
    async startSetup(actor: Actor) {
      return tenant(actor, async (tx) => {
        if (await hasTwoFactor(tx, actor.userId))
          throw conflict('Two-factor sign-in is on already; turn it off first.', 'two_factor_on');
        const user = await repo.userForProof(tx, actor.userId);
        const workspace = await repo.requirement(tx);
        const secret = generateSecret();
        await repo.savePendingSecret(tx, actor.workspaceId, actor.userId, seal(ctx.secrets, secret));
        const otpauthUri = generateURI({ issuer: `Farley (${workspace.name})`, label: user.email, secret });
        const svg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        return {
          secret,
          otpauthUri,
          qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        };
      });
    },

    /** Turns it on with a first code from the app; the recovery codes are shown this once. */
    async confirmSetup(actor: Actor, code: string) {
      return tenant(actor, async (tx) => {
        const found = await repo.findTwoFactor(tx, actor.userId);
        if (found?.enabled_at) throw conflict('Two-factor sign-in is on already.', 'two_factor_on');
        if (!found) throw conflict('Start the setup first (POST /auth/two-factor/setup).', 'two_factor_off');
        const step = await totpStep(open(ctx.secrets, found.secret_sealed), code, null);
        if (step === null || !(await repo.enable(tx, actor.userId, step)))
          throw wrongConfirmation(
            'body.code',
            'The code is wrong: check the time on the phone, and that the app shows Farley.',
          );
        await audit(tx, actor.userId, actor.userId, 'create', { enabled: [false, true] });
        return issueRecoveryCodes(tx, actor);
      });
    },

    async disable(actor: Actor, proof: { password?: string; code?: string }) {
      await tenant(actor, async (tx) => {
        await requireOn(tx, actor.userId);
        await prove(actor, tx, proof);
        await repo.remove(tx, actor.userId);
        await audit(tx, actor.userId, actor.userId, 'delete', { enabled: [true, false] });
      });
    },

    async regenerateRecoveryCodes(actor: Actor, proof: { password?: string; code?: string }) {
      return tenant(actor, async (tx) => {
        await requireOn(tx, actor.userId);
        await prove(actor, tx, proof);
        await audit(tx, actor.userId, actor.userId, 'update', { recoveryCodes: [null, 'renewed'] });
        return issueRecoveryCodes(tx, actor);
      });
    },

    /** An admin turns another user's (or their own) two-factor sign-in off. */
    async resetFor(actor: Actor, userId: string) {
      await tenant(actor, async (tx) => {
        if (!(await repo.userExists(tx, userId))) throw notFound('user');
        await requireOn(tx, userId);
        await repo.remove(tx, userId);
        await audit(tx, actor.userId, userId, 'delete', { enabled: [true, false], reset: [null, true] });
      });
    },

    async rule(actor: Actor) {
      return tenant(actor, async (tx) => ({ requiredFor: (await repo.requirement(tx)).two_factor_required }));
    },

    async changeRule(actor: Actor, requiredFor: TwoFactorRequirement) {
      return tenant(actor, async (tx) => {
        const before = (await repo.requirement(tx)).two_factor_required;
        if (before !== requiredFor) {
          await repo.setRequirement(tx, requiredFor);
          await audit(tx, actor.userId, actor.workspaceId, 'update', { requiredFor: [before, requiredFor] });
        }
        return { requiredFor };
      });
    },
  };
}
