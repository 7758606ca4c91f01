// Countries as people write them ("Deutschland", "Germany", "DE", "Österreich", "Schweiz")
// turned into ISO 3166-1 alpha-2 codes. The names come from the ICU data Node carries
// (Intl.DisplayNames, in German and English), so every country has both its names without a
// list of our own; a few everyday forms ICU does not know (BRD, USA, Holland, England) are
// added by hand.

/**
 * Regions ICU names that are not countries, and withdrawn codes ICU names after their
 * successors (DD as "Germany", CS as "Serbia"): neither is a code to store.
 */
const notCountries = new Set(
  ['EU', 'EZ', 'QO', 'UN', 'XA', 'XB', 'ZZ'].concat(['AN', 'BU', 'CS', 'DD', 'FX', 'SU', 'TP', 'UK', 'YU', 'ZR']),
);

const aliases: Record<string, string> = {
  d: 'DE',
  brd: 'DE',
  bundesrepublikdeutschland: 'DE',
  federalrepublicofgermany: 'DE',
  germanyde: 'DE',
  a: 'AT',
  republikosterreich: 'AT',
  schweizerischeeidgenossenschaft: 'CH',
  suisse: 'CH',
  svizzera: 'CH',
  usa: 'US',
  unitedstatesofamerica: 'US',
  vereinigtestaatenvonamerika: 'US',
  amerika: 'US',
  uk: 'GB',
  england: 'GB',
  scotland: 'GB',
  schottland: 'GB',
  wales: 'GB',
  greatbritain: 'GB',
  grossbritannien: 'GB',
  holland: 'NL',
  thenetherlands: 'NL',
  czechrepublic: 'CZ',
  tschechischerepublik: 'CZ',
};

/** Lower case, without accents, ß as ss, letters only: "Österreich" and "osterreich" meet. */
function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z]/g, '');
}

let table: { codes: Set<string>; byName: Map<string, string> } | null = null;

function countryTable() {
  if (table) return table;
  const codes = new Set<string>();
  const byName = new Map<string, string>(Object.entries(aliases));
  const names = ['en', 'de'].map((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      if (notCountries.has(code)) continue;
      const shown = names.map((n) => n.of(code)).filter((name): name is string => Boolean(name));
      if (shown.length === 0) continue;
      codes.add(code);
      for (const name of shown) if (!byName.has(fold(name))) byName.set(fold(name), code);
    }
  }
  table = { codes, byName };
  return table;
}

/** The ISO 3166-1 alpha-2 code of a country given by code or by its German or English name; null when unknown. */
export function countryCode(value: string): string | null {
  const trimmed = value.trim();
  const { codes, byName } = countryTable();
  if (/^[A-Za-z]{2}$/.test(trimmed) && codes.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return byName.get(fold(trimmed)) ?? null;
}
