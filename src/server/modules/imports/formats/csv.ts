// CSV (and tab-separated text) as Excel, Outlook, Google and other programs write it: csv-parse
// reads the stream record by record, iconv-lite decodes it, so memory holds one record at a
// time whatever the file's size.
import fs from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import {
  bomEncoding,
  type DetectedEncoding,
  detectDelimiter,
  detectEncoding,
  errors,
  hasNul,
  localeOfFile,
  maxColumns,
  maxRecordBytes,
  readHead,
} from './text.ts';
import type { ReadOptions, RowProblem, Source, SourceRow } from './types.ts';
import { unescapeCell } from './rejected.ts';
import { cleanText } from './values.ts';

/**
 * Header names as columns: trimmed, an empty one named by its position (`column_3`), a repeated
 * one numbered (`Telefon`, `Telefon_2`), so every column can be mapped on its own.
 */
export function uniqueColumns(headers: string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, i) => {
    const base = cleanText(header).replace(/\s+/g, ' ') || `column_${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

function delimiterOf(option: string | undefined): string | undefined {
  if (option === undefined || option === '') return undefined;
  if (option === 'tab' || option === '\\t') return '\t';
  if ([...option].length !== 1 || /[\r\n"]/.test(option))
    throw errors.unreadable(`"${option}" cannot be a delimiter: use one character such as ; , | or tab.`);
  return option;
}

/** Line breaks in a stretch of the raw text: \r\n, \r or \n each count once. */
function breaks(text: string, leadingOnly = false): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\r') {
      count++;
      if (text[i + 1] === '\n') i++;
    } else if (char === '\n') count++;
    else if (leadingOnly) break;
  }
  return count;
}

interface CsvError extends Error {
  code?: string;
  lines?: number;
}

function translate(error: CsvError): Error {
  if (error.code === 'CSV_MAX_RECORD_SIZE') return errors.lineTooLong(error.lines);
  if (error.code === 'CSV_QUOTE_NOT_CLOSED')
    return errors.unreadable(
      `A quoted value is never closed (the file ends inside quotes${error.lines ? `, from about line ${error.lines}` : ''}).`,
    );
  if (typeof error.code === 'string' && error.code.startsWith('CSV_'))
    return errors.unreadable(`The file cannot be read as CSV: ${error.message}`);
  return error;
}

const parseOptions = (delimiter: string) => ({
  delimiter,
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  max_record_size: maxRecordBytes,
});

export async function openCsv(path: string, options: ReadOptions): Promise<Source> {
  const head = await readHead(path);
  const bom = bomEncoding(head);
  if (!bom?.startsWith('utf-16') && hasNul(head)) throw errors.notText();
  const encoding: DetectedEncoding = options.encoding ?? (await detectEncoding(path));
  const headText = iconv.decode(head, encoding);
  if (headText.trim() === '') throw errors.unreadable('The file is empty.');
  const size = (await fs.promises.stat(path)).size;
  const firstBreak = headText.search(/[\r\n]/);
  if (firstBreak < 0 && size > head.length) throw errors.lineTooLong(1);
  // Excel's hint line `sep=;` names the delimiter and comes before the header.
  const hint = /^sep=([^\r\n])\r?\n/i.exec(headText);
  const text = hint ? headText.slice(hint[0].length) : headText;
  const delimiter = delimiterOf(options.delimiter) ?? hint?.[1] ?? detectDelimiter(text.slice(0, 64 * 1024));
  let header: string[];
  try {
    const complete = size > head.length ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
    header = (parseSync(complete, { ...parseOptions(delimiter), to: 1 }) as string[][])[0] ?? [];
  } catch (error) {
    throw translate(error as CsvError);
  }
  if (header.length > maxColumns) throw errors.tooManyColumns(header.length);
  const columns = uniqueColumns(header);

  async function* rows(): AsyncIterable<SourceRow> {
    const parser = parse({ ...parseOptions(delimiter), raw: true, info: true });
    const input = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
    pipeline(input, iconv.decodeStream(encoding), parser, () => {});
    let line = 1;
    let skip = hint ? 2 : 1;
    try {
      for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const start = line + breaks(raw, true);
        line += breaks(raw);
        if (skip > 0) {
          skip--;
          continue;
        }
        if (record.every((cell) => cell === '')) continue;
        const values: Record<string, string> = {};
        for (let i = 0; i < columns.length; i++) values[columns[i]] = unescapeCell(record[i] ?? '');
        const problems: RowProblem[] = [];
        const extra =
          record.length > columns.length ? record.slice(columns.length).filter((cell) => cell.trim() !== '').length : 0;
        if (extra > 0)
          problems.push({
            line: start,
            field: null,
            code: 'invalid_format',
            params: { reason: 'extra_cells', cells: record.length, columns: columns.length },
            message: `The row has ${record.length} cells but the header only ${columns.length} (an unquoted "${delimiter === '\t' ? 'tab' : delimiter}" inside a value?)`,
          });
        yield { line: start, values, problems, raw: problems.length ? JSON.stringify(record) : undefined };
      }
    } catch (error) {
      throw translate(error as CsvError);
    } finally {
      input.destroy();
      parser.destroy();
    }
  }

  return {
    format: 'csv',
    columns,
    encoding,
    delimiter,
    locale: localeOfFile(columns, delimiter),
    rows,
  };
}
