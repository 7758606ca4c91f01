// search_text of demo rows: exactly what platform/text.ts searchText() returns (demo.test.ts
// compares them), with the folding of repeated words (names, cities) remembered and plain
// ASCII (mail addresses, phone digits) folded by lower-casing alone, which is all
// searchForms() does to it.
import { searchForms } from '../../platform/text.ts';

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

const separators = /[^\p{L}\p{N}]+/u;
const letters = /^\p{L}{4,}$/u;
/** Per collection, the parts already split. */
const collectedParts = new WeakMap<Set<string>, Set<string>>();

/**
 * Adds the words of a folded part to `words`: what the search_words trigger (migration
 * 0011) would have recorded, letters only and four or more of them. Repeated parts (names,
 * cities) are split once; phone digits never.
 */
function collect(form: string, words: Set<string>) {
  const first = form.charCodeAt(0);
  if (first >= 48 && first <= 57) return;
  let parts = collectedParts.get(words);
  if (!parts) collectedParts.set(words, parts = new Set());
  if (parts.has(form)) return;
  if (parts.size < 200_000) parts.add(form);
  for (const word of form.split(separators)) if (letters.test(word)) words.add(word);
}

/** search_text of a demo row; its words go into `words` (for search_words). */
export function demoSearchText(parts: Array<string | null | undefined>, words: Set<string>): string {
  let out = '';
  for (const part of parts) {
    const form = fold(part);
    if (!form) continue;
    collect(form, words);
    out = out ? `${out} ${form}` : form;
  }
  return out.replace(/\s+/g, ' ').trim();
}
