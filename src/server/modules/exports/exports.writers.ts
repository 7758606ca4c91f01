// The formats of an export, each written page by page as the pages arrive: CSV, Excel, JSON
// and vCard. A writer holds one page at a time, never the whole list.
import { EventEmitter, once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Cell, ColumnKind, ExportColumn, ExportLanguage, Lookups } from './exports.columns.ts';

export const exportFormats = ['csv', 'xlsx', 'vcf', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface TableOptions<R> {
  columns: ExportColumn<R>[];
  language: ExportLanguage;
  lookups: Lookups;
}

/**
 * A number or a phone number: signs, digits, spaces, brackets, dots, slashes and dashes only.
 * Such a cell cannot call a function or reach another cell or program, whatever Excel makes
 * of its sign, so it is left as it is (and imports back unchanged).
 */
const numberLike = /^[+-]?\d[\d ()./-]*$/;

/**
 * A text cell that Excel or LibreOffice would read as a formula (OWASP "CSV injection"):
 * starting with =, +, -, @, a tab or a carriage return. It gets a leading apostrophe, which
 * spreadsheets take as "this is text" and show without it.
 */
export function escapeFormula(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || numberLike.test(value)) return value;
  return `'${value}`;
}

const yesNo: Record<ExportLanguage, [string, string]> = { de: ['ja', 'nein'], en: ['yes', 'no'] };

/** A cell of a CSV file: text escaped, numbers with the decimal separator Excel expects there. */
function csvCell(value: Cell, kind: ColumnKind, decimalComma: boolean, language: ExportLanguage): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? yesNo[language][0] : yesNo[language][1];
  if (typeof value === 'number') return String(value);
  if (kind === 'decimal') return decimalComma ? value.replace('.', ',') : value;
  if (kind === 'text') return escapeFormula(value);
  return value;
}

/** The BOM (Excel then reads UTF-8) and the header line of a CSV file. */
export function csvHeader<R>(columns: ExportColumn<R>[], language: ExportLanguage, delimiter: ',' | ';'): Buffer {
  const line = stringify([columns.map((c) => escapeFormula(c.label[language]))], {
    delimiter,
    record_delimiter: 'windows',
  });
  return Buffer.from(`\ufeff${line}`);
}

/** CSV with a BOM (Excel then reads UTF-8), CRLF line ends, every page as one chunk. */
export async function* csvChunks<R>(
  pages: AsyncIterable<R[]>,
  options: TableOptions<R> & { delimiter: ',' | ';' },
): AsyncGenerator<Buffer> {
  const { columns, language, lookups, delimiter } = options;
  // Excel in a German locale reads ";" files with decimal commas; "," files the English way.
  const decimalComma = delimiter === ';';
  const write = (rows: string[][]) => Buffer.from(stringify(rows, { delimiter, record_delimiter: 'windows' }));
  yield csvHeader(columns, language, delimiter);
  for await (const page of pages) {
    yield write(
      page.map((record) => columns.map((c) => csvCell(c.value(record, lookups), c.kind, decimalComma, language))),
    );
  }
}

/** JSON: an array of the records in the API's own shape. */
export async function* jsonChunks<R>(pages: AsyncIterable<R[]>): AsyncGenerator<Buffer> {
  let first = true;
  yield Buffer.from('[');
  for await (const page of pages) {
    if (page.length === 0) continue;
    const text = page.map((record) => JSON.stringify(record)).join(',\n');
    yield Buffer.from(`${first ? '\n' : ',\n'}${text}`);
    first = false;
  }
  yield Buffer.from(first ? ']\n' : '\n]\n');
}

/** vCards, one after the other in one file. */
export async function* vcardChunks<R>(pages: AsyncIterable<R[]>, card: (record: R) => string): AsyncGenerator<Buffer> {
  for await (const page of pages) {
    if (page.length) yield Buffer.from(page.map(card).join(''));
  }
}

const dateFormats: Record<ExportLanguage, { date: string; time: string }> = {
  de: { date: 'dd.mm.yyyy', time: 'dd.mm.yyyy hh:mm' },
  en: { date: 'yyyy-mm-dd', time: 'yyyy-mm-dd hh:mm' },
};

/** An Excel cell: dates as dates, amounts and counts as numbers, text escaped. */
function xlsxCell(value: Cell, kind: ColumnKind): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  switch (kind) {
    case 'decimal':
    case 'integer':
      return Number(value);
    case 'date':
      // Midnight UTC: Excel's day numbers have no time zone, and exceljs counts in UTC.
      return new Date(`${value}T00:00:00Z`);
    case 'timestamp':
      return new Date(value);
    case 'text':
      return escapeFormula(value);
    default:
      return value;
  }
}

function numberFormat(kind: ColumnKind, language: ExportLanguage): string | undefined {
  if (kind === 'date') return dateFormats[language].date;
  if (kind === 'timestamp') return dateFormats[language].time;
  if (kind === 'decimal') return '#,##0.00';
  return undefined;
}

/**
 * The stream that exceljs's sheet writer feeds: archiver's entry stream (a PassThrough of the
 * readable-stream package), in front of the zip's compression. exceljs writes into it without
 * heeding its buffer (its StreamBuf ignores what write() returns), so a full reply does not
 * stop the rows there: they pile up in that buffer, uncompressed, while compression (on zlib's
 * threads) and a slow client lag behind. Everything after it is piped, so a full reply shows
 * as a full entry stream. Null when exceljs is built otherwise (exports.writers.test.ts notices).
 */
function sheetEntry(sheet: ExcelJS.Worksheet): EventEmitter | null {
  const stream: unknown = Reflect.get(sheet, 'stream');
  const pipes: unknown = stream !== null && typeof stream === 'object' ? Reflect.get(stream, 'pipes') : undefined;
  const entry: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  return entry instanceof EventEmitter ? entry : null;
}

/** A write to the stream has found its buffer full and 'drain' is to come (Node's streams and readable-stream's alike). */
function needsDrain(stream: EventEmitter): boolean {
  const state: unknown = Reflect.get(stream, '_writableState');
  return state !== null && typeof state === 'object' && Reflect.get(state, 'needDrain') === true;
}

/**
 * Until the stream has room again, or the reply is gone. The listener that did not fire is
 * taken off: one left behind per page would add up over a long export.
 */
async function room(stream: EventEmitter, out: PassThrough): Promise<void> {
  if (out.destroyed || !needsDrain(stream)) return;
  const done = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

/**
 * An Excel workbook written by exceljs's streaming writer: each row is committed (written
 * into the zip) as it is added, so the workbook is never held whole. Between pages the
 * writer waits until what it wrote has gone on, through the compression to the reply.
 */
export function xlsxStream<R>(
  pages: AsyncIterable<R[]>,
  options: TableOptions<R> & { sheetName: string },
  onError: (error: unknown) => void,
): Readable {
  const out = new PassThrough();
  const { columns, language, lookups } = options;
  const run = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(options.sheetName);
    sheet.columns = columns.map((c, i) => ({
      header: escapeFormula(c.label[language]),
      key: String(i),
      width: c.kind === 'text' ? 24 : 16,
      style: numberFormat(c.kind, language) ? { numFmt: numberFormat(c.kind, language) } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    let entry: EventEmitter | null = null;
    for await (const page of pages) {
      if (out.destroyed) return;
      for (const record of page) {
        sheet.addRow(columns.map((c) => xlsxCell(c.value(record, lookups), c.kind))).commit();
      }
      // The sheet's stream exists from its first committed row on.
      entry ??= sheetEntry(sheet);
      if (entry) await room(entry, out);
      await room(out, out);
    }
    sheet.commit();
    await workbook.commit();
  };
  run().catch((error) => {
    onError(error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}
