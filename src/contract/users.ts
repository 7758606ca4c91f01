// Users of a workspace as the API shows and accepts them.
import { z } from 'zod';
import { recordMeta, requiredText } from './common.ts';

export const roles = ['admin', 'manager', 'agent', 'viewer', 'partner'] as const;
/** The workspace's own people: every role but the external partners. */
export const staffRoles = ['admin', 'manager', 'agent', 'viewer'] as const;
export const locales = ['de', 'en'] as const;

/**
 * A password as a body carries it. The rules of a new password (12 to 256 characters, not a
 * common one, none of the user's words) need the user in view: the server checks them
 * (modules/auth/passwordRules.ts) and answers with a problem code naming the rule (`password_common`…).
 */
export const password = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(1024, { message: 'at most 256 characters' })
  .describe('12 to 256 characters; not a common password, no email, name or "farley" in it');

export const userCreate = z
  .object({
    email: z.email({ message: 'is not a valid email address' }).max(254),
    name: requiredText(200),
    role: z.enum(roles),
    locale: z.enum(locales).optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .strict()
  .meta({ id: 'UserCreate' });

export const userPatch = userCreate.partial().meta({ id: 'UserPatch' });

export const user = z
  .object({
    ...recordMeta,
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    locale: z.string(),
    active: z.boolean(),
    /** When the user last signed in with their password; null: never (or before Farley kept it). */
    lastSignInAt: z.string().nullable().optional(),
  })
  .meta({ id: 'User' });

/** Who a user id stands for, as records show it (owner, assignee, author, who moved a deal). */
export const userName = z.object({ id: z.uuid(), name: z.string(), active: z.boolean() }).meta({ id: 'UserName' });
export const userNames = z.object({ data: z.array(userName) }).meta({ id: 'UserNames' });

export type UserCreate = z.infer<typeof userCreate>;
export type UserPatch = z.infer<typeof userPatch>;
export type User = z.infer<typeof user>;
export type UserName = z.infer<typeof userName>;
