// What a text file is before it is parsed: its encoding (UTF-8 with or without BOM, UTF-16 as
// Excel's "Unicode text", else Windows-1252 as German Excel and Outlook write), whether it is
// text at all, and for CSV the delimiter. Decoding itself is iconv-lite's.
import { isAscii, isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { badRequest } from '../../../platform/errors.ts';

/** The longest record (a CSV line with its quoted line breaks, a vCard, a JSON object) an import reads. */
export const maxRecordBytes = 1024 * 1024;
/** The most columns a file may have: more is not a table people made by hand, and costs memory per row. */
export const maxColumns = 2000;

export const errors = {
  notText: (what = 'The file') =>
    badRequest(
      `${what} is not a text file (it holds NUL bytes): choose a CSV, Excel, vCard or JSON file.`,
      undefined,
      'import_not_text',
    ),
  unknownFormat: (detail: string) => badRequest(detail, undefined, 'import_unknown_format'),
  unreadable: (detail: string) => badRequest(detail, undefined, 'import_file_unreadable'),
  tooManyColumns: (count: number | string) =>
    badRequest(
      `The file has ${count} columns; an import takes at most ${maxColumns}.`,
      undefined,
      'import_too_many_columns',
    ),
  lineTooLong: (line?: number) =>
    badRequest(
      `${line ? `The record starting on line ${line}` : 'A record'} is longer than ${maxRecordBytes / 1024 / 1024} MB; an import does not read it.`,
      undefined,
      'import_line_too_long',
    ),
};

/** The first bytes of a file: enough to tell its format, encoding, header and delimiter. */
export async function readHead(path: string, bytes = maxRecordBytes + 4096): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';

export function bomEncoding(head: Buffer): DetectedEncoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** Whether bytes hold NUL: no text encoding an import reads (UTF-16 aside) has it. */
export function hasNul(bytes: Buffer): boolean {
  return bytes.includes(0);
}

/** The buffer without a UTF-8 sequence cut off at its end. */
function wholeUtf8(chunk: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? chunk.subarray(0, chunk.length - back) : chunk;
    }
    return chunk;
  }
  return chunk;
}

/**
 * UTF-8 when the file's first non-ASCII bytes are valid UTF-8, else Windows-1252. Latin-1 text
 * almost never forms valid UTF-8 sequences, so the first chunk with a non-ASCII byte decides; a
 * file of plain ASCII is read to its end (fast: the check is native) and is UTF-8.
 */
export async function detectEncoding(path: string): Promise<DetectedEncoding> {
  const head = await readHead(path, 4);
  const bom = bomEncoding(head);
  if (bom) return bom;
  const stream = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (isAscii(chunk)) continue;
      return isUtf8(wholeUtf8(chunk)) ? 'utf-8' : 'windows-1252';
    }
    return 'utf-8';
  } finally {
    stream.destroy();
  }
}

const candidates = [',', ';', '\t', '|'] as const;

/** How often each candidate delimiter occurs outside quotes, per line. */
function countsPerLine(text: string, delimiter: string, lines: number): number[] {
  const counts: number[] = [];
  let count = 0;
  let quoted = false;
  for (let i = 0; i < text.length && counts.length < lines; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count++;
    else if (!quoted && char === '\n') {
      counts.push(count);
      count = 0;
    }
  }
  return counts;
}

/**
 * The delimiter of a CSV text from its first lines: the candidate that splits every line into
 * the same number of cells, most cells first; without one that is steady, the one splitting the
 * header most. A single column gives `,`.
 */
export function detectDelimiter(text: string): string {
  let best: { delimiter: string; steady: boolean; cells: number } = { delimiter: ',', steady: false, cells: 0 };
  const complete = text.includes('\n') ? text : `${text}\n`;
  for (const delimiter of candidates) {
    const counts = countsPerLine(complete, delimiter, 20);
    if (counts.length === 0 || counts[0] === 0) continue;
    const steady = counts.every((c) => c === counts[0]);
    const better = (steady && !best.steady) || (steady === best.steady && counts[0] > best.cells);
    if (better) best = { delimiter, steady, cells: counts[0] };
  }
  return best.delimiter;
}

const germanWords =
  /\b(vorname|nachname|strasse|str|plz|postleitzahl|ort|stadt|telefon|tel|mobil|handy|firma|unternehmen|betrag|umsatz|wert|datum|anrede|titel|kundennummer|kunden|bemerkung|notiz|geburtstag|geburtsdatum|land|bundesland|waehrung|geschaeftlich|privat|rechtsform|branche|mitarbeiter|hausnummer|quelle|schlagwoerter|betreff|inhalt|dauer|zustaendig)\b/;
const englishWords =
  /\b(first|last|given|family|street|zip|postal|city|phone|mobile|company|amount|revenue|value|date|salutation|customer|note|notes|birthday|country|state|currency|business|home|industry|employees|subject|body|duration|owner|email|address)\b/;

/**
 * How the file writes ambiguous numbers like `1.234`: German when its delimiter is `;` (German
 * Excel's) or its headers are more German than English, else English.
 */
export function localeOfFile(columns: string[], delimiter?: string): 'de' | 'en' {
  if (delimiter === ';') return 'de';
  let german = 0;
  let english = 0;
  for (const column of columns) {
    const words = column
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/[^a-z0-9]+/g, ' ');
    if (germanWords.test(words)) german++;
    if (englishWords.test(words)) english++;
  }
  return german > english ? 'de' : 'en';
}
