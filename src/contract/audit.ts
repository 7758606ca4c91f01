// The audit log as the API shows it: every create, change, trash and restore of a record,
// with who did it, when, and each changed field before and after.
import { z } from 'zod';
import { id } from './common.ts';

export const auditActions = ['create', 'update', 'delete', 'restore'] as const;

export const auditQuery = z
  .object({
    recordType: z
      .string()
      .regex(/^[a-z_]{1,40}$/, { message: 'a record type like contact, company, deal, activity, task' })
      .optional()
      .describe(
        'contact, company, deal, activity, task, affiliation, pipeline, pipeline_stage, user, team or api_token',
      ),
    recordId: id.optional().describe('Only entries of this record (needs recordType)'),
    actorId: id.optional().describe('Only changes made by this user'),
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50)'),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  })
  .strict();

export const auditEntry = z
  .object({
    id: z.string().describe('Increasing: a later entry has a larger id'),
    at: z.string(),
    actorId: z.string().nullable().describe('null for changes made by the system'),
    recordType: z.string(),
    recordId: z.string(),
    action: z
      .enum(auditActions)
      .describe('delete: moved to the trash (or removed for good); restore: brought back from the trash'),
    changes: z
      .record(z.string(), z.tuple([z.unknown(), z.unknown()]))
      .describe('Each changed field (stored name, camelCased) with its value before and after; null before on create'),
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = z
  .object({ data: z.array(auditEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });

export type AuditQuery = z.infer<typeof auditQuery>;
export type AuditEntry = z.infer<typeof auditEntry>;
