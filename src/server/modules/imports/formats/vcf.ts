// vCard files (2.1, 3.0, 4.0; many cards in one file) and jCard (RFC 7095). The file is split
// into cards line by line, so memory holds one card at a time, and each card is parsed on its
// own by ical.js: a malformed card is one rejected row, never a failed import.
//
// ical.js reads vCard 3.0 and 4.0. For 2.1 (Android, BlackBerry, Outlook) each card is first
// brought into 3.0 form here: quoted-printable values decoded with their CHARSET (iconv-lite),
// QP soft line breaks joined, bare parameters (`TEL;WORK;FAX`) written as TYPE=. Only the
// properties the import reads are handed on, so photos, Outlook's X-MS-OL-DESIGN and other
// extensions can neither break a card nor cost memory.
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import ICAL from 'ical.js';
import type { ImportRowReason } from '../../../../contract/imports.ts';
import { vcardColumns } from './fields.ts';
import { errors, hasNul, maxRecordBytes, readHead } from './text.ts';
import type { RowProblem, Source, SourceRow } from './types.ts';
import { cleanText } from './values.ts';

type JCardProperty = [string, Record<string, string | string[]>, string, ...unknown[]];
type JCard = ['vcard', JCardProperty[], unknown[]];

/** The properties a row is made of; the rest of a card is dropped before parsing. */
const wanted = new Set([
  'VERSION',
  'FN',
  'N',
  'ORG',
  'TITLE',
  'EMAIL',
  'TEL',
  'ADR',
  'BDAY',
  'NOTE',
  'UID',
  'URL',
  'CATEGORIES',
]);

const beginLine = /^BEGIN:VCARD\s*$/i;
const endLine = /^END:VCARD\s*$/i;
/** A content line: optional group, a name starting with a letter, parameters, a colon. */
const contentLine = /^(?:([A-Za-z0-9-]+)\.)?([A-Za-z][A-Za-z0-9-]*)((?:;(?:[^:;"]|"[^"]*")*)*):/;

/** A line's text: UTF-8 when it is valid UTF-8, else Windows-1252 (older Outlook exports). */
function decodeLine(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'windows-1252');
}

interface PhysicalLine {
  text: string;
  line: number;
  tooLong: boolean;
}

/**
 * The file's lines, each at most maxRecordBytes long: a longer one is cut there (and flagged)
 * so that no line, however long, is held whole.
 */
async function* physicalLines(path: string): AsyncGenerator<PhysicalLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  const flush = (): PhysicalLine => {
    let bytes = Buffer.concat(parts);
    if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    let text = decodeLine(bytes);
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    const result = { text, line, tooLong };
    parts = [];
    length = 0;
    tooLong = false;
    line++;
    return result;
  };
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let from = 0;
    while (from < chunk.length) {
      const newline = chunk.indexOf(0x0a, from);
      const end = newline < 0 ? chunk.length : newline;
      if (!tooLong) {
        const take = Math.min(end - from, maxRecordBytes - length);
        parts.push(chunk.subarray(from, from + take));
        length += take;
        if (take < end - from) tooLong = true;
      }
      if (newline < 0) break;
      yield flush();
      from = newline + 1;
    }
  }
  if (length > 0 || tooLong) yield flush();
}

/** Splits `;`-separated parameters, keeping quoted values whole. */
function splitParams(params: string): string[] {
  return (params.match(/(?:[^;"]|"[^"]*")+/g) ?? []).filter((p) => p !== '');
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    const hex = value.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  const buffer = Buffer.from(bytes);
  const encoding = iconv.encodingExists(charset) ? charset : isUtf8(buffer) ? 'utf-8' : 'windows-1252';
  return iconv.decode(buffer, encoding);
}

/**
 * One content line in the form ical.js reads (vCard 3.0 for 2.1 cards): bare parameters as
 * TYPE=, QP values decoded, ENCODING and CHARSET dropped.
 */
function normaliseLine(name: string, params: string, value: string, v21: boolean): string {
  const kept: string[] = [];
  const types: string[] = [];
  let quotedPrintable = false;
  let charset = '';
  for (const param of splitParams(params)) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? '' : param.slice(0, eq)).toUpperCase();
    const paramValue = eq < 0 ? param : param.slice(eq + 1);
    if (eq < 0 && paramValue.toUpperCase() === 'QUOTED-PRINTABLE') quotedPrintable = true;
    else if (key === 'ENCODING') quotedPrintable = paramValue.toUpperCase() === 'QUOTED-PRINTABLE';
    else if (key === 'CHARSET') charset = paramValue.replace(/"/g, '');
    else if (eq < 0) types.push(paramValue);
    else if (key === 'TYPE' && v21) types.push(...paramValue.replace(/"/g, '').split(','));
    else kept.push(param);
  }
  if (types.length) kept.push(`TYPE=${types.join(',')}`);
  let text = value;
  if (quotedPrintable) text = decodeQuotedPrintable(value, charset).replace(/\r\n|\r|\n/g, '\\n');
  return `${name}${kept.map((p) => `;${p}`).join('')}:${text}`;
}

/** Why a card cannot be read: the reason (importRowProblems' invalid_format), the English words, the text at fault. */
interface CardProblem {
  reason: ImportRowReason<'invalid_format'>;
  message: string;
  value?: string;
  limit?: number;
}

interface ParsedCard {
  values: Record<string, string>;
  problems: CardProblem[];
}

/** How many `;` a line's value has outside escapes: an address has six. */
function separators(line: string): number {
  const value = line.slice(line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/) + 1);
  return (value.match(/(?<!\\);/g) ?? []).length;
}

function joinBroken(line: string, rest: string): string {
  return /\s$/.test(line) ? line + rest.trimStart() : `${line} ${rest.trimStart()}`;
}

/** Card lines (BEGIN to END) unfolded into content lines, with the line number each starts on. */
function unfold(lines: PhysicalLine[]): Array<{ text: string; line: number }> {
  const logical: Array<{ text: string; line: number; qp: boolean }> = [];
  for (const { text, line } of lines) {
    const last = logical[logical.length - 1];
    if (last && (text.startsWith(' ') || text.startsWith('\t'))) {
      last.text += text.slice(1);
    } else if (last?.qp && last.text.endsWith('=')) {
      // A quoted-printable soft line break (vCard 2.1): the value goes on in the next line.
      last.text = last.text.slice(0, -1) + text;
    } else {
      logical.push({ text, line, qp: /QUOTED-PRINTABLE/i.test(text.split(':', 1)[0] ?? '') });
    }
  }
  return logical;
}

const str = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(str).filter(Boolean).join(' ');
  if (value === null || value === undefined) return '';
  return cleanText(String(value));
};

function typesOf(property: JCardProperty): string[] {
  const type = property[1].type;
  const list = Array.isArray(type) ? type : typeof type === 'string' ? type.split(',') : [];
  const pref = property[1].pref !== undefined ? ['pref'] : [];
  return [...list.map((t) => t.toLowerCase()), ...pref];
}

/** Preferred entries first (TYPE=pref, PREF=1), otherwise in the card's order. */
function byPreference(properties: JCardProperty[]): JCardProperty[] {
  const rank = (p: JCardProperty) => {
    const pref = p[1].pref;
    if (typeof pref === 'string' && /^\d+$/.test(pref)) return Number(pref);
    return typesOf(p).includes('pref') ? 0 : 101;
  };
  return properties
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** A row's values from a parsed card (jCard form: what ical.js gives and jCard files hold). */
export function valuesOfJCard(jcard: JCard): ParsedCard {
  const problems: CardProblem[] = [];
  const values: Record<string, string> = Object.fromEntries(vcardColumns.map((c) => [c, '']));
  const properties = Array.isArray(jcard[1]) ? jcard[1] : [];
  const all = (name: string) => properties.filter((p) => Array.isArray(p) && p[0] === name);
  const first = (name: string) => all(name)[0];
  for (const property of properties) {
    if (!Array.isArray(property) || typeof property[0] !== 'string' || !/^[a-z][a-z0-9-]*$/i.test(property[0])) {
      const value = String(Array.isArray(property) ? property[0] : property).slice(0, 40);
      problems.push({ reason: 'card_property', value, message: `"${value}" is not a vCard property` });
    }
  }

  const n = first('n');
  if (n) {
    const parts = Array.isArray(n[3]) ? n[3] : [n[3]];
    values['N.family'] = str(parts[0]);
    values['N.given'] = str(parts[1]);
    values['N.additional'] = str(parts[2]);
    values['N.prefix'] = str(parts[3]);
  }
  const org = first('org');
  if (org) values.ORG = str(Array.isArray(org[3]) ? org[3][0] : org[3]);
  values.TITLE = str(first('title')?.[3]);
  [...new Set(byPreference(all('email')).map((p) => str(p[3])))].filter(Boolean).forEach((email, i) => {
    const slot = `EMAIL.${Math.min(i + 1, 3)}`;
    values[slot] = values[slot] ? `${values[slot]}; ${email}` : email;
  });
  const phones = byPreference(all('tel'))
    .map((p) => ({
      number: str(p[3]).replace(/^tel:/i, '').replace(/;ext=/i, ' ext. '),
      type: typesOf(p).join(','),
    }))
    .filter((p) => p.number !== '');
  // Three columns: with more numbers each column holds one kind (voice, cell, fax), so the
  // type beside it stays true for every number in it.
  const kind = (type: string) =>
    /\bfax\b/.test(type) ? 'fax' : /\b(cell|mobile|iphone)\b/.test(type) ? 'cell' : 'voice';
  const slots: Array<{ numbers: string[]; type: string; kind: string }> = [];
  for (const phone of phones) {
    const same = phones.length > 3 ? slots.find((s) => s.kind === kind(phone.type)) : undefined;
    if (same) same.numbers.push(phone.number);
    else slots.push({ numbers: [phone.number], type: phone.type, kind: kind(phone.type) });
  }
  slots.forEach((slot, i) => {
    values[`TEL.${i + 1}`] = slot.numbers.join('; ');
    values[`TEL.${i + 1}.type`] = slot.type;
  });
  const adr = byPreference(all('adr'))[0];
  if (adr) {
    const parts = (Array.isArray(adr[3]) ? adr[3] : [adr[3]]).map((part) =>
      Array.isArray(part) ? part.map(str).filter(Boolean).join(', ') : str(part).replace(/\n+/g, ', '),
    );
    values['ADR.1.street'] = parts[2] || parts[1] || parts[0] || '';
    values['ADR.1.city'] = parts[3] ?? '';
    values['ADR.1.region'] = parts[4] ?? '';
    values['ADR.1.postalCode'] = parts[5] ?? '';
    values['ADR.1.country'] = parts[6] ?? '';
  }
  values.BDAY = str(first('bday')?.[3]);
  values.NOTE = all('note')
    .map((p) => str(p[3]))
    .filter(Boolean)
    .join('\n\n');
  values.UID = str(first('uid')?.[3]);
  values.URL = str(first('url')?.[3]);
  values.CATEGORIES = all('categories')
    .flatMap((p) => p.slice(3).map(str))
    .filter(Boolean)
    .join('; ');
  // FN is what address books show; where a card lacks it (2.1 allows that) it is made as they do.
  values.FN =
    str(first('fn')?.[3]) ||
    [values['N.prefix'], values['N.given'], values['N.additional'], values['N.family']].filter(Boolean).join(' ') ||
    values.ORG ||
    values['EMAIL.1'].split(';')[0] ||
    values['TEL.1'].split(';')[0];
  if (!values.FN)
    problems.push({ reason: 'card_no_name', message: 'the card has no name, organisation, email or phone' });
  return { values, problems };
}

/** One card's text (BEGIN to END) as a row's values, or the reasons it cannot be read. */
export function parseCard(card: PhysicalLine[]): ParsedCard {
  const problems: CardProblem[] = [];
  const content = unfold(card.slice(1, -1));
  const version = content
    .find((l) => /^VERSION:/i.test(l.text))
    ?.text.slice(8)
    .trim();
  const v21 = version === '2.1';
  const kept: string[] = [];
  const lines: string[] = [];
  for (const { text, line } of content) {
    if (text.trim() === '') continue;
    if (!contentLine.test(text)) {
      // Some writers break an address or a note with a bare line break instead of folding it
      // (two of Apple's CardDAV test cards do): a line without a colon goes on the address that
      // still lacks parts, or else on a note-like line just before it. Anything else is garbage.
      let address = -1;
      for (let i = lines.length - 1; i >= 0 && address < 0; i--)
        if (/^(?:[\w-]+\.)?(?:ADR|LABEL)[;:]/i.test(lines[i]) && separators(lines[i]) < 6) address = i;
      const previous = lines.length - 1;
      if (!text.includes(':') && address >= 0) lines[address] = joinBroken(lines[address], text);
      else if (!text.includes(':') && previous >= 0 && /^(?:[\w-]+\.)?(?:NOTE|FN|TITLE|ORG)[;:]/i.test(lines[previous]))
        lines[previous] = `${lines[previous]}\\n${text}`;
      else {
        const value = cleanText(text).slice(0, 60);
        problems.push({ reason: 'card_property', value, message: `line ${line} is not a vCard property: "${value}"` });
      }
      continue;
    }
    lines.push(text);
  }
  for (const text of lines) {
    const match = contentLine.exec(text);
    if (!match) continue;
    const name = match[2].toUpperCase();
    if (!wanted.has(name)) continue;
    if (name === 'VERSION') {
      kept.push(`VERSION:${v21 ? '3.0' : (version ?? '3.0')}`);
      continue;
    }
    kept.push(normaliseLine(name, match[3], text.slice(match[0].length), v21));
  }
  const kind = content
    .find((l) => /^(?:X-ADDRESSBOOKSERVER-)?KIND:/i.test(l.text))
    ?.text.split(':')[1]
    ?.trim();
  if (kind && !/^individual$/i.test(kind))
    problems.push({
      reason: 'card_kind',
      value: kind,
      message: `the card is a ${kind.toLowerCase()} (KIND:${kind}), not a person: such cards are not imported`,
    });
  if (!version) problems.push({ reason: 'card_no_version', message: 'the card has no VERSION' });
  else if (!['2.1', '3.0', '4.0'].includes(version))
    problems.push({ reason: 'card_version', value: version, message: `vCard version "${version}" is unknown` });
  if (problems.length) return { values: {}, problems };
  let jcard: JCard;
  try {
    jcard = ICAL.parse(`BEGIN:VCARD\r\n${kept.join('\r\n')}\r\nEND:VCARD\r\n`) as unknown as JCard;
  } catch (error) {
    const message = `the card cannot be read: ${(error as Error).message}`;
    return { values: {}, problems: [{ reason: 'card_unreadable', message }] };
  }
  return valuesOfJCard(jcard);
}

function problemRow(line: number, raw: string, found: CardProblem[]): SourceRow {
  const problems: RowProblem[] = found.map(({ reason, message, value, limit }) => ({
    line,
    field: null,
    code: 'invalid_format',
    params: { reason, ...(value === undefined ? {} : { value }), ...(limit === undefined ? {} : { limit }) },
    message: `vCard on line ${line}: ${message}`,
  }));
  return { line, values: Object.fromEntries(vcardColumns.map((c) => [c, ''])), problems, raw };
}

async function* cards(path: string): AsyncGenerator<SourceRow> {
  let card: PhysicalLine[] | null = null;
  let garbage: PhysicalLine[] | null = null;
  let size = 0;
  const rawOf = (lines: PhysicalLine[]) => `${lines.map((l) => l.text).join('\r\n')}\r\n`;
  const finishCard = (lines: PhysicalLine[]): SourceRow => {
    const start = lines[0].line;
    if (lines.some((l) => l.tooLong) || size > maxRecordBytes)
      return problemRow(start, rawOf(lines), [
        {
          reason: 'card_too_long',
          limit: maxRecordBytes / 1024 / 1024,
          message: `the card is longer than ${maxRecordBytes / 1024 / 1024} MB`,
        },
      ]);
    const { values, problems } = parseCard(lines);
    if (problems.length) return problemRow(start, rawOf(lines), problems);
    return { line: start, values, problems: [], raw: rawOf(lines) };
  };
  const finishGarbage = (lines: PhysicalLine[]): SourceRow => {
    const first = lines[0];
    const begin = lines.find((l) => /BEGIN:VCARD/i.test(l.text));
    const value = cleanText((begin ?? first).text).slice(0, 60);
    const problem: CardProblem = begin
      ? {
          reason: 'card_framing',
          value,
          message: `"${value}" is not a BEGIN:VCARD line: the card's framing is broken`,
        }
      : { reason: 'outside_card', value, message: `text outside any card ("${value}")` };
    return problemRow(first.line, rawOf(lines), [problem]);
  };
  for await (const physical of physicalLines(path)) {
    const { text } = physical;
    if (card) {
      if (beginLine.test(text)) {
        yield problemRow(card[0].line, rawOf(card), [
          { reason: 'card_no_end', message: 'the card ends without END:VCARD' },
        ]);
        card = [physical];
        size = text.length;
        continue;
      }
      // Past the size cap only the framing is kept: the card is rejected whole anyway.
      if (size <= maxRecordBytes || endLine.test(text)) card.push(physical);
      size += text.length;
      if (endLine.test(text)) {
        yield finishCard(card);
        card = null;
      }
    } else if (beginLine.test(text)) {
      if (garbage) yield finishGarbage(garbage);
      garbage = null;
      card = [physical];
      size = text.length;
    } else if (garbage) {
      if (size <= maxRecordBytes) garbage.push(physical);
      size += text.length;
      if (endLine.test(text)) {
        yield finishGarbage(garbage);
        garbage = null;
      }
    } else if (text.trim() !== '') {
      garbage = [physical];
      size = text.length;
    }
  }
  if (card)
    yield problemRow(card[0].line, rawOf(card), [
      { reason: 'card_cut_off', message: 'the file ends inside the card (END:VCARD is missing)' },
    ]);
  if (garbage) yield finishGarbage(garbage);
}

/** jCard: one `["vcard", …]` or an array of them, read whole (jCard files are address books, not bulk data). */
async function* jcards(path: string): AsyncGenerator<SourceRow> {
  const size = (await fs.promises.stat(path)).size;
  if (size > 64 * 1024 * 1024)
    throw errors.unreadable('A jCard file larger than 64 MB cannot be imported; export vCard (.vcf) instead.');
  let data: unknown;
  try {
    data = JSON.parse(await fs.promises.readFile(path, 'utf8'));
  } catch (error) {
    throw errors.unreadable(`The jCard file is not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) && data[0] === 'vcard' ? [data] : Array.isArray(data) ? data : [];
  let index = 0;
  for (const item of list) {
    index++;
    const raw = JSON.stringify(item);
    if (!Array.isArray(item) || item[0] !== 'vcard' || !Array.isArray(item[1])) {
      yield problemRow(index, raw, [{ reason: 'not_jcard', message: 'not a jCard (["vcard", [properties…]])' }]);
      continue;
    }
    const { values, problems } = valuesOfJCard(item as JCard);
    yield problems.length ? problemRow(index, raw, problems) : { line: index, values, problems: [], raw };
  }
}

export async function openVcf(path: string): Promise<Source> {
  const bytes = await readHead(path, 64 * 1024);
  if (hasNul(bytes)) throw errors.notText();
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  const jcard = head.startsWith('[');
  return {
    format: 'vcf',
    columns: [...vcardColumns],
    encoding: jcard ? 'utf-8' : undefined,
    locale: 'en',
    rows: () => (jcard ? jcards(path) : cards(path)),
  };
}
