// A workspace's reasons for losing a deal, as the API shows and accepts them.
import { z } from 'zod';
import { id, requiredText } from './common.ts';

export const lostReason = z
  .object({
    id,
    key: z
      .string()
      .nullable()
      .describe(
        'Set for a default reason not renamed since (price, competitor, budget, need, timing, noResponse): ' +
          'clients may show their own translation of it. null: show `name` as written.',
      ),
    name: z.string().describe("The reason as the workspace wrote it (defaults: in the workspace's language)"),
    position: z.number().int().describe('Order in which the reasons are offered, from 0'),
    active: z.boolean().describe('An inactive reason is no longer offered; lost deals that name it keep it'),
    version: z.number().int(),
  })
  .meta({ id: 'LostReason' });

export const lostReasonCreate = z
  .object({ name: requiredText(100) })
  .strict()
  .meta({ id: 'LostReasonCreate', description: 'A new reason, offered last' });

export const lostReasonPatch = z
  .object({
    name: requiredText(100).describe('Renaming drops the key: the reason is shown as written from then on'),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .meta({ id: 'LostReasonPatch' });

export const lostReasonOrder = z
  .object({
    ids: z
      .array(id)
      .min(1, { message: 'at least one id' })
      .max(200, { message: 'at most 200 ids' })
      .describe('Every reason of the workspace, each once, in the new order'),
  })
  .strict()
  .meta({ id: 'LostReasonOrder' });

export const lostReasonList = z.object({ data: z.array(lostReason) }).meta({ id: 'LostReasonList' });

export type LostReason = z.infer<typeof lostReason>;
export type LostReasonCreate = z.infer<typeof lostReasonCreate>;
export type LostReasonPatch = z.infer<typeof lostReasonPatch>;
