// Users of a workspace as the API shows and accepts them.
import { z } from 'zod';
import { recordMeta, requiredText } from './common.ts';

export const roles = ['admin', 'manager', 'agent', 'viewer', 'partner'] as const;
/** The workspace's own people: every role but the external partners. */
export const staffRoles = ['admin', 'manager', 'agent', 'viewer'] as const;
export const locales = ['de', 'en'] as const;

export const password = z.string().min(10, { message: 'at least 10 characters' }).max(200);

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
  })
  .meta({ id: 'User' });

export type UserCreate = z.infer<typeof userCreate>;
export type UserPatch = z.infer<typeof userPatch>;
export type User = z.infer<typeof user>;
