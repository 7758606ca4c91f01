// Bulk actions on many records of one list at once, as the API accepts and answers them.
import { z } from 'zod';
import { id, tag } from './common.ts';

const ids = z
  .array(id)
  .min(1, { message: 'at least one id' })
  .max(1000, { message: 'at most 1000 ids' })
  .transform((list) => [...new Set(list)])
  .describe('The records to act on (1–1000; duplicates are ignored)');

export const bulkAssignOwner = z
  .object({
    ids,
    action: z.literal('assignOwner'),
    ownerId: id.nullable().describe('An active user of the workspace, or null for nobody'),
  })
  .strict();
export const bulkAddTag = z.object({ ids, action: z.literal('addTag'), tag }).strict();
export const bulkRemoveTag = z.object({ ids, action: z.literal('removeTag'), tag }).strict();
export const bulkTrash = z.object({ ids, action: z.literal('trash') }).strict();

export const bulkAction = z
  .discriminatedUnion('action', [bulkAssignOwner, bulkAddTag, bulkRemoveTag, bulkTrash])
  .meta({ id: 'BulkAction' });

export const bulkResult = z
  .object({
    affected: z.number().int().describe('How many records were changed'),
    notFound: z
      .array(id)
      .describe(
        "Ids that are not live records of the workspace (unknown, another workspace's, or in the trash): left alone",
      ),
    restricted: z.array(id).optional().describe('Contacts whose processing is restricted (GDPR Art. 18): left alone'),
  })
  .meta({ id: 'BulkResult' });

export type BulkAction = z.infer<typeof bulkAction>;
export type BulkResult = z.infer<typeof bulkResult>;
