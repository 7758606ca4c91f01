// Text folding for search: accent- and case-insensitive, with German umlauts found both
// as "Müller" → "muller" and "mueller", and ß as "ss".

const marks = /\p{M}+/gu;

function stripMarks(value: string): string {
  return value.normalize('NFKD').replace(marks, '');
}

/** The forms of a text kept in a record's search_text column. */
export function searchForms(value: string | null | undefined): string {
  if (!value) return '';
  const lower = value.toLowerCase().replace(/ß/g, 'ss');
  const plain = stripMarks(lower);
  const transcribed = stripMarks(lower.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'));
  return plain === transcribed ? plain : `${plain} ${transcribed}`;
}

/** Builds a search_text value from the parts of a record. */
export function searchText(parts: Array<string | null | undefined>): string {
  return parts.map(searchForms).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
}

/** The tokens of a query, folded the same way (umlauts to their base letter). */
export function queryTokens(query: string): string[] {
  return stripMarks(query.toLowerCase().replace(/ß/g, 'ss'))
    .split(/[\s,;]+/)
    .map((token) => token.replace(/^[^\p{L}\p{N}@+]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((token) => token.length > 0)
    .slice(0, 8);
}
