// Password reset links: asked for by email on the sign-in page (1 hour) or issued by an admin
// to copy (24 hours). A link carries its workspace, id and a random secret (the session
// format, credentials.ts); only the secret's hash is stored, a link works once, and using it
// ends every session of the user and revokes their tokens and app passwords.
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, newId, updateLive } from '../../platform/db/records.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { sendSystemMail, sendsSystemMail } from '../../platform/systemMail.ts';
import type { PasswordResetLink } from '../../../contract/account.ts';
import { revokeTokensOf } from '../tokens/tokens.service.ts';
import { endSessionsOf, hashPassword } from './auth.service.ts';
import { mintCredential, parseCredential, secretMatches } from './credentials.ts';
import { assertPasswordAllowed } from './passwordRules.ts';
import * as logins from './auth.repository.ts';
import * as repo from './passwordResets.repository.ts';

const emailLinkMs = 60 * 60_000;
const adminLinkMs = 24 * 60 * 60_000;
/** Requests per email and per address within the window, before 429 (docs/security.md). */
const requestWindowMinutes = 60;
const maxRequestsPerEmail = 3;
const maxRequestsPerAddress = 20;

/** The page of the web app that takes the link; the secret rides in the fragment, which no server log sees. */
export const resetPath = (token: string) => `/reset-password#token=${token}`;

async function issue(
  tx: Db,
  workspaceId: string,
  userId: string,
  issuedBy: 'email' | 'admin',
  createdBy: string | null,
): Promise<PasswordResetLink> {
  const id = newId();
  const { credential, secretHash } = mintCredential(workspaceId, id);
  const expiresAt = new Date(Date.now() + (issuedBy === 'email' ? emailLinkMs : adminLinkMs));
  await repo.insertReset(tx, {
    workspace_id: workspaceId,
    id,
    user_id: userId,
    secret_hash: secretHash,
    issued_by: issuedBy,
    created_by: createdBy,
    expires_at: expiresAt,
  });
  return { token: credential, path: resetPath(credential), expiresAt: expiresAt.toISOString() };
}

const linkInvalid = () =>
  new AppError(
    'invalid',
    'The password reset link is unknown, expired or used already; ask for a new one.',
    undefined,
    undefined,
    'reset_link_invalid',
  );

interface ResetMail {
  to: string;
  name: string;
  locale: string;
  workspace: string;
  link: string;
}

function resetMessage(mail: ResetMail) {
  if (mail.locale === 'en')
    return {
      to: mail.to,
      subject: `Reset your Farley password (${mail.workspace})`,
      text: `Hello ${mail.name},\n\nsomeone (hopefully you) asked to reset your password for ${mail.workspace} in Farley. To choose a new one, open this link within one hour:\n\n${mail.link}\n\nThe link works once. If you did not ask for it, ignore this mail: your password stays as it is.\n`,
    };
  return {
    to: mail.to,
    subject: `Farley-Passwort zurücksetzen (${mail.workspace})`,
    text: `Hallo ${mail.name},\n\njemand (hoffentlich Sie) möchte Ihr Passwort für ${mail.workspace} in Farley zurücksetzen. Um ein neues zu wählen, öffnen Sie diesen Link innerhalb einer Stunde:\n\n${mail.link}\n\nDer Link funktioniert einmal. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.\n`,
  };
}

export function passwordResetService(ctx: AppContext, log: FastifyBaseLogger) {
  const db = ctx.db.app;
  return {
    options: () => ({ byEmail: sendsSystemMail(ctx.config) }),

    /**
     * Mails a link to each user this email signs in to. The answer is the same whether or not
     * the email is known, and comes before the mail goes out (sending takes as long as the
     * SMTP server does, which would tell). Counted per email and address, known or not.
     */
    async request(email: string, address: string): Promise<void> {
      if (!sendsSystemMail(ctx.config))
        throw new AppError(
          'conflict',
          'This server sends no mail of its own; ask an admin for a one-time password reset link.',
          undefined,
          undefined,
          'no_system_mail',
        );
      const normalized = email.trim().toLowerCase();
      const keys = [`reset-email:${normalized}`, `reset-ip:${address}`];
      // Counted in the sign-in throttle's table, under keys of their own.
      const counts = await logins.failuresOf(db, keys, Math.ceil(requestWindowMinutes / 60));
      if (
        (counts.get(keys[0])?.failures ?? 0) >= maxRequestsPerEmail ||
        (counts.get(keys[1])?.failures ?? 0) >= maxRequestsPerAddress
      )
        throw new AppError(
          'too_many_requests',
          'Too many password reset links asked for. Wait an hour and try again.',
          undefined,
          { 'retry-after': String(requestWindowMinutes * 60) },
          'too_many_resets',
        );
      await logins.insertAttempts(db, keys);
      const mails: ResetMail[] = [];
      for (const login of await logins.findLogins(db, normalized)) {
        const scope = { workspaceId: login.workspace_id, userId: login.user_id };
        const mail = await inTenant(db, scope, async (tx) => {
          const user = await repo.findMailRecipient(tx, login.user_id);
          if (!user) return undefined;
          const link = await issue(tx, login.workspace_id, user.id, 'email', null);
          return { to: user.email, name: user.name, locale: user.locale, workspace: user.workspace, link: link.path };
        });
        if (mail) mails.push({ ...mail, link: `${ctx.config.mailLinkBase}${mail.link}` });
      }
      for (const mail of mails)
        void sendSystemMail(ctx.config, resetMessage(mail)).catch((error: unknown) =>
          log.error({ err: error, to: mail.to }, 'password reset mail not sent'),
        );
    },

    /** Sets the new password with a link's secret: once, before it expires, for an active user. */
    complete: (token: string, password: string) => {
      const credential = parseCredential(token.trim());
      if (!credential) throw linkInvalid();
      return inTenant(db, { workspaceId: credential.workspaceId }, async (tx) => {
        const reset = await repo.findResetForUse(tx, credential.recordId);
        if (
          !reset ||
          !secretMatches(credential.secret, reset.secret_hash) ||
          reset.used_at !== null ||
          reset.expires_at.getTime() <= Date.now() ||
          !reset.active ||
          reset.deleted_at !== null
        )
          throw linkInvalid();
        // A refused password leaves the link usable: the transaction rolls back.
        await assertPasswordAllowed(password, { email: reset.email, name: reset.name });
        await updateLive(
          tx,
          'users',
          reset.user_id,
          { password_hash: await hashPassword(password) },
          undefined,
          'user',
        );
        await repo.markUsed(tx, reset.id, reset.user_id);
        // Whoever held a session or token of the user (perhaps why the password was forgotten) is out.
        await endSessionsOf(tx, reset.user_id);
        await revokeTokensOf(tx, reset.user_id);
      });
    },

    /** An admin's one-time link for a user of the workspace, to hand over (24 hours). */
    issueForUser: (actor: Actor, userId: string): Promise<PasswordResetLink> =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'users', userId, 'user');
        return issue(tx, actor.workspaceId, userId, 'admin', actor.userId);
      }),
  };
}
