// Sensitive fields per role (docs/security.md, "Field access"): a hidden field is absent from
// every answer of the API (the answers are walked before they are written, so a field nested
// in another record's answer goes too), from exports and from report fields; a read-only one
// is refused in writes. The rules live in field_rules, kept by the access module; a request
// reads its role's rules with its credential (auth.repository.ts), so a change holds at once.
import { type FieldRecordType, privatePhoneLabel, sensitiveFields } from '../../contract/access.ts';
import type { Db } from './db/schema.ts';
import { AppError } from './errors.ts';
import { inTenant, type Tx } from './db/tenant.ts';
import type { Role } from './policy.ts';

export interface FieldAccess {
  /** Keys of API answers to leave out. */
  hidden: ReadonlySet<string>;
  /** `recordType.field` of every field the role may not change (hidden ones included). */
  locked: ReadonlySet<string>;
  /** Phone entries labelled private or home are left out. */
  hidePrivatePhones: boolean;
}

export const fullAccess: FieldAccess = { hidden: new Set(), locked: new Set(), hidePrivatePhones: false };

export function restricts(access: FieldAccess): boolean {
  return access.hidden.size > 0 || access.hidePrivatePhones;
}

type FieldRuleRow = { record_type: string; field: string; access: string };

/** The field access of a role from the workspace's field rules. */
export async function fieldAccessOf(tx: Tx, role: Role): Promise<FieldAccess> {
  if (role === 'admin') return fullAccess;
  const rows = await tx
    .selectFrom('field_rules')
    .select(['record_type', 'field', 'access'])
    .where('role', '=', role)
    .execute();
  return accessFromRules(rows);
}

function accessFromRules(rows: FieldRuleRow[]): FieldAccess {
  if (rows.length === 0) return fullAccess;
  const hidden = new Set<string>();
  const locked = new Set<string>();
  let hidePrivatePhones = false;
  for (const row of rows) {
    const keys: Record<string, readonly string[]> = sensitiveFields[row.record_type as FieldRecordType] ?? {};
    if (!Object.hasOwn(keys, row.field)) continue;
    locked.add(`${row.record_type}.${row.field}`);
    if (row.access !== 'hidden') continue;
    if (row.field === 'privatePhones') hidePrivatePhones = true;
    for (const key of keys[row.field]) hidden.add(key);
  }
  return { hidden, locked, hidePrivatePhones };
}

/**
 * The caller's field access: from the rules read with their credential (the auth lookup), so
 * no query and nothing cached; a caller made otherwise asks the database.
 */
export function fieldAccessFor(
  db: Db,
  caller: { workspaceId: string; userId: string; role: Role; fieldRules?: string | null },
): Promise<FieldAccess> {
  if (caller.role === 'admin') return Promise.resolve(fullAccess);
  if (caller.fieldRules !== undefined) {
    return Promise.resolve(caller.fieldRules === null ? fullAccess : accessFromRules(JSON.parse(caller.fieldRules)));
  }
  // The caller itself as the scope: a request's first database work takes its open transaction.
  return inTenant(db, caller, (tx) => fieldAccessOf(tx, caller.role));
}

/** Leaves the hidden fields out of a value of an API answer, at any depth; returns a copy. */
export function withoutHidden<T>(value: T, access: FieldAccess): T {
  if (!restricts(access)) return value;
  return strip(value, access, 0) as T;
}

function strip(value: unknown, access: FieldAccess, depth: number): unknown {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => strip(item, access, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (access.hidden.has(key)) continue;
    if (key === 'phones' && access.hidePrivatePhones && Array.isArray(item)) {
      out[key] = item.filter((phone) => !privatePhoneLabel.test(String((phone as { label?: unknown })?.label ?? '')));
      continue;
    }
    out[key] = strip(item, access, depth + 1);
  }
  return out;
}

/** The answer to a write that touches a field the caller's role may not change (403). */
export function fieldReadOnly(detail: string): AppError {
  return new AppError('forbidden', detail, undefined, undefined, 'field_read_only');
}

/** The locked fields a write body touches (keys anywhere in it), as `recordType.field`. */
export function lockedFieldsIn(body: unknown, access: FieldAccess, recordTypes: readonly string[]): string[] {
  if (access.locked.size === 0 || body === null || typeof body !== 'object') return [];
  const keys = new Set<string>();
  const collect = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) collect(item, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      keys.add(key);
      collect(item, depth + 1);
    }
  };
  collect(body, 0);
  const touched: string[] = [];
  for (const type of recordTypes) {
    const fields: Record<string, readonly string[]> = sensitiveFields[type as FieldRecordType] ?? {};
    for (const [field, apiKeys] of Object.entries(fields)) {
      if (!access.locked.has(`${type}.${field}`)) continue;
      const sent = field === 'privatePhones' ? keys.has('phones') : apiKeys.some((k) => keys.has(k));
      if (sent) touched.push(`${type}.${field}`);
    }
  }
  return touched;
}
