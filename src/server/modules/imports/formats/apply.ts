// A row through a mapping: each field's columns read, joined or split, and converted to what
// the write path stores. What cannot be converted becomes a row problem naming the field and
// the value; whether that rejects the row or only drops the value is the import's choice.
import { orderKinds, orderStatuses } from '../../../../contract/orders.ts';
import { activityTypes, directions } from '../../../../contract/activities.ts';
import { lifecycleStages } from '../../../../contract/contacts.ts';
import { type FieldError, invalid } from '../../../platform/errors.ts';
import { fieldOf, fieldsOf, type ImportField, normaliseHeader, type RecordType } from './fields.ts';
import { unitWords } from './productFields.ts';
import type {
  ConstantValue,
  Mapping,
  MappedValues,
  MappingResult,
  MappingSettings,
  RowProblem,
  SourceRow,
} from './types.ts';
import {
  type Converted,
  cleanText,
  type Failure,
  localeOfCountry,
  splitList,
  toBoolean,
  toDate,
  toDateTime,
  toDecimal,
  toEmail,
} from './values.ts';

/**
 * Fields with a fixed set of values, and the words files use for them (normalised as headers
 * are), German and English.
 */
const choices: Record<string, Record<string, string>> = {
  'orders.status': {
    ...Object.fromEntries(orderStatuses.map((status) => [status, status])),
    offen: 'open',
    neu: 'open',
    'in bearbeitung': 'open',
    geliefert: 'delivered',
    versendet: 'delivered',
    shipped: 'delivered',
    erledigt: 'delivered',
    abgeschlossen: 'invoiced',
    berechnet: 'invoiced',
    fakturiert: 'invoiced',
    abgerechnet: 'invoiced',
    billed: 'invoiced',
    storniert: 'cancelled',
    storno: 'cancelled',
    canceled: 'cancelled',
  },
  'orders.kind': {
    ...Object.fromEntries(orderKinds.map((kind) => [kind, kind])),
    auftrag: 'order',
    bestellung: 'order',
    rechnung: 'order',
    retoure: 'return',
    ruecksendung: 'return',
    gutschrift: 'return',
    'credit note': 'return',
  },
  'contacts.lifecycleStage': {
    ...Object.fromEntries(lifecycleStages.map((stage) => [stage, stage])),
    interessent: 'prospect',
    'potenzieller kunde': 'prospect',
    kunde: 'customer',
    kundin: 'customer',
    bestandskunde: 'customer',
    ehemalig: 'former',
    'ehemaliger kunde': 'former',
    'ex kunde': 'former',
    'former customer': 'former',
    sonstige: 'other',
    sonstiges: 'other',
    andere: 'other',
  },
  'activities.type': {
    ...Object.fromEntries(activityTypes.map((type) => [type, type])),
    anruf: 'call',
    telefonat: 'call',
    'phone call': 'call',
    termin: 'meeting',
    besprechung: 'meeting',
    treffen: 'meeting',
    'e mail': 'email',
    mail: 'email',
    notiz: 'note',
    brief: 'letter',
    telefax: 'fax',
    besuch: 'visit',
    nachricht: 'chat',
    'soziale medien': 'social',
  },
  'activities.direction': {
    ...Object.fromEntries(directions.map((direction) => [direction, direction])),
    eingehend: 'inbound',
    ein: 'inbound',
    incoming: 'inbound',
    in: 'inbound',
    ausgehend: 'outbound',
    aus: 'outbound',
    outgoing: 'outbound',
    out: 'outbound',
    intern: 'internal',
  },
  'products.unit': unitWords,
};

const noColumns: readonly string[] = [];

function columnsOf(value: Mapping[string]): readonly string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((column): column is string => typeof column === 'string');
  return noColumns;
}

/** The column saying what kind of number a phone column holds: vCard's `TEL.1.type`, Google's `Phone 1 - Type`. */
function typeColumn(column: string, values: Record<string, string>): string | undefined {
  if (Object.hasOwn(values, `${column}.type`)) return `${column}.type`;
  if (/value$/i.test(column)) {
    const candidate = column.replace(/value$/i, 'Type');
    if (Object.hasOwn(values, candidate)) return candidate;
  }
  return undefined;
}

function phoneSlot(type: string, recordType: RecordType): 'mobile' | 'fax' | null {
  const words = normaliseHeader(type).split(' ');
  if (words.includes('fax')) return 'fax';
  if (recordType === 'contacts' && words.some((w) => ['cell', 'mobile', 'mobil', 'handy', 'iphone'].includes(w)))
    return 'mobile';
  return null;
}

const formsOfAddress = new Set([
  'herr',
  'frau',
  'hr',
  'fr',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'madame',
  'monsieur',
  'mme',
  'm',
]);

const nameParticles = new Set([
  'von',
  'van',
  'de',
  'der',
  'den',
  'zu',
  'vom',
  'zur',
  'del',
  'da',
  'di',
  'le',
  'la',
  'ten',
  'ter',
]);

/** "Müller, Anna" and "Anna von Müller" into first and last name. */
export function splitFullName(fullName: string): { firstName?: string; lastName: string } {
  const name = fullName.replace(/\s+/g, ' ').trim();
  const comma = name.indexOf(',');
  if (comma > 0) {
    const first = name.slice(comma + 1).trim();
    return first
      ? { lastName: name.slice(0, comma).trim(), firstName: first }
      : { lastName: name.slice(0, comma).trim() };
  }
  const words = name.split(' ');
  if (words.length === 1) return { lastName: name };
  let start = words.length - 1;
  while (start > 1 && nameParticles.has(words[start - 1].toLowerCase())) start--;
  return { firstName: words.slice(0, start).join(' '), lastName: words.slice(start).join(' ') };
}

interface Context {
  recordType: RecordType;
  settings: MappingSettings;
  locale: 'de' | 'en';
  timeZone: string;
}

const zones = new Set<string>();

function knownTimeZone(zone: string): string {
  if (zones.has(zone)) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw invalid([{ path: 'timeZone', code: 'invalid_choice', message: `"${zone}" is no IANA time zone` }]);
  }
  zones.add(zone);
  return zone;
}

/** One value of a field converted; null for an empty one. */
function convert(field: ImportField, text: string, ctx: Context): Converted<string | boolean | null> {
  const country = ctx.settings.defaultCountry;
  switch (field.kind) {
    case 'date':
      return toDate(text, country);
    case 'datetime':
      return toDateTime(text, country, ctx.timeZone);
    case 'number':
      return toDecimal(text, ctx.locale, { integer: field.integer });
    case 'money':
      return toDecimal(text, ctx.locale, { money: true });
    case 'price':
      return toDecimal(text, ctx.locale, { money: true, decimals: 4 });
    case 'percent':
      return toDecimal(text.replace(/%/g, ''), ctx.locale);
    case 'boolean':
      return toBoolean(text);
    case 'email':
      return toEmail(text);
    default: {
      const value = cleanText(text);
      if (value === '') return { ok: true, value: null };
      const choice = choices[`${ctx.recordType}.${field.key}`];
      if (choice) {
        const stored = choice[normaliseHeader(value)];
        if (!stored)
          return {
            ok: false,
            code: 'invalid_choice',
            why: 'listed',
            value,
            reason: `"${value}" is not one of ${[...new Set(Object.values(choice))].join(', ')}`,
          };
        return { ok: true, value: stored };
      }
      return { ok: true, value };
    }
  }
}

const isList = (field: ImportField) => field.kind === 'multi' || field.kind === 'email' || field.kind === 'phone';

function constantText(value: ConstantValue): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'boolean') return [value ? 'ja' : 'nein'];
  return [String(value)];
}

/**
 * The row's values per field key as the write path takes them: dates `YYYY-MM-DD`, datetimes
 * ISO in UTC, numbers and money exact decimal strings, booleans, and lists (tags, each email
 * and phone field) as string arrays. Columns of one text field are joined with a space.
 * `fullName` is split into firstName/lastName when the row has neither, and is not returned.
 * Phone numbers with a type column beside them (vCard, Google) go to `mobile` or `fax` by type.
 */
export function applyMapping(
  recordType: RecordType,
  mapping: Mapping,
  row: SourceRow,
  settings: MappingSettings,
): MappingResult {
  const ctx: Context = {
    recordType,
    settings,
    locale: settings.locale ?? localeOfCountry(settings.defaultCountry),
    timeZone: knownTimeZone(settings.timeZone ?? 'Europe/Berlin'),
  };
  const values: MappedValues = {};
  const problems: RowProblem[] = [];
  const problem = (field: ImportField, source: string | null, failure: Failure) => {
    const params: Record<string, string> = { value: failure.value.slice(0, 100) };
    if (source) params.column = source;
    if (failure.why) params.reason = failure.why;
    if (failure.code === 'invalid_choice') {
      const choice = choices[`${ctx.recordType}.${field.key}`] ?? {};
      params.choices = [...new Set(Object.values(choice))].join(', ');
    }
    problems.push({
      line: row.line,
      field: field.key,
      code: failure.code,
      params,
      message: `${field.label.en} (${source ?? 'constant'}): ${failure.reason}`,
    } as RowProblem);
  };
  const append = (key: string, entries: string[]) => {
    if (entries.length === 0) return;
    const list = (values[key] as string[] | undefined) ?? [];
    for (const entry of entries) if (!list.includes(entry)) list.push(entry);
    values[key] = list;
  };

  for (const field of fieldsOf(recordType)) {
    const columns = columnsOf(mapping[field.key]);
    if (field.key === 'constants' || columns.length === 0) continue;
    if (isList(field)) {
      for (const column of columns) {
        const cell = row.values[column] ?? '';
        const typeOf = field.kind === 'phone' ? typeColumn(column, row.values) : undefined;
        const slot = typeOf ? phoneSlot(row.values[typeOf] ?? '', recordType) : null;
        const entries: string[] = [];
        for (const part of splitList(cell)) {
          const converted = convert(field, part, ctx);
          if (!converted.ok) problem(field, column, converted);
          else if (typeof converted.value === 'string') entries.push(converted.value);
        }
        append(slot ?? field.key, entries);
      }
      continue;
    }
    const text =
      columns.length === 1
        ? cleanText(row.values[columns[0]] ?? '')
        : columns
            .map((column) => cleanText(row.values[column] ?? ''))
            .filter((cell) => cell !== '')
            .join(' ');
    const converted = convert(field, text, ctx);
    if (!converted.ok) problem(field, columns.join(' + '), converted);
    else if (converted.value !== null) values[field.key] = converted.value;
  }

  for (const [key, constant] of Object.entries(mapping.constants ?? {})) {
    const field = fieldOf(recordType, key);
    if (!field || (!isList(field) && values[key] !== undefined)) continue;
    if (isList(field)) {
      const entries: string[] = [];
      for (const text of constantText(constant).flatMap(splitList)) {
        const converted = convert(field, text, ctx);
        if (!converted.ok) problem(field, null, converted);
        else if (typeof converted.value === 'string') entries.push(converted.value);
      }
      append(key, entries);
    } else {
      const converted = convert(field, constantText(constant).join(' '), ctx);
      if (!converted.ok) problem(field, null, converted);
      else if (converted.value !== null) values[key] = converted.value;
    }
  }

  // vCard's name prefix and Outlook's "Title" hold "Mr." as well as "Dr.": forms of address go
  // to the salutation, academic titles stay.
  if (recordType === 'contacts' && typeof values.title === 'string') {
    const words = values.title.split(/\s+/);
    const address = words.filter((word) => formsOfAddress.has(word.toLowerCase().replace(/\.$/, '')));
    if (address.length) {
      if (values.salutation === undefined) values.salutation = address.join(' ');
      const rest = words.filter((word) => !address.includes(word)).join(' ');
      if (rest) values.title = rest;
      else delete values.title;
    }
  }

  if (typeof values.fullName === 'string') {
    // An address book names a card without a name by its email or number (FN is required in
    // vCard; Farley's own export does so): that is no person's name.
    const unnamed = /@|^[\d\s()+\-/.]+$/.test(values.fullName);
    if (values.firstName === undefined && values.lastName === undefined && !unnamed) {
      const { firstName, lastName } = splitFullName(values.fullName);
      if (firstName) values.firstName = firstName;
      values.lastName = lastName;
    }
    delete values.fullName;
  }

  const all = [...row.problems, ...problems];
  const rejected = row.problems.length > 0 || (settings.onInvalid === 'reject' && problems.length > 0);
  return { values, problems: all, rejected };
}

/**
 * Refuses a mapping that cannot work on this file: a field the record type does not have, a
 * column the file does not have, a value that is not a column name (422 with each named).
 */
export function checkMapping(recordType: RecordType, mapping: Mapping, columns: string[]): void {
  const problems: FieldError[] = [];
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping))
    throw invalid([{ path: 'mapping', code: 'wrong_type', message: 'a mapping is an object of field keys' }]);
  const known = new Set(columns);
  for (const [key, value] of Object.entries(mapping)) {
    if (key === 'constants') continue;
    const path = `mapping.${key}`;
    if (!fieldOf(recordType, key)) {
      problems.push({ path, code: 'unknown_field', message: `${recordType} have no field "${key}"` });
      continue;
    }
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
    if (!list || list.some((column) => typeof column !== 'string')) {
      problems.push({ path, code: 'wrong_type', message: 'a column name or a list of column names' });
      continue;
    }
    for (const column of list)
      if (!known.has(column as string))
        problems.push({ path, code: 'not_found', message: `the file has no column "${column}"` });
  }
  const constants = mapping.constants ?? {};
  if (typeof constants !== 'object' || constants === null || Array.isArray(constants))
    problems.push({ path: 'mapping.constants', code: 'wrong_type', message: 'constants are an object of field keys' });
  else
    for (const [key, value] of Object.entries(constants)) {
      const path = `mapping.constants.${key}`;
      if (!fieldOf(recordType, key))
        problems.push({ path, code: 'unknown_field', message: `${recordType} have no field "${key}"` });
      else if (
        !['string', 'number', 'boolean'].includes(typeof value) &&
        !(Array.isArray(value) && value.every((v) => typeof v === 'string'))
      )
        problems.push({ path, code: 'wrong_type', message: 'a constant is a text, number, yes/no or a list of texts' });
    }
  if (problems.length) throw invalid(problems, 'The mapping does not fit the file or the record type.');
}

/** Field keys of a mapping that the record type does not have (the importer refuses such a mapping). */
export function unknownFields(recordType: RecordType, mapping: Mapping): string[] {
  const keys = [...Object.keys(mapping).filter((key) => key !== 'constants'), ...Object.keys(mapping.constants ?? {})];
  return keys.filter((key) => !fieldOf(recordType, key));
}
