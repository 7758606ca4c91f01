// The personal account (issue 25) as the API shows and accepts it: my sessions, my API tokens
// and app passwords, changing my password and my name or language, and password reset links.
import { z } from 'zod';
import { requiredText } from './common.ts';
import { locales } from './users.ts';

/**
 * A new password as the body carries it; the rules (12 to 256 characters, not common, not
 * repetitive, not personal) are checked by the server with the owner in view, and answered
 * with a problem code naming the rule (`password_too_short`, `password_common`…).
 */
export const newPassword = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(1024, { message: 'at most 256 characters' })
  .describe('12 to 256 characters; not a common password, no email, name or "farley" in it');

export const accountSession = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    userAgent: z.string().nullable().describe('The browser the session was started from, as it named itself'),
    ip: z.string().nullable().describe('The address it was started from'),
    current: z.boolean().describe('The session of this request'),
  })
  .meta({ id: 'AccountSession' });

export const accountSessionList = z.object({ data: z.array(accountSession) }).meta({ id: 'AccountSessionList' });

export const accountToken = z
  .object({
    id: z.string(),
    kind: z.enum(['api', 'dav']).describe("'api': an API token; 'dav': an app password of a phone (CardDAV/CalDAV)"),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    current: z.boolean().describe('The token of this request'),
  })
  .meta({ id: 'AccountToken' });

export const accountTokenList = z.object({ data: z.array(accountToken) }).meta({ id: 'AccountTokenList' });

export const passwordChange = z
  .object({
    currentPassword: z.string().min(1, { message: 'must not be empty' }).max(1024),
    newPassword,
  })
  .strict()
  .meta({ id: 'PasswordChange' });

export const profilePatch = z
  .object({ name: requiredText(200), locale: z.enum(locales) })
  .partial()
  .strict()
  .meta({ id: 'ProfilePatch' });

export const passwordResetRequest = z
  .object({ email: z.string().trim().min(1, { message: 'must not be empty' }).max(254) })
  .strict()
  .meta({ id: 'PasswordResetRequest' });

export const passwordResetComplete = z
  .object({
    token: z.string().min(1, { message: 'must not be empty' }).max(200).describe('The secret of the link'),
    password: newPassword,
  })
  .strict()
  .meta({ id: 'PasswordResetComplete' });

export const passwordResetOptions = z
  .object({
    byEmail: z.boolean().describe('Whether this server mails reset links (else an admin issues one)'),
  })
  .meta({ id: 'PasswordResetOptions' });

export const passwordResetLink = z
  .object({
    token: z.string().describe('The secret of the link: shown only in this answer'),
    path: z.string().describe("The link's path on this server, to be put after its address"),
    expiresAt: z.string(),
  })
  .meta({ id: 'PasswordResetLink' });

export type AccountSession = z.infer<typeof accountSession>;
export type AccountToken = z.infer<typeof accountToken>;
export type PasswordResetLink = z.infer<typeof passwordResetLink>;
export type PasswordResetOptions = z.infer<typeof passwordResetOptions>;
