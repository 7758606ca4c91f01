// Saved views of the record lists as the API accepts and shows them. The config's field
// names, operators and sort are checked against the list's fields by the server (422).
import { z } from 'zod';
import { id, requiredText } from './common.ts';

export const viewResources = ['contacts', 'companies', 'deals'] as const;
export type ViewResource = (typeof viewResources)[number];

export const viewFilter = z
  .object({
    field: z.string().min(1).max(100).describe('A field name of the list (GET /meta/lists/{resource})'),
    op: z.string().min(1).max(20).describe("One of the field's operators, e.g. eq, contains, gte, has"),
    value: z
      .string()
      .max(1000)
      .describe('As the list query string takes it (in: comma-separated; empty: true or false)'),
  })
  .strict();

export const viewConfig = z
  .object({
    columns: z
      .array(z.string().min(1).max(100))
      .max(40, { message: 'at most 40 columns' })
      .describe('Field names shown, in order'),
    sort: z
      .string()
      .max(200)
      .nullable()
      .describe('As the list\'s sort parameter, e.g. "lastName,-createdAt"; null for the default'),
    filters: z.array(viewFilter).max(30, { message: 'at most 30 filters' }),
    q: z.string().max(200).optional().describe('Full-text search within the list'),
  })
  .strict()
  .meta({ id: 'ViewConfig' });

export const viewCreate = z
  .object({
    resource: z.enum(viewResources),
    name: requiredText(100),
    shared: z
      .boolean()
      .optional()
      .describe('true: every user of the workspace sees it (needs agent or more); default false'),
    config: viewConfig,
  })
  .strict()
  .meta({ id: 'ViewCreate' });

export const viewPatch = z
  .object({
    name: requiredText(100),
    shared: z.boolean(),
    config: viewConfig,
  })
  .partial()
  .strict()
  .meta({ id: 'ViewPatch' });

export const viewListQuery = z
  .object({
    resource: z.enum(viewResources).optional().describe('Only the views of this list'),
  })
  .strict();

export const view = z
  .object({
    id,
    version: z.number().int(),
    resource: z.enum(viewResources),
    name: z.string(),
    shared: z.boolean(),
    ownerId: z.string(),
    config: viewConfig,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'View' });

export type ViewConfig = z.infer<typeof viewConfig>;
export type ViewCreate = z.infer<typeof viewCreate>;
export type ViewPatch = z.infer<typeof viewPatch>;
export type View = z.infer<typeof view>;
