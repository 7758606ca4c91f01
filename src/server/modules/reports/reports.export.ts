// A report's table as a CSV or Excel file, written by the exports' own writers (the same
// formula escaping, decimal commas for German Excel, date cells): one row per group, the ids
// of the group columns in words, headed by what each column groups or measures.
import type { Readable } from 'node:stream';
import type { ReportResult } from '../../../contract/reports.ts';
import type { Cell, ColumnKind, ExportColumn, ExportLanguage, Lookups } from '../exports/exports.columns.ts';
import { csvChunks, xlsxStream } from '../exports/exports.writers.ts';

type Row = ReportResult['rows'][number];

const functionWords: Record<string, Record<ExportLanguage, string>> = {
  count: { de: 'Anzahl', en: 'Count' },
  sum: { de: 'Summe', en: 'Sum' },
  avg: { de: 'Durchschnitt', en: 'Average' },
  min: { de: 'Minimum', en: 'Minimum' },
  max: { de: 'Maximum', en: 'Maximum' },
};

/** The report's fields are named as the API names them; the headers say what was done to them. */
function header(column: ReportResult['columns'][number], language: ExportLanguage): string {
  const field = column.field ?? '';
  if (column.fn)
    return column.fn === 'count' ? functionWords.count[language] : `${functionWords[column.fn][language]} ${field}`;
  return column.bucket ? `${field} (${column.bucket})` : field;
}

function exportColumns(result: ReportResult): ExportColumn<Row>[] {
  return result.columns.map((column, i) => {
    const kind: ColumnKind =
      column.kind === 'date' ? 'date' : column.kind === 'number' || column.kind === 'money' ? 'decimal' : 'text';
    return {
      key: column.key,
      label: { de: header(column, 'de'), en: header(column, 'en') },
      kind: column.kind === 'boolean' ? 'boolean' : kind,
      lists: [],
      value(row): Cell {
        const value = row[i];
        if (typeof value === 'number') return column.kind === 'money' ? value.toFixed(2) : String(value);
        if (typeof value === 'string' && !column.fn) return result.labels[value] ?? value;
        return value;
      },
    };
  });
}

/** Reports name ids through their labels; the exports' lookups are not needed. */
const noLookups: Lookups = { userEmail: () => null, stage: () => null };

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

export async function reportCsv(result: ReportResult, language: ExportLanguage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of csvChunks(once(result.rows), {
    columns: exportColumns(result),
    language,
    lookups: noLookups,
    delimiter: language === 'de' ? ';' : ',',
  }))
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function reportXlsx(
  result: ReportResult,
  language: ExportLanguage,
  sheetName: string,
  onError: (error: unknown) => void,
): Readable {
  return xlsxStream(
    once(result.rows),
    { columns: exportColumns(result), language, lookups: noLookups, sheetName: sheetName.slice(0, 31) || 'Report' },
    onError,
  );
}
