// Sign-in with an OpenID Connect identity provider: a workspace's settings as admins see and
// send them, and the providers the sign-in page may offer.
import { z } from 'zod';
import { staffRoles } from './users.ts';

/** An email domain as admins type it: lower case, no @, at least one dot. */
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, { message: 'is not a domain like example.com' });

export const oidcSettingsInput = z
  .object({
    enabled: z.boolean().optional().describe('default true'),
    issuer: z.url({ protocol: /^https?$/, message: 'is not an http(s) URL' }).max(500),
    clientId: z.string().trim().min(1, { message: 'must not be empty' }).max(500),
    /** Left out when it stays as stored; required the first time. */
    clientSecret: z.string().min(1, { message: 'must not be empty' }).max(2000).optional(),
    label: z.string().trim().min(1, { message: 'must not be empty' }).max(80),
    allowedDomains: z
      .array(domain)
      .max(50)
      .optional()
      .describe('Domains whose emails may sign in, and find the button on the sign-in page; empty: any'),
    passwordSignIn: z.boolean().optional().describe('default true; false keeps passwords for admins only'),
    autoCreate: z.boolean().optional().describe('default false: only existing users (by verified email)'),
    defaultRole: z.enum(staffRoles).optional().describe('role of users created on first sign-in; default agent'),
  })
  .strict()
  .meta({ id: 'OidcSettingsChange' });

export const oidcSettings = z
  .object({
    enabled: z.boolean(),
    issuer: z.string(),
    clientId: z.string(),
    /** Whether a client secret is stored (it is never shown). */
    hasClientSecret: z.boolean(),
    label: z.string(),
    allowedDomains: z.array(z.string()),
    passwordSignIn: z.boolean(),
    autoCreate: z.boolean(),
    defaultRole: z.enum(staffRoles),
    updatedAt: z.string(),
  })
  .meta({ id: 'OidcSettings' });

/** What an admin registers at the identity provider, and the link that opens its sign-in. */
export const oidcSetup = z
  .object({
    settings: oidcSettings.nullable(),
    redirectUri: z.string(),
    signInUrl: z.string(),
  })
  .meta({ id: 'OidcSetup' });

export const oidcProviders = z
  .object({
    providers: z.array(z.object({ workspaceId: z.string(), label: z.string() })),
  })
  .meta({ id: 'OidcProviders' });

export type OidcSettingsInput = z.infer<typeof oidcSettingsInput>;
export type OidcSettings = z.infer<typeof oidcSettings>;
export type OidcSetup = z.infer<typeof oidcSetup>;
export type OidcProviders = z.infer<typeof oidcProviders>;
