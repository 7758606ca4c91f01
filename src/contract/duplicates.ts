// Duplicates as the API shows and accepts them: the check while typing, the pairs a scan found,
// dismissing a pair, and the scan itself.
import { z } from 'zod';
import { id } from './common.ts';

export const duplicateTypes = ['contacts', 'companies'] as const;
export const duplicateType = z.enum(duplicateTypes);

const loose = (max: number) => z.string().max(max).nullable().optional();

/**
 * What the check reads of a record being typed: a (partial) create body. Values need not be
 * valid yet (a half-typed email is fine); other fields of a create body are ignored.
 */
const checkBase = {
  emails: z
    .array(z.union([z.string().max(254), z.object({ email: z.string().max(254) }).passthrough()]))
    .max(20)
    .optional(),
  phones: z
    .array(z.union([z.string().max(40), z.object({ number: z.string().max(40) }).passthrough()]))
    .max(20)
    .optional(),
  addresses: z
    .array(z.object({ street: loose(200), postalCode: loose(20), city: loose(100) }).passthrough())
    .max(20)
    .optional(),
  customerNumber: loose(100),
  externalId: loose(200),
};

export const contactDuplicateCheck = z
  .object({
    ...checkBase,
    firstName: loose(100),
    lastName: loose(100),
    birthday: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-12-31' })
      .nullable()
      .optional(),
  })
  .meta({ id: 'ContactDuplicateCheck' });

export const companyDuplicateCheck = z
  .object({ ...checkBase, name: loose(200), website: loose(300) })
  .meta({ id: 'CompanyDuplicateCheck' });

export const duplicateReason = z
  .string()
  .describe(
    'same_name, similar_name, phonetic_name, nickname, name_swapped, same_email, same_phone, same_address, ' +
      'same_birthday, same_customer_number, same_external_id, same_company_name, similar_company_name, same_domain',
  );

export const recordSummary = z
  .object({
    id,
    name: z.string(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    city: z.string().nullable(),
    companyName: z.string().nullable().describe("A contact's primary company; null for companies"),
  })
  .meta({ id: 'DuplicateRecordSummary' });

export const duplicateCandidates = z
  .object({
    candidates: z.array(
      z.object({
        id,
        score: z.number().describe('Match probability from 0 to 1'),
        reasons: z.array(duplicateReason),
        record: recordSummary,
      }),
    ),
  })
  .meta({ id: 'DuplicateCandidates' });

export const duplicatePair = z
  .object({
    ids: z.tuple([id, id]),
    score: z.number().describe('Match probability from 0 to 1'),
    reasons: z.array(duplicateReason),
    records: z.tuple([recordSummary, recordSummary]),
  })
  .meta({ id: 'DuplicatePair' });

export const duplicatePairList = z
  .object({ pairs: z.array(duplicatePair), nextCursor: z.string().nullable() })
  .meta({ id: 'DuplicatePairList' });

export const duplicateListQuery = z
  .object({
    type: duplicateType,
    minScore: z.coerce.number().min(0).max(1).default(0.5),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const duplicateDismiss = z
  .object({ ids: z.tuple([id, id]).refine(([a, b]) => a !== b, { message: 'must be two different records' }) })
  .strict()
  .meta({ id: 'DuplicateDismiss' });

export const duplicateScanStart = z.object({ type: duplicateType }).strict().meta({ id: 'DuplicateScanStart' });

export const duplicateScan = z
  .object({
    id,
    type: duplicateType,
    status: z.enum(['queued', 'running', 'done', 'failed']),
    records: z.number().nullable(),
    candidatePairs: z.number().nullable(),
    pairs: z.number().nullable().describe('Pairs kept (match probability 0.3 or more)'),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'DuplicateScan' });

export type DuplicateType = z.infer<typeof duplicateType>;
export type ContactDuplicateCheck = z.infer<typeof contactDuplicateCheck>;
export type CompanyDuplicateCheck = z.infer<typeof companyDuplicateCheck>;
export type DuplicatePair = z.infer<typeof duplicatePair>;
export type RecordSummary = z.infer<typeof recordSummary>;
export type DuplicateScan = z.infer<typeof duplicateScan>;
