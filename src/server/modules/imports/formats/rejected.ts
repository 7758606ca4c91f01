// Rejected rows written back in the file's own format, so the user fixes them in the program
// they came from and imports the file again: CSV with the same delimiter and encoding, Excel as
// a workbook, vCard as the cards' own text, JSON as the original objects; each with the
// problems beside the data (a last column `farley_errors`, an X-FARLEY-ERRORS property, an
// `_errors` list). The column name is the same in every language: it is data, not interface.
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { RowProblem, Source, SourceRow } from './types.ts';

export const errorsColumn = 'farley_errors';

export interface RejectedWriter {
  write(row: SourceRow, problems: RowProblem[]): void;
  end(): Promise<void>;
}

function describe(problems: RowProblem[]): string {
  return problems.map((p) => p.message).join(' | ');
}

/**
 * A cell that a spreadsheet would run as a formula (`=cmd|…`, `@SUM(…)`, `+HYPERLINK(…)`) gets a
 * leading apostrophe; the readers take it off again (see unescapeCell), so the row imports as it
 * was. Signed numbers and phone numbers (`-5`, `+49 30 123`) cannot call anything and stay.
 */
export function escapeCell(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-][\d\s().,/-]*$/.test(value)) return `'${value}`;
  return value;
}

function finished(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.writableFinished) return resolve();
    out.once('finish', resolve);
    out.once('error', reject);
  });
}

function csvWriter(source: Source, out: Writable): RejectedWriter {
  const encoding = source.encoding ?? 'utf-8';
  const delimiter = source.delimiter ?? ',';
  // A BOM, so that Excel reads UTF-8 as UTF-8 (it takes the ANSI code page otherwise).
  const bom = encoding === 'utf-8' || encoding.startsWith('utf-16');
  const line = (cells: string[]) =>
    iconv.encode(stringify([cells.map(escapeCell)], { delimiter, record_delimiter: '\r\n' }), encoding);
  if (bom) out.write(iconv.encode('\uFEFF', encoding));
  out.write(line([...source.columns, errorsColumn]));
  return {
    write(row, problems) {
      let cells = source.columns.map((column) => row.values[column] ?? '');
      // A row with more cells than the header keeps them all (the reader left them in raw).
      if (row.raw?.startsWith('[')) {
        try {
          const all = JSON.parse(row.raw) as unknown;
          if (Array.isArray(all)) cells = all.map(String);
        } catch {
          // raw was not the cell list: the named cells are what there is.
        }
      }
      out.write(line([...cells, describe(problems)]));
    },
    async end() {
      out.end();
      await finished(out);
    },
  };
}

function xlsxWriter(source: Source, out: Writable): RejectedWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet((source.sheet ?? 'rejected').slice(0, 31));
  sheet.addRow([...source.columns, errorsColumn]).commit();
  return {
    write(row, problems) {
      sheet.addRow([...source.columns.map((column) => row.values[column] ?? ''), describe(problems)]).commit();
    },
    async end() {
      sheet.commit();
      await workbook.commit();
      await finished(out);
    },
  };
}

/** A text value as a vCard property value: backslash, comma, semicolon and line breaks escaped. */
function vcardText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function vcfWriter(out: Writable): RejectedWriter {
  let jcards: boolean | undefined;
  let started = false;
  return {
    write(row, problems) {
      const raw = row.raw ?? '';
      jcards ??= raw.startsWith('[');
      if (jcards) {
        // jCard rows carry their card as JSON: they go back as a jCard list, the problems as a property.
        let card: unknown = raw;
        try {
          card = JSON.parse(raw);
        } catch {
          // Not JSON after all: written as a string.
        }
        if (Array.isArray(card) && Array.isArray(card[1]))
          card[1].push(['x-farley-errors', {}, 'text', describe(problems)]);
        out.write(`${started ? ',\n' : '[\n'}${JSON.stringify(card)}`);
        started = true;
        return;
      }
      const text = raw.endsWith('\n') ? raw : `${raw}\r\n`;
      const end = text.search(/END:VCARD\s*$/i);
      // The problems go into the card as an extension property, which every reader skips.
      out.write(
        end >= 0 ? `${text.slice(0, end)}X-FARLEY-ERRORS:${vcardText(describe(problems))}\r\n${text.slice(end)}` : text,
      );
    },
    async end() {
      out.end(jcards ? '\n]\n' : undefined);
      await finished(out);
    },
  };
}

function jsonWriter(out: Writable): RejectedWriter {
  let first = true;
  out.write('[');
  return {
    write(row, problems) {
      let original: unknown = row.values;
      if (row.raw !== undefined) {
        try {
          original = JSON.parse(row.raw);
        } catch {
          original = row.raw;
        }
      }
      const errors = problems.map((p) => p.message);
      const entry =
        typeof original === 'object' && original !== null && !Array.isArray(original)
          ? { ...original, _errors: errors }
          : { _value: original, _errors: errors };
      out.write(`${first ? '\n' : ',\n'}${JSON.stringify(entry)}`);
      first = false;
    },
    async end() {
      out.end(first ? ']\n' : '\n]\n');
      await finished(out);
    },
  };
}

/**
 * A writer of rejected rows in the source's format. `write` does not wait for the stream (the
 * rows are few, or the import is failing anyway); `end` waits until all is written.
 */
export function rejectedWriter(source: Source, out: Writable): RejectedWriter {
  switch (source.format) {
    case 'csv':
      return csvWriter(source, out);
    case 'xlsx':
      return xlsxWriter(source, out);
    case 'vcf':
      return vcfWriter(out);
    case 'json':
      return jsonWriter(out);
  }
}

/** The reverse of escapeCell, for cells read from CSV and Excel files. */
export function unescapeCell(value: string): string {
  return value.charCodeAt(0) === 39 && /^'[=@\t\r+-]/.test(value) ? value.slice(1) : value;
}
