// From a row's converted values (field key → value, see formats/applyMapping) to the API's
// own create body of the record type, validated with the contract's zod schema: an import
// stores nothing the API would refuse. Each part of the body remembers the field it came
// from, so that a refusal names the import field (email2, not emails.1) and, with
// onInvalid=skipValue, drops only that value.
import type { z } from 'zod';
import {
  contactCreate,
  contactIdentified,
  contactUnidentified,
  type lifecycleStages,
} from '../../../contract/contacts.ts';
import { companyCreate } from '../../../contract/companies.ts';
import { dealCreate } from '../../../contract/deals.ts';
import { activityCreate, type activityTypes, type directions } from '../../../contract/activities.ts';
import type { ImportRecordType } from '../../../contract/imports.ts';
import { productBody, productImport } from './imports.productRows.ts';
import { fieldCodeOf } from '../../platform/http/problems.ts';
import { buildOrderRow } from '../orders/orders.import.ts';
import { orderUpsert } from '../../../contract/orders.ts';

export type { Built, Problem, Refs } from './imports.rows.ts';
import type { Built, ImportedConsent, Problem, Refs } from './imports.rows.ts';
import { importedConsents } from './formats/fields.ts';

export interface BuildEnv {
  defaultCountry: string;
  defaultCurrency: string;
  onInvalid: 'reject' | 'skipValue';
  /** A user's id by lower-cased email or name. */
  users: Map<string, string>;
  /** Whether the contract knows customerNumber/externalId (migration 0021). */
  numbered: boolean;
}

type Values = Record<string, unknown>;

/** A value as one text (several columns joined by a space), or null when empty. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return textOf(value.filter((v) => v !== null && v !== undefined && v !== '').join(' '));
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A value as a list of entries: each column its own, a cell split at `;` (and `,` where told). */
export function listOf(value: unknown, commas = true): string[] {
  if (value === null || value === undefined) return [];
  // One entry, as most cells hold.
  if (typeof value === 'string' && !(commas ? /[;,]/ : /;/).test(value)) {
    const entry = value.trim();
    return entry === '' ? [] : [entry];
  }
  const parts = Array.isArray(value)
    ? value.flatMap((v) => listOf(v, commas))
    : String(value).split(commas ? /[;,]/ : /;/);
  return parts.map((part) => (typeof part === 'string' ? part.trim() : String(part))).filter(Boolean);
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = textOf(value);
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

const countries: Record<string, string> = {
  deutschland: 'DE',
  germany: 'DE',
  österreich: 'AT',
  oesterreich: 'AT',
  austria: 'AT',
  schweiz: 'CH',
  switzerland: 'CH',
  liechtenstein: 'LI',
  niederlande: 'NL',
  netherlands: 'NL',
  frankreich: 'FR',
  france: 'FR',
  italien: 'IT',
  italy: 'IT',
  luxemburg: 'LU',
  luxembourg: 'LU',
  belgien: 'BE',
  belgium: 'BE',
  dänemark: 'DK',
  denmark: 'DK',
  polen: 'PL',
  poland: 'PL',
  spanien: 'ES',
  spain: 'ES',
  'vereinigtes königreich': 'GB',
  'united kingdom': 'GB',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'u.s.a.': 'US',
  'vereinigte staaten': 'US',
  canada: 'CA',
  kanada: 'CA',
  japan: 'JP',
  日本: 'JP',
  australia: 'AU',
  australien: 'AU',
};

/** A country as its ISO code where the name is known; anything else as written (the schema judges). */
function countryOf(value: unknown): string | null {
  const text = textOf(value);
  if (text === null) return null;
  if (/^[a-z]{2}$/i.test(text)) return text.toUpperCase();
  return countries[text.toLowerCase()] ?? text;
}

const stageWords: Record<string, (typeof lifecycleStages)[number]> = {
  interessent: 'prospect',
  kunde: 'customer',
  kundin: 'customer',
  ehemalig: 'former',
  ehemaliger: 'former',
  'ehemaliger kunde': 'former',
  sonstige: 'other',
  andere: 'other',
};

function lifecycleOf(value: unknown): string | null {
  const text = textOf(value)?.toLowerCase();
  if (!text) return null;
  return stageWords[text] ?? text;
}

const typeWords: Record<string, (typeof activityTypes)[number]> = {
  anruf: 'call',
  telefonat: 'call',
  telefon: 'call',
  besprechung: 'meeting',
  termin: 'meeting',
  treffen: 'meeting',
  'e-mail': 'email',
  mail: 'email',
  notiz: 'note',
  brief: 'letter',
  besuch: 'visit',
  nachricht: 'chat',
};

const directionWords: Record<string, (typeof directions)[number]> = {
  eingehend: 'inbound',
  ausgehend: 'outbound',
  intern: 'internal',
  in: 'inbound',
  out: 'outbound',
};

/** A written body and its sources; `set` takes a field only when it holds a value. */
export class Body {
  readonly input: Record<string, unknown> = {};
  readonly sources: Record<string, string> = {};
  constructor(private readonly values: Values) {}

  set(key: string, field: string, value: unknown = textOf(this.values[field])) {
    if (value === null || value === undefined) return;
    this.input[key] = value;
    this.sources[key] = field;
  }

  push(key: string, field: string, entry: Record<string, unknown>) {
    if (this.input[key] === undefined) this.input[key] = [];
    const list = this.input[key] as unknown[];
    this.sources[`${key}.${list.length}`] = field;
    list.push(entry);
  }

  text(field: string) {
    return textOf(this.values[field]);
  }
}

const addressParts = ['street', 'postalCode', 'city', 'region', 'country'] as const;

function reach(body: Body, values: Values, fields: { emails: string[]; phones: Array<[string, string | null]> }) {
  for (const field of fields.emails) {
    for (const email of listOf(values[field])) body.push('emails', field, { email, primary: false });
  }
  for (const [field, label] of fields.phones) {
    for (const number of listOf(values[field], false)) body.push('phones', field, { number, label, primary: false });
  }
  const address: Record<string, unknown> = {};
  let parts = 0;
  for (const key of addressParts) {
    const value = key === 'country' ? countryOf(values.country) : textOf(values[key]);
    if (value === null) continue;
    address[key] = value;
    parts++;
  }
  if (parts > 0) {
    address.primary = true;
    body.push('addresses', 'street', address);
    // A refusal of one part of the address names that part's field.
    for (const key of addressParts) if (address[key] !== undefined) body.sources[`addresses.0.${key}`] = key;
  }
  for (const key of ['emails', 'phones'] as const) {
    const list = body.input[key] as Array<{ primary: boolean }> | undefined;
    if (list?.length) list[0].primary = true;
  }
}

function owner(body: Body, env: BuildEnv, problems: Problem[], line: number, key = 'ownerId') {
  const name = body.text('owner');
  if (!name) return;
  const id = env.users.get(name.toLowerCase());
  if (id) body.set(key, 'owner', id);
  else
    problems.push({
      line,
      field: 'owner',
      code: 'not_found',
      params: { reason: 'user', value: name },
      message: `no user "${name}" in this workspace`,
    });
}

function numbers(body: Body, env: BuildEnv) {
  if (!env.numbered) return;
  body.set('customerNumber', 'customerNumber');
  body.set('externalId', 'externalId');
}

function contactBody(values: Values, env: BuildEnv, problems: Problem[], line: number): Body {
  const body = new Body(values);
  body.set('salutation', 'salutation');
  body.set('title', 'title');
  body.set('firstName', 'firstName');
  body.set('lastName', 'lastName');
  const full = body.text('fullName');
  if (full && body.input.lastName === undefined) {
    // "Erika Mustermann" or "Mustermann, Erika": the last word, or what comes before the comma.
    const [last, first] = full.includes(',')
      ? full.split(',', 2).map((s) => s.trim())
      : [full.split(/\s+/).pop() as string, full.split(/\s+/).slice(0, -1).join(' ')];
    body.set('lastName', 'fullName', last || full);
    if (body.input.firstName === undefined && first) body.set('firstName', 'fullName', first);
  }
  // A person known by one name only (a first name in the file): that name is the one they go by.
  if (body.input.lastName === undefined && body.input.firstName !== undefined) {
    body.set('lastName', body.sources.firstName, body.input.firstName);
    delete body.input.firstName;
    delete body.sources.firstName;
  }
  body.set('jobTitle', 'jobTitle');
  body.set('birthday', 'birthday');
  body.set('lifecycleStage', 'lifecycleStage', lifecycleOf(values.lifecycleStage));
  body.set('source', 'source');
  const tags = listOf(values.tags);
  if (tags.length) body.set('tags', 'tags', tags);
  numbers(body, env);
  owner(body, env, problems, line);
  reach(body, values, {
    emails: ['email', 'email2', 'email3'],
    phones: [
      ['phone', null],
      ['phone2', null],
      ['mobile', 'mobile'],
      ['fax', 'fax'],
    ],
  });
  return body;
}

function companyBody(values: Values, env: BuildEnv, problems: Problem[], line: number): Body {
  const body = new Body(values);
  body.set('name', 'name');
  body.set('legalForm', 'legalForm');
  body.set('industry', 'industry');
  const employees = numberOf(values.employeeCount);
  if (employees !== null) body.set('employeeCount', 'employeeCount', employees);
  const revenue = body.text('annualRevenue');
  if (revenue) body.set('annualRevenue', 'annualRevenue', { amount: revenue, currency: env.defaultCurrency });
  body.set('website', 'website');
  body.set('vatId', 'vatId');
  body.set('description', 'description');
  const tags = listOf(values.tags);
  if (tags.length) body.set('tags', 'tags', tags);
  numbers(body, env);
  owner(body, env, problems, line);
  reach(body, values, {
    emails: ['email'],
    phones: [
      ['phone', null],
      ['fax', 'fax'],
    ],
  });
  return body;
}

function dealBody(values: Values, env: BuildEnv, problems: Problem[], line: number): Body {
  const body = new Body(values);
  body.set('title', 'title');
  const value = body.text('value');
  if (value) {
    const currency = body.text('currency')?.toUpperCase() ?? env.defaultCurrency;
    body.set('amount', 'value', { amount: value, currency });
  }
  body.set('expectedCloseDate', 'expectedCloseDate');
  const tags = listOf(values.tags);
  if (tags.length) body.set('tags', 'tags', tags);
  owner(body, env, problems, line);
  return body;
}

function activityBody(values: Values, env: BuildEnv, problems: Problem[], line: number, note: boolean): Body {
  const body = new Body(values);
  if (note) body.set('type', 'type', 'note');
  else {
    const type = body.text('type')?.toLowerCase();
    if (type) body.set('type', 'type', typeWords[type] ?? type);
  }
  const direction = body.text('direction')?.toLowerCase();
  if (direction) body.set('direction', 'direction', directionWords[direction] ?? direction);
  body.set('subject', 'subject');
  body.set('body', 'body');
  const occurred = body.text('occurredAt');
  // A date alone is that day at noon UTC, which stays the same day in every European zone.
  if (occurred)
    body.set('occurredAt', 'occurredAt', /^\d{4}-\d{2}-\d{2}$/.test(occurred) ? `${occurred}T12:00:00Z` : occurred);
  const duration = numberOf(values.durationMinutes);
  if (duration !== null) body.set('durationMinutes', 'durationMinutes', duration);
  body.set('outcome', 'outcome');
  owner(body, env, problems, line, 'authorId');
  return body;
}

const schemas: Record<ImportRecordType, z.ZodType> = {
  contacts: contactCreate,
  companies: companyCreate,
  deals: dealCreate,
  activities: activityCreate,
  notes: activityCreate,
  products: productImport,
  // Not asked: an orders row is built and checked by orders/orders.import.ts.
  orders: orderUpsert,
};

/**
 * The fields a record cannot be without: a row missing one is rejected whatever onInvalid says.
 * A contact has none of its own but must be someone (contactIdentified, checked in build);
 * lastName is where a row that is no one is reported.
 */
export const requiredFields: Record<ImportRecordType, string> = {
  contacts: contactUnidentified.path,
  companies: 'name',
  deals: 'title',
  activities: 'type',
  notes: 'body',
  products: 'sku',
  orders: 'externalNumber',
};

function fieldOf(sources: Record<string, string>, path: PropertyKey[]): string | null {
  for (let n = path.length; n > 0; n--) {
    const key = path.slice(0, n).map(String).join('.');
    if (sources[key]) return sources[key];
  }
  return path.length ? String(path[0]) : null;
}

/** Removes the value at `path` (a list entry or a field) from the body. */
function drop(input: Record<string, unknown>, path: PropertyKey[]) {
  const [key, index] = path;
  if (typeof index === 'number' && Array.isArray(input[key as string])) {
    (input[key as string] as unknown[])[index] = undefined;
  } else delete input[key as string];
}

function compact(input: Record<string, unknown>) {
  for (const [key, value] of Object.entries(input)) {
    if (Array.isArray(value)) {
      const list = value.filter((v) => v !== undefined);
      if (list.length === 0 && value.length > 0) delete input[key];
      else input[key] = list;
    }
  }
  for (const key of ['emails', 'phones'] as const) {
    const list = input[key] as Array<{ primary?: boolean }> | undefined;
    if (list?.length && !list.some((entry) => entry.primary)) list[0].primary = true;
  }
}

/**
 * Validates `input` with the record type's create schema. A refused value is a problem on
 * its field; with skipValue the value is dropped and the rest tried again, else (or when a
 * required field is refused) the row fails.
 */
export function validate(
  recordType: ImportRecordType,
  input: Record<string, unknown>,
  sources: Record<string, string>,
  onInvalid: 'reject' | 'skipValue',
  line: number,
  problems: Problem[],
): Record<string, unknown> | null {
  const required = requiredFields[recordType];
  for (let round = 0; round < 5; round++) {
    const result = schemas[recordType].safeParse(input);
    if (result.success) return result.data as Record<string, unknown>;
    let fatal = onInvalid === 'reject';
    for (const issue of result.error.issues) {
      const field = fieldOf(sources, issue.path);
      const key = String(issue.path[0] ?? '');
      const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], input);
      const shown = typeof value === 'string' ? `"${value}": ` : '';
      const missing = value === undefined && key === required;
      const code = missing
        ? 'required'
        : fieldCodeOf(issue.code, issue as unknown as Record<string, unknown>, issue.message);
      problems.push({
        line,
        field: missing ? requiredFields[recordType] : field,
        code,
        ...(typeof value === 'string' ? { params: { value: value.slice(0, 100) } } : {}),
        message: missing ? `${required} is required` : `${shown}${issue.message}`,
      } as Problem);
      if (key === required || issue.path.length === 0) fatal = true;
      drop(input, issue.path);
    }
    if (fatal) return null;
    compact(input);
  }
  return null;
}

/** Builds and validates the body of one row; null when the row fails (its problems say why). */
export function build(
  recordType: ImportRecordType,
  values: Values,
  env: BuildEnv,
  line: number,
  problems: Problem[],
): Built | null {
  if (recordType === 'orders') return buildOrderRow(values, line, problems);
  const body =
    recordType === 'contacts'
      ? contactBody(values, env, problems, line)
      : recordType === 'companies'
        ? companyBody(values, env, problems, line)
        : recordType === 'deals'
          ? dealBody(values, env, problems, line)
          : recordType === 'products'
            ? productBody(new Body(values), values, env, problems, line)
            : activityBody(values, env, problems, line, recordType === 'notes');
  // What the body found wrong (an unknown owner, a VAT rate the country does not have).
  if (problems.some((p) => p.field === 'owner' || p.field === 'vatRate') && env.onInvalid === 'reject') return null;
  if (recordType === 'notes' && body.input.body === undefined) {
    problems.push({ line, field: 'body', code: 'required', message: 'body is required' });
    return null;
  }
  if (recordType === 'activities' && body.input.type === undefined) body.set('type', 'type', 'note');
  const input = validate(recordType, body.input, body.sources, env.onInvalid, line, problems);
  if (!input) return null;
  if (recordType === 'contacts' && !contactIdentified(input)) {
    const { path: field, code, message } = contactUnidentified;
    problems.push({ line, field, code, params: { reason: 'no_one' }, message });
    return null;
  }
  const refs: Refs = {};
  for (const key of ['company', 'companyCustomerNumber', 'contact', 'deal', 'pipeline', 'stage'] as const) {
    const text = textOf(values[key]);
    if (text) refs[key] = text;
  }
  return {
    input,
    refs,
    note: recordType === 'notes' ? null : textOf(values.notes),
    customerNumber: textOf(values.customerNumber),
    externalId: textOf(values.externalId),
    sources: body.sources,
    ...(recordType === 'contacts' && { consents: consentsOf(values) }),
  };
}

/** The consents a contact row states (yes or no per purpose), with their dates and sources. */
function consentsOf(values: Values): ImportedConsent[] {
  return importedConsents.flatMap(({ purpose, granted, at, source }) =>
    typeof values[granted] === 'boolean'
      ? [{ purpose, granted: values[granted] as boolean, at: textOf(values[at]), source: textOf(values[source]) }]
      : [],
  );
}
