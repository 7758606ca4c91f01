// search_text of demo rows: exactly what platform/text.ts searchText() returns (demo.test.ts
// compares them), with the folding of repeated words (names, cities) remembered and plain
// ASCII (mail addresses, phone digits) folded by lower-casing alone, which is all
// searchForms() does to it.
import { searchForms } from '../../platform/text.ts';

// Every character below 128: the control characters are meant.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is 0x00–0x7f, control characters included.
const ascii = /^[\x00-\x7f]*$/;
const folded = new Map<string, string>();

function fold(part: string | null | undefined): string {
  if (!part) return '';
  if (ascii.test(part)) return part.toLowerCase();
  let form = folded.get(part);
  if (form === undefined) {
    form = searchForms(part);
    if (folded.size < 200_000) folded.set(part, form);
  }
  return form;
}

const separators = /[^\p{L}]+/u;
const digits = /^[0-9]+$/;
/** Per part already split, its words. */
const partWords = new Map<string, string[]>();

/**
 * The words of a folded part, as the search_words_column trigger (migration 0013) finds
 * them: runs of four or more letters. Repeated parts (names, cities) are split once; phone
 * digits never.
 */
function wordsOfPart(form: string): string[] {
  if (digits.test(form)) return [];
  let words = partWords.get(form);
  if (words === undefined) {
    words = form.split(separators).filter((word) => [...word].length >= 4);
    if (partWords.size < 200_000) partWords.set(form, words);
  }
  return words;
}

export interface DemoSearch {
  /** search_text */
  text: string;
  /** search_words: the words of text, each once. */
  words: string[];
}

/** search_text and search_words of a demo row; the words also go into `dictionary` (for the search_words table). */
export function demoSearchText(parts: Array<string | null | undefined>, dictionary: Set<string>): DemoSearch {
  let out = '';
  const words = new Set<string>();
  for (const part of parts) {
    const form = fold(part);
    if (!form) continue;
    for (const word of wordsOfPart(form)) words.add(word);
    out = out ? `${out} ${form}` : form;
  }
  for (const word of words) dictionary.add(word);
  return { text: out.replace(/\s+/g, ' ').trim(), words: [...words] };
}
