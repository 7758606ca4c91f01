// Bulk loading with COPY … FROM STDIN in PostgreSQL's text format: the escaping of values,
// arrays and JSON, and a writer that streams generated lines with backpressure.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** COPY's NULL marker. */
export const NULL = '\\N';

const special = /[\\\t\n\r]/;
const specials = /[\\\t\n\r]/g;
const replacements: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value as a COPY field: backslash, tab, newline and carriage return escaped. */
export function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return special.test(value) ? value.replace(specials, (ch) => replacements[ch]) : value;
}

const arraySpecial = /["\\]/g;

/** A text[] as a COPY field: the array literal {"a","b"} (elements quoted), then COPY-escaped. */
export function array(list: readonly string[]): string {
  if (list.length === 0) return '{}';
  let literal = '{';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) literal += ',';
    literal += `"${list[i].replace(arraySpecial, '\\$&')}"`;
  }
  return text(`${literal}}`);
}

/** A jsonb value as a COPY field (JSON escapes control characters itself; only its backslashes need doubling). */
export function json(value: unknown): string {
  const literal = JSON.stringify(value);
  return literal.includes('\\') ? literal.replace(/\\/g, '\\\\') : literal;
}

const twoDigits = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const dates = new Map<number, string>();

/**
 * A UTC timestamp (same text as Date#toISOString, minus zero milliseconds); formatted by
 * hand because toISOString was a tenth of the generator's time.
 */
export function time(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return NULL;
  const day = Math.floor(ms / 86_400_000);
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (dates.size < 10_000) dates.set(day, date);
  }
  let rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  return `${date}${twoDigits[h]}:${twoDigits[m]}:${twoDigits[sec]}${milli ? `.${String(milli).padStart(3, '0')}` : ''}Z`;
}

export function int(value: number | null | undefined): string {
  return value === null || value === undefined ? NULL : String(value);
}

export function bool(value: boolean): string {
  return value ? 't' : 'f';
}

/** One line of COPY text: the fields (already encoded) joined by tabs. */
export function line(fields: string[]): string {
  return `${fields.join('\t')}\n`;
}

const chunkSize = 1 << 17;

/**
 * Streams `lines` into `table` on `client` (inside the caller's transaction) and returns
 * how many rows went in. Lines are batched into chunks and written with backpressure, so
 * memory stays flat however many rows the generator yields.
 */
export async function copyInto(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  let failure: Error | undefined;
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  let chunk = '';
  let rows = 0;
  for (const row of lines) {
    chunk += row;
    rows++;
    if (chunk.length >= chunkSize) {
      if (failure) throw failure;
      const ok = stream.write(chunk);
      chunk = '';
      if (!ok) await once(stream, 'drain');
    }
  }
  if (failure) throw failure;
  stream.end(chunk);
  await finished(stream);
  return rows;
}
