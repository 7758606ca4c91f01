// The options of `farley import`, checked before anything opens the database.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  importEncodings,
  importFormats,
  importMapping,
  importRecordTypes,
  invalidModes,
  matchModes,
  updateModes,
} from '../../../contract/imports.ts';
import type { CliImport } from './imports.service.ts';

export async function importCommand(
  recordType: string | undefined,
  values: Record<string, string | boolean | undefined>,
  usage: (message: string) => Error,
): Promise<CliImport> {
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined => {
    const value = values[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !allowed.includes(value as T))
      throw usage(`--${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  if (!recordType || !(importRecordTypes as readonly string[]).includes(recordType))
    throw usage(`use: farley import ${importRecordTypes.join('|')} --workspace ID --file PATH …`);
  const workspaceId = z.uuid().safeParse(values.workspace);
  if (!workspaceId.success) throw usage('--workspace must be a workspace id');
  if (typeof values.file !== 'string' || values.file === '') throw usage('--file is required');
  let mapping: CliImport['mapping'];
  if (typeof values.mapping === 'string') {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(values.mapping, 'utf8'));
    } catch (error) {
      throw usage(`--mapping: ${(error as Error).message}`);
    }
    const parsed = importMapping.safeParse(json);
    if (!parsed.success)
      throw usage(`--mapping: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    mapping = parsed.data;
  }
  return {
    workspaceId: workspaceId.data,
    recordType: recordType as CliImport['recordType'],
    file: values.file,
    read: {
      format: pick('format', importFormats),
      encoding: pick('encoding', importEncodings),
      delimiter: typeof values.delimiter === 'string' ? values.delimiter : undefined,
      sheet: typeof values.sheet === 'string' ? values.sheet : undefined,
    },
    mapping,
    match: pick('match', matchModes, 'none') as CliImport['match'],
    update: pick('update', updateModes, 'fillEmpty') as CliImport['update'],
    onInvalid: pick('on-invalid', invalidModes, 'reject') as CliImport['onInvalid'],
    createCustomers: values['create-customers'] === true,
    dryRun: values['dry-run'] === true,
  };
}
