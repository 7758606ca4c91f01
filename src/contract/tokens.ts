// API tokens as the API shows and accepts them. The token itself appears only in the
// answer to its creation.
import { z } from 'zod';
import { id, recordMeta, requiredText, timestamp } from './common.ts';

export const apiTokenCreate = z
  .object({
    name: requiredText(100),
    /** The user the token acts as; the caller when left out. */
    userId: id.optional(),
    expiresAt: timestamp.nullable().optional(),
  })
  .strict()
  .meta({ id: 'ApiTokenCreate' });

export const apiTokenPatch = z
  .object({
    name: requiredText(100),
    expiresAt: timestamp.nullable(),
  })
  .partial()
  .strict()
  .meta({ id: 'ApiTokenPatch' });

export const apiToken = z
  .object({
    ...recordMeta,
    name: z.string(),
    userId: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const createdApiToken = apiToken
  .extend({
    token: z.string().describe('The secret token. Shown only in this answer; store it now.'),
  })
  .meta({ id: 'CreatedApiToken' });

export type ApiTokenCreate = z.infer<typeof apiTokenCreate>;
export type ApiTokenPatch = z.infer<typeof apiTokenPatch>;
export type ApiToken = z.infer<typeof apiToken>;
export type CreatedApiToken = z.infer<typeof createdApiToken>;
