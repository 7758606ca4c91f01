// Merging duplicates: one record survives, the others go to the trash pointing at it, and
// everything that hung on them moves over. A merge can be undone.
import { z } from 'zod';
import { id } from './common.ts';
import { contact, contactInput } from './contacts.ts';
import { company, companyInput } from './companies.ts';

export const mergeTypes = ['contacts', 'companies'] as const;
export type MergeType = (typeof mergeTypes)[number];

/** The multi-valued fields whose values can all be kept (deduplicated) instead of one record's. */
export const keepAllKinds = ['emails', 'phones', 'addresses', 'tags'] as const;
export type KeepAllKind = (typeof keepAllKinds)[number];

/** A merge asks per field whose value wins; the fields are those a record's write takes. */
export const contactMergeFields = contactInput.keyof();
export const companyMergeFields = companyInput.keyof();

function mergeInput<F extends z.ZodEnum>(fields: F, noun: string) {
  return z
    .object({
      survivorId: id.describe(`The ${noun} that stays`),
      mergedIds: z
        .array(id)
        .min(1, { message: 'name at least one record to merge' })
        .max(9, { message: 'at most 9 records at once' })
        .describe(`The ${noun}s merged into the survivor: they go to the trash with mergedIntoId`),
      fields: z
        .partialRecord(fields, id)
        .optional()
        .describe("Per field, the id of the record whose value wins; a field not named keeps the survivor's value"),
      keepAll: z
        .array(z.enum(keepAllKinds))
        .max(keepAllKinds.length)
        .default([])
        .describe('Multi-valued fields that keep the values of all records (deduplicated) instead of one'),
    })
    .strict();
}

export const contactMerge = mergeInput(contactMergeFields, 'contact').meta({ id: 'ContactMerge' });
export const companyMerge = mergeInput(companyMergeFields, 'company').meta({ id: 'CompanyMerge' });

const mergeId = { mergeId: id.describe('Undo the merge with POST /merges/{mergeId}/undo') };
export const mergedContact = contact.extend(mergeId).meta({ id: 'MergedContact' });
export const mergedCompany = company.extend(mergeId).meta({ id: 'MergedCompany' });

export const merge = z
  .object({
    id,
    type: z.enum(mergeTypes),
    survivorId: id,
    mergedIds: z.array(id),
    fields: z.record(z.string(), z.string()),
    keepAll: z.array(z.enum(keepAllKinds)),
    createdAt: z.string(),
    undoneAt: z.string().nullable(),
  })
  .meta({ id: 'Merge' });

export type MergeInput = z.infer<typeof contactMerge> | z.infer<typeof companyMerge>;
export type Merge = z.infer<typeof merge>;
export type MergedContact = z.infer<typeof mergedContact>;
export type MergedCompany = z.infer<typeof mergedCompany>;

/** Where a merged record is now: still merged (in the trash), restored since, or removed for good. */
export const mergedRecordStates = ['merged', 'restored', 'gone'] as const;

/** A merge into a record that can still be undone later, as the record's page shows it. */
export const mergeIntoRecord = z
  .object({
    id: id.describe('Undo with POST /merges/{id}/undo'),
    createdAt: z.string(),
    merged: z.array(
      z.object({
        id,
        name: z.string().describe('Empty when the record is gone'),
        state: z.enum(mergedRecordStates),
      }),
    ),
    undoable: z
      .boolean()
      .describe('False when a merged record was restored or removed since: the undo would be refused'),
  })
  .meta({ id: 'MergeIntoRecord' });
export const mergesIntoRecord = z.object({ data: z.array(mergeIntoRecord) }).meta({ id: 'MergesIntoRecord' });
export type MergeIntoRecord = z.infer<typeof mergeIntoRecord>;
