// Excel workbooks (.xlsx) read with exceljs's streaming reader: the first sheet, or the one the
// user chose; its first non-empty row is the header. Cells become the text a person sees:
// dates as ISO dates (with the time when there is one), numbers in plain notation without
// binary noise, formulas as their result.
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/errors.ts';
import { uniqueColumns } from './csv.ts';
import { unescapeCell } from './rejected.ts';
import { errors, localeOfFile, maxColumns } from './text.ts';
import type { ReadOptions, RowProblem, Source, SourceRow } from './types.ts';

type Reader = AsyncIterable<WorksheetReader> & { model?: { sheets?: Array<{ name: string }> } };
type WorksheetReader = AsyncIterable<ExcelJS.Row> & { name?: string; id?: number };

function open(path: string): Reader {
  return new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as Reader;
}

/** A number as people write it: no exponent, no float noise beyond Excel's 15 digits. */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const rounded = Number(value.toPrecision(15));
  if (Number.isInteger(rounded) && Math.abs(rounded) < Number.MAX_SAFE_INTEGER) return String(rounded);
  return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  // Excel keeps wall-clock times without a zone; exceljs hands them over as UTC.
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** The text of a cell's value, whatever exceljs made of it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const cell = value as {
      richText?: Array<{ text?: string }>;
      text?: unknown;
      result?: unknown;
      formula?: string;
      sharedFormula?: string;
      error?: string;
    };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text ?? '').join('');
    if (cell.formula !== undefined || cell.sharedFormula !== undefined || 'result' in cell)
      return cellText(cell.result);
    if (cell.error !== undefined) return '';
    if (cell.text !== undefined) return cellText(cell.text);
  }
  return '';
}

function cellsOf(row: ExcelJS.Row): string[] {
  const values = Array.isArray(row.values) ? row.values : [];
  // exceljs's row values start at index 1 (the column number).
  const cells: string[] = [];
  for (let i = 1; i < values.length && i <= maxColumns + 1; i++) cells.push(cellText(values[i]));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function translate(error: unknown): Error {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return errors.unreadable(`The file cannot be read as an Excel workbook (.xlsx): ${message}`);
}

interface Head {
  sheets: string[];
  sheet: string;
  header: string[];
  headerRow: number;
}

async function readHead(path: string, wanted?: string): Promise<Head> {
  const seen: string[] = [];
  let sheets: string[] | undefined;
  try {
    for await (const worksheet of open(path)) {
      const name = worksheet.name ?? `Sheet${worksheet.id ?? seen.length + 1}`;
      seen.push(name);
      if (wanted !== undefined && name !== wanted) {
        for await (const _ of worksheet) {
          // Rows of a sheet before the chosen one are read past.
        }
        continue;
      }
      const reader = worksheet as WorksheetReader & { workbook?: { model?: { sheets?: Array<{ name: string }> } } };
      sheets = reader.workbook?.model?.sheets?.map((s) => s.name);
      for await (const row of worksheet) {
        const cells = cellsOf(row);
        if (cells.length === 0) continue;
        if (cells.length > maxColumns) throw errors.tooManyColumns(`more than ${maxColumns}`);
        return { sheets: sheets ?? seen, sheet: name, header: cells, headerRow: row.number };
      }
      return { sheets: sheets ?? seen, sheet: name, header: [], headerRow: 0 };
    }
  } catch (error) {
    throw translate(error);
  }
  if (wanted !== undefined)
    throw errors.unreadable(`The workbook has no sheet "${wanted}"; its sheets: ${seen.join(', ') || 'none'}.`);
  throw errors.unreadable('The workbook has no sheets.');
}

export async function openXlsx(path: string, options: ReadOptions): Promise<Source> {
  const head = await readHead(path, options.sheet);
  if (head.header.length === 0) throw errors.unreadable(`The sheet "${head.sheet}" is empty.`);
  const columns = uniqueColumns(head.header);

  async function* rows(): AsyncIterable<SourceRow> {
    try {
      for await (const worksheet of open(path)) {
        const mine = (worksheet.name ?? '') === head.sheet;
        for await (const row of worksheet) {
          if (!mine || row.number <= head.headerRow) continue;
          const cells = cellsOf(row);
          if (cells.length === 0) continue;
          const values: Record<string, string> = {};
          for (let i = 0; i < columns.length; i++) values[columns[i]] = unescapeCell(cells[i] ?? '');
          const problems: RowProblem[] = [];
          if (cells.slice(columns.length).some((cell) => cell.trim() !== ''))
            problems.push({
              line: row.number,
              field: null,
              code: 'invalid_format',
              params: { reason: 'extra_cells', cells: cells.length, columns: columns.length },
              message: `Row ${row.number} has values beyond the header's ${columns.length} columns`,
            });
          yield { line: row.number, values, problems };
        }
        if (mine) return;
      }
    } catch (error) {
      throw translate(error);
    }
  }

  return {
    format: 'xlsx',
    columns,
    sheets: head.sheets,
    sheet: head.sheet,
    locale: localeOfFile(columns),
    rows,
  };
}
