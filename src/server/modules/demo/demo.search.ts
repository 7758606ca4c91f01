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

export function demoSearchText(parts: Array<string | null | undefined>): string {
  let out = '';
  for (const part of parts) {
    const form = fold(part);
    if (form) out = out ? `${out} ${form}` : form;
  }
  return out.replace(/\s+/g, ' ').trim();
}
