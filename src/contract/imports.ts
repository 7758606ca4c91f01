// Imports as the API shows and accepts them: the uploaded file, a run's settings, its
// progress and outcome, the preview, and saved mappings (see docs/import-export.md).
import { z } from 'zod';
import { id } from './common.ts';
import { type FieldErrorCode, fieldErrorCodeList, type ProblemCode } from './problems.ts';

export const importRecordTypes = [
  'contacts',
  'companies',
  'deals',
  'activities',
  'notes',
  'products',
  'orders',
] as const;
export const importFormats = ['csv', 'xlsx', 'vcf', 'json'] as const;
export const importStatuses = ['uploaded', 'running', 'done', 'failed', 'cancelled', 'undone'] as const;
export const matchModes = ['none', 'customerNumber', 'email', 'duplicates', 'sku'] as const;
export const updateModes = ['fillEmpty', 'overwrite'] as const;
export const invalidModes = ['reject', 'skipValue'] as const;
export const importEncodings = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;

export type ImportRecordType = (typeof importRecordTypes)[number];

/** A field key of the import catalogue → a column, several columns, and constants by field key. */
export const importMapping = z
  .object({
    constants: z.record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean()])).optional(),
  })
  .catchall(z.union([z.string().max(500), z.array(z.string().max(500)).max(20)]))
  .meta({ id: 'ImportMapping', description: '{"<field key>": "<column>" | ["<column>", …], "constants"?: {…}}' });

export type ImportMapping = z.infer<typeof importMapping>;

/** How the file is read; detected on upload, the client may override. */
export const readSettings = {
  format: z.enum(importFormats).optional(),
  encoding: z.enum(importEncodings).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  sheet: z.string().max(200).optional(),
};

export const importSettings = z
  .object({
    recordType: z.enum(importRecordTypes),
    mapping: importMapping,
    match: z.enum(matchModes).default('none'),
    update: z.enum(updateModes).default('fillEmpty'),
    onInvalid: z.enum(invalidModes).default('reject'),
    createCustomers: z
      .boolean()
      .optional()
      .describe('Orders: a customer number no contact or company has makes a new contact with it'),
    ...readSettings,
  })
  .strict();

export const importStart = importSettings
  .extend({
    dryRun: z.boolean().optional(),
    saveMappingAs: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .meta({ id: 'ImportStart' });

export type ImportSettings = z.infer<typeof importSettings>;
export type ImportStart = z.infer<typeof importStart>;

/** GET preview: the settings as query parameters, the mapping as JSON text. */
export const importPreviewQuery = z
  .object({
    recordType: z.enum(importRecordTypes),
    mapping: z.string().max(100_000).optional(),
    match: z.enum(matchModes).optional(),
    update: z.enum(updateModes).optional(),
    onInvalid: z.enum(invalidModes).optional(),
    ...readSettings,
  })
  .strict();

export const importUploadQuery = z
  .object({ fileName: z.string().trim().min(1).max(255).optional(), ...readSettings })
  .strict();

/**
 * Every code a problem of an import row can carry besides the problem codes of a refused write
 * (src/contract/problems.ts), each with the reasons that tell apart the cases one code covers
 * (`params.reason`: a date that cannot be read, or one that does not exist). The web app shows
 * a problem by code and reason in the user's language (`imports.problem.<code>` or
 * `imports.problem.<code>_<reason>`, filled with `params` and the field's name); `message`
 * says the same in English for the command line and API readers.
 */
export const importRowProblems = {
  ...(Object.fromEntries(fieldErrorCodeList.map((code) => [code, []])) as unknown as Record<
    FieldErrorCode,
    readonly []
  >),
  // no_one: a contact row with nothing that tells who it is (contactIdentified).
  required: ['no_one', 'new_product'],
  too_big: ['number'],
  wrong_type: ['number', 'whole_number', 'yes_no'],
  invalid_date: ['unreadable', 'no_such_day', 'no_such_time'],
  invalid_choice: ['listed'],
  invalid_format: [
    'decimals',
    'extra_cells',
    'not_object',
    'card_too_long',
    'card_no_end',
    'card_cut_off',
    'card_framing',
    'outside_card',
    'card_property',
    'card_kind',
    'card_no_version',
    'card_version',
    'card_unreadable',
    'card_no_name',
    'not_jcard',
  ],
  not_found: ['user', 'pipeline', 'stage', 'contact', 'company', 'deal', 'customer'],
  duplicate: ['customer_number', 'sku', 'customer_name'],
  merged: ['same_uid'],
  // GDPR Art. 18: the row would update a restricted contact and was skipped.
  contact_restricted: [],
} as const;

export type ImportRowCode = keyof typeof importRowProblems;
export type ImportRowReason<C extends ImportRowCode = ImportRowCode> = (typeof importRowProblems)[C][number];

export function isImportRowCode(value: unknown): value is ImportRowCode {
  return typeof value === 'string' && Object.hasOwn(importRowProblems, value);
}

/** What a problem's text is filled with; each where the case has it. */
export type ImportProblemParams = {
  /** The value as the file holds it (shortened to 100 characters). */
  value?: string;
  /** The file's column or columns (`Straße + Hausnummer`) the value came from. */
  column?: string;
  /** The allowed values of a field with a fixed set (`prospect, customer, …`). */
  choices?: string;
  /** Another line of the file: the card a card with the same UID was merged into. */
  line?: number;
  /** Cells of a row and columns of the header (a row with more cells than the header). */
  cells?: number;
  columns?: number;
  /** A limit (the largest card in MB). */
  limit?: number;
};

/** A problem of one import row: a code of `importRowProblems` with one of its reasons, or a write's problem code. */
export type ImportRowProblem =
  | {
      [C in ImportRowCode]: {
        line: number;
        field: string | null;
        message: string;
        code: C;
        params?: ImportProblemParams &
          ([ImportRowReason<C>] extends [never] ? unknown : { reason?: ImportRowReason<C> });
      };
    }[ImportRowCode]
  | { line: number; field: string | null; message: string; code: ProblemCode; params?: undefined };

export const importProblem = z.object({
  line: z.number().int(),
  field: z.string().nullable(),
  message: z.string().describe('The problem in English'),
  code: z
    .string()
    .optional()
    .describe('A code of importRowProblems (the field error codes, `merged`) or a problem code of a refused write'),
  params: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .optional()
    .describe('What a text of the code needs: reason, value, column, choices, line, cells, columns, limit'),
});

export const importUploaded = z
  .object({
    id,
    fileName: z.string(),
    format: z.enum(importFormats),
    columns: z.array(z.string()),
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
    sheets: z.array(z.string()).nullable(),
    rowsEstimate: z.number().int().nullable(),
    guessedMapping: z.record(z.string(), z.unknown()),
    samples: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Up to two values of each column from the first rows, to show beside the mapping'),
  })
  .meta({ id: 'ImportUploaded' });

export const importRun = z
  .object({
    id,
    fileName: z.string(),
    format: z.enum(importFormats),
    recordType: z.enum(importRecordTypes).nullable(),
    status: z.enum(importStatuses),
    dryRun: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    rowsTotal: z.number().int().nullable(),
    rowsDone: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    rate: z.number().nullable().describe('Rows per second of the run so far'),
    secondsLeft: z.number().int().nullable(),
    errors: z.array(importProblem).describe('The first 100 problems'),
    errorsTotal: z.number().int(),
    hasRejected: z.boolean().describe('Whether GET /imports/{id}/rejected has rows'),
    failure: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    undoableUntil: z.string().nullable(),
    createdBy: z.string().nullable().describe('The user who uploaded the file'),
  })
  .meta({ id: 'Import' });

export const importPreview = z
  .object({
    rows: z.array(
      z.object({
        line: z.number().int(),
        values: z.record(z.string(), z.unknown()),
        action: z.enum(['create', 'update', 'skip']),
        problems: z.array(importProblem),
      }),
    ),
    summary: z.object({
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
      errorsTotal: z.number().int(),
    }),
  })
  .meta({ id: 'ImportPreview' });

export const importSummary = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  errors: z.array(importProblem),
  errorsTotal: z.number().int(),
});

export const savedMapping = z
  .object({ id, name: z.string(), recordType: z.enum(importRecordTypes), mapping: importMapping })
  .meta({ id: 'ImportMappingSaved' });

export const savedMappingQuery = z.object({ recordType: z.enum(importRecordTypes).optional() }).strict();

export type ImportRun = z.infer<typeof importRun>;
export type ImportUploaded = z.infer<typeof importUploaded>;
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportSummary = z.infer<typeof importSummary>;
export type ImportProblem = z.infer<typeof importProblem>;
export type SavedMapping = z.infer<typeof savedMapping>;

/** A field an import can fill, with its names in both languages (the web app's mapping step). */
export const importField = z
  .object({
    key: z.string(),
    label: z.object({ de: z.string(), en: z.string() }),
    kind: z.string(),
  })
  .meta({ id: 'ImportField' });

export const importFieldsQuery = z.object({ recordType: z.enum(importRecordTypes) }).strict();
