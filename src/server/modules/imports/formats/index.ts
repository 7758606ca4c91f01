// Import formats: reading CSV, Excel, vCard and JSON files as rows of named cells, guessing and
// applying a mapping to Farley's fields, and writing rejected rows back in the file's format.
// The importer (../) builds on this; see the brief's "Readers" interface.
import path from 'node:path';
import { openCsv } from './csv.ts';
import { openJson } from './json.ts';
import { openVcf } from './vcf.ts';
import { openXlsx } from './xlsx.ts';
import { bomEncoding, errors, readHead } from './text.ts';
import type { ImportFormat, ReadOptions, Source } from './types.ts';

export { applyMapping, splitFullName, unknownFields } from './apply.ts';
export {
  fieldOf,
  fieldsOf,
  type FieldKind,
  type ImportField,
  importFields,
  normaliseHeader,
  type RecordType,
  recordTypes,
  vcardColumns,
} from './fields.ts';
export { guessMapping } from './guess.ts';
export { errorsColumn, escapeCell, type RejectedWriter, rejectedWriter, unescapeCell } from './rejected.ts';
export { maxColumns, maxRecordBytes } from './text.ts';
export type {
  ConstantValue,
  ImportFormat,
  Mapping,
  MappedValue,
  MappedValues,
  MappingColumns,
  MappingResult,
  MappingSettings,
  ReadOptions,
  RowProblem,
  Source,
  SourceRow,
  TextEncoding,
} from './types.ts';
export { importFormats } from './types.ts';

const byExtension: Record<string, ImportFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.txt': 'csv',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.vcf': 'vcf',
  '.vcard': 'vcf',
  '.json': 'json',
};

/** The file's text after a BOM and leading whitespace, for sniffing. */
function textStart(head: Buffer): string {
  const bom = bomEncoding(head);
  const text =
    bom === 'utf-16le'
      ? head.subarray(2, 512).toString('utf16le')
      : bom === 'utf-16be'
        ? Buffer.from(head.subarray(2, 512)).swap16().toString('utf16le')
        : head.subarray(bom ? 3 : 0, 512).toString('latin1');
  return text.trimStart();
}

/**
 * The format of a file from its first bytes, else its name: a zip is xlsx, `BEGIN:VCARD` a vCard,
 * `[` or `{` JSON. Old Excel (.xls, an OLE file) and other binary files are refused here.
 */
export function detectFormat(fileName: string, head: Buffer): ImportFormat {
  const extension = path.extname(fileName).toLowerCase();
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    if (extension === '.xlsx' || extension === '.xlsm' || extension === '') return 'xlsx';
    throw errors.unknownFormat(
      `"${fileName}" is a zip archive; only Excel workbooks (.xlsx) among them can be imported.`,
    );
  }
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    throw errors.unknownFormat(
      `"${fileName}" is an old Excel file (.xls); save it as .xlsx or CSV in Excel and import that.`,
    );
  const start = textStart(head);
  if (/^BEGIN:VCARD/i.test(start) || /^\[\s*(\[\s*)?"vcard"/i.test(start)) return 'vcf';
  if (
    /^<\?xml|^<vcards/i.test(start) &&
    /urn:ietf:params:xml:ns:vcard-4\.0|<vcards/i.test(textStart(head.subarray(0, 4096)))
  )
    throw errors.unknownFormat(
      `"${fileName}" is an xCard (vCard as XML), which cannot be imported; export the contacts as a .vcf vCard file.`,
    );
  if (start.startsWith('[') || start.startsWith('{')) return extension === '.csv' ? 'csv' : 'json';
  const known = byExtension[extension];
  if (known && known !== 'xlsx') return known;
  if (known === 'xlsx') throw errors.unreadable(`"${fileName}" is not an Excel workbook (it is no zip archive).`);
  const bom = bomEncoding(head);
  if (!bom?.startsWith('utf-16') && head.includes(0)) throw errors.notText(`"${fileName}"`);
  if (extension === '' || extension === '.dat' || extension === '.text') return 'csv';
  throw errors.unknownFormat(
    `"${fileName}" is none of CSV, Excel (.xlsx), vCard (.vcf) or JSON; the import cannot read "${extension}" files.`,
  );
}

/**
 * Opens an import file for reading: the format is detected (or taken from the options), then
 * the reader of that format reads what it needs to know the columns. Rows are read when
 * iterated, streaming, so a file of any size is read with flat memory.
 */
export async function openSource(file: string, options: ReadOptions = {}): Promise<Source> {
  const head = await readHead(file, 64 * 1024);
  const format = options.format ?? detectFormat(options.fileName ?? file, head);
  switch (format) {
    case 'csv':
      return openCsv(file, options);
    case 'vcf':
      return openVcf(file);
    case 'xlsx':
      return openXlsx(file, options);
    case 'json':
      return openJson(file);
    default:
      throw errors.unknownFormat(`"${String(format)}" is none of csv, xlsx, vcf or json.`);
  }
}
