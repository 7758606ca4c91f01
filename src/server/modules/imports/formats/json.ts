// JSON files: an array of objects in the API's own shapes (what `POST /api/v1/contacts` takes
// or `GET` gives, an export), or a list answer `{ "data": [...] }`. stream-json hands over one
// element at a time, so memory holds one object whatever the file's size.
//
// Each object is flattened into cells named like the catalogue's fields, so guessMapping maps
// them one to one:
//   emails: [{email}, …]             → email, email2, email3 (further ones joined into email3)
//   phones: [{number, label}, …]     → mobile or fax when the label says so (mobile, Handy, cell,
//                                      fax), else phone, phone2 (further ones joined into phone2)
//   addresses: [{street, …}, …]      → street, postalCode, city, region, country of the primary
//                                      (else the first) address
//   tags: ["a", "b"]                 → tags "a; b" (any list of plain values likewise)
//   value / annualRevenue: {amount, currency} → value "1234.50" and currency "EUR"
//                                      (annualRevenue.currency for other money fields)
//   company: "Name" | {name, customerNumber} → company (and companyCustomerNumber)
//   companies: [{name, isPrimary}, …] → company: the primary one's name
//   owner: {email | name}            → owner
//   other objects                    → their fields as `key.field`
// Plain values: strings as they are, numbers in plain notation, booleans as true/false.
import fs from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import Pick from 'stream-json/filters/Pick.js';
import Parser from 'stream-json/Parser.js';
import { AppError } from '../../../platform/errors.ts';
import { errors, hasNul, maxColumns, maxRecordBytes, readHead } from './text.ts';
import type { RowProblem, Source, SourceRow } from './types.ts';
import { plainNumber } from './xlsx.ts';

/** How far the file may be read past the last element before that element counts as too large. */
const elementSlack = 8 * maxRecordBytes;
/** Columns are the keys of the first objects (later ones may add keys, which mapping ignores). */
const columnSample = 1000;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return '';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isMoney(value: unknown): value is { amount: unknown; currency?: unknown } {
  return isObject(value) && 'amount' in value && Object.keys(value).every((k) => k === 'amount' || k === 'currency');
}

function put(cells: Record<string, string>, key: string, value: string) {
  if (value === '') return;
  cells[key] = cells[key] ? `${cells[key]}; ${value}` : value;
}

function primaryFirst<T>(list: T[]): T[] {
  const primary = (item: T) => (isObject(item) && (item.primary === true || item.isPrimary === true) ? 1 : 0);
  return [...list].sort((a, b) => primary(b) - primary(a));
}

/** An object in the API's shape as cells named like import fields (see the top of this file). */
export function flatten(object: Record<string, unknown>, prefix = '', depth = 0): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    if (prefix === '' && key === 'emails' && Array.isArray(value)) {
      primaryFirst(value).forEach((entry, i) => {
        put(cells, ['email', 'email2', 'email3'][Math.min(i, 2)], scalar(isObject(entry) ? entry.email : entry));
      });
    } else if (prefix === '' && key === 'phones' && Array.isArray(value)) {
      let others = 0;
      for (const entry of primaryFirst(value)) {
        const number = scalar(isObject(entry) ? (entry.number ?? entry.phone ?? entry.value) : entry);
        const label = isObject(entry) ? `${scalar(entry.label)} ${scalar(entry.type)}`.toLowerCase() : '';
        if (/fax/.test(label)) put(cells, 'fax', number);
        else if (/mobil|handy|cell/.test(label)) put(cells, 'mobile', number);
        else put(cells, others++ === 0 ? 'phone' : 'phone2', number);
      }
    } else if (prefix === '' && key === 'addresses' && Array.isArray(value)) {
      const address = primaryFirst(value)[0];
      if (isObject(address))
        for (const part of ['street', 'postalCode', 'city', 'region', 'country'])
          put(cells, part, scalar(address[part]));
    } else if (isMoney(value)) {
      put(cells, name, scalar(value.amount));
      put(cells, name === 'value' ? 'currency' : `${name}.currency`, scalar(value.currency));
    } else if (prefix === '' && key === 'company' && isObject(value)) {
      put(cells, 'company', scalar(value.name));
      put(cells, 'companyCustomerNumber', scalar(value.customerNumber));
    } else if (prefix === '' && key === 'companies' && Array.isArray(value)) {
      const company = primaryFirst(value)[0];
      put(cells, 'company', isObject(company) ? scalar(company.name) : scalar(company));
    } else if (prefix === '' && key === 'owner' && isObject(value)) {
      put(cells, 'owner', scalar(value.email ?? value.name));
    } else if (Array.isArray(value)) {
      if (value.every((item) => !isObject(item) && !Array.isArray(item)))
        put(cells, name, value.map(scalar).filter(Boolean).join('; '));
      else if (isObject(value[0]) && depth < 3) Object.assign(cells, flatten(value[0], `${name}.`, depth + 1));
    } else if (isObject(value)) {
      if (depth < 3) Object.assign(cells, flatten(value, `${name}.`, depth + 1));
    } else put(cells, name, scalar(value));
  }
  return cells;
}

interface Element {
  key: number;
  value: unknown;
}

/** The elements of the file's array, one at a time, with a cap on each one's size. */
async function* elements(path: string, picksData: boolean): AsyncGenerator<Element> {
  let bytes = 0;
  let lastElementAt = 0;
  // Counts the bytes (an element that does not end within elementSlack is refused) and drops a
  // UTF-8 BOM, which the parser would not take.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const start = bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
      bytes += chunk.length;
      if (bytes - lastElementAt > elementSlack) done(errors.lineTooLong());
      else done(null, start ? chunk.subarray(start) : chunk);
    },
  });
  // Values whole rather than streamed piece by piece: each element is assembled anyway.
  const parser = new Parser({ streamValues: false });
  const streamer = new StreamArray();
  const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream | Transform> = picksData
    ? [fs.createReadStream(path), counter, parser, new Pick({ filter: 'data' }), streamer]
    : [fs.createReadStream(path), counter, parser, streamer];
  let failure: Error | undefined;
  // @ts-expect-error: pipeline's overloads do not take a spread list; the stages are streams.
  pipeline(...stages, (error: Error | null | undefined) => {
    if (error) failure = error;
  });
  try {
    for await (const element of streamer as AsyncIterable<Element>) {
      lastElementAt = bytes;
      yield element;
    }
  } catch (error) {
    throw translate(failure ?? error);
  } finally {
    for (const stage of stages) (stage as Transform).destroy();
  }
  if (failure) throw translate(failure);
}

function translate(error: unknown): Error {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return errors.unreadable(`The file cannot be read as JSON (an array of objects): ${message}`);
}

export async function openJson(path: string): Promise<Source> {
  const head = await readHead(path, 64 * 1024);
  if (hasNul(head)) throw errors.notText();
  const start = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!start.startsWith('[') && !start.startsWith('{'))
    throw errors.unreadable('A JSON import file is an array of objects, [{…}, {…}].');
  const picksData = start.startsWith('{');

  const columns: string[] = [];
  const known = new Set<string>();
  let sampled = 0;
  for await (const { value } of elements(path, picksData)) {
    if (isObject(value))
      for (const key of Object.keys(flatten(value))) {
        if (known.has(key)) continue;
        known.add(key);
        columns.push(key);
        if (columns.length > maxColumns) throw errors.tooManyColumns(`more than ${maxColumns}`);
      }
    if (++sampled >= columnSample) break;
  }
  if (sampled === 0 && picksData)
    throw errors.unreadable('A JSON import file is an array of objects, or an object with such an array as "data".');

  async function* rows(): AsyncIterable<SourceRow> {
    for await (const { key, value } of elements(path, picksData)) {
      const line = key + 1;
      const problems: RowProblem[] = [];
      let values: Record<string, string> = {};
      if (isObject(value)) values = flatten(value);
      else
        problems.push({
          line,
          field: null,
          code: 'invalid_format',
          params: { reason: 'not_object' },
          message: `Element ${line} is not an object`,
        });
      for (const column of columns) values[column] ??= '';
      yield { line, values, problems, raw: JSON.stringify(value) };
    }
  }

  return { format: 'json', columns, encoding: 'utf-8', locale: 'en', rows };
}
