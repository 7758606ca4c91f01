// List metadata as the API shows it: what a list's fields are, how they filter and sort,
// so that clients build filter builders and column choosers from the server's description.
import { z } from 'zod';

export const listResources = ['contacts', 'companies', 'deals', 'tasks', 'activities', 'products'] as const;
export type ListResource = (typeof listResources)[number];

export const fieldKinds = [
  'text',
  'integer',
  'decimal',
  'date',
  'timestamp',
  'boolean',
  'enum',
  'uuid',
  'array',
] as const;

export const listField = z
  .object({
    name: z.string().describe('The field as the list query string and the records name it'),
    kind: z.enum(fieldKinds),
    operators: z.array(z.string()).describe('Filter operators: `eq` is `field=value`, the others `field.op=value`'),
    values: z.array(z.string()).optional().describe('The allowed values of an enum field'),
    sortable: z.boolean().describe('May appear in the `sort` parameter'),
    nullable: z.boolean().describe('May be null (or, for text, empty)'),
  })
  .meta({ id: 'ListField' });

export const listMeta = z
  .object({
    resource: z.enum(listResources),
    fields: z.array(listField),
  })
  .meta({ id: 'ListMeta' });

export type ListField = z.infer<typeof listField>;
export type ListMeta = z.infer<typeof listMeta>;
