// Whether a German postal code fits its city. No list of every postal code with its places is
// available to Farley under a clear licence, so the check is coarse: the first digit of a
// German postal code names its zone (0 Saxony and Thuringia's east … 9 Franconia), and for
// the larger cities, whose zones are known, a code from another zone is reported as a warning
// — most often a typo or a swapped field. Cities not in the table are not judged. A code that
// starts with 00 is in no zone at all.

/** Larger German cities and the first digits their postal codes start with. */
const cityZones: Record<string, string> = {
  berlin: '1',
  hamburg: '2',
  munchen: '8',
  koln: '5',
  frankfurtammain: '6',
  frankfurt: '6',
  stuttgart: '7',
  dusseldorf: '4',
  leipzig: '0',
  dortmund: '4',
  essen: '4',
  bremen: '2',
  dresden: '0',
  hannover: '3',
  nurnberg: '9',
  duisburg: '4',
  bochum: '4',
  wuppertal: '4',
  bielefeld: '3',
  bonn: '5',
  munster: '4',
  mannheim: '6',
  karlsruhe: '7',
  augsburg: '8',
  wiesbaden: '6',
  monchengladbach: '4',
  gelsenkirchen: '4',
  aachen: '5',
  braunschweig: '3',
  kiel: '2',
  chemnitz: '0',
  halle: '0',
  hallesaale: '0',
  magdeburg: '3',
  freiburgimbreisgau: '7',
  freiburg: '7',
  krefeld: '4',
  mainz: '5',
  lubeck: '2',
  erfurt: '9',
  oberhausen: '4',
  rostock: '1',
  kassel: '3',
  hagen: '5',
  potsdam: '1',
  saarbrucken: '6',
  hamm: '5',
  ludwigshafenamrhein: '6',
  oldenburg: '2',
  osnabruck: '4',
  leverkusen: '5',
  heidelberg: '6',
  darmstadt: '6',
  solingen: '4',
  regensburg: '9',
  paderborn: '3',
  ingolstadt: '8',
  wurzburg: '9',
  ulm: '8',
  wolfsburg: '3',
  gottingen: '3',
  heilbronn: '7',
  pforzheim: '7',
  offenbachammain: '6',
  bottrop: '4',
  bremerhaven: '2',
  recklinghausen: '4',
  reutlingen: '7',
  koblenz: '5',
  trier: '5',
  jena: '0',
  erlangen: '9',
  furth: '9',
  schwerin: '1',
  cottbus: '0',
  gera: '0',
  kaiserslautern: '6',
  hildesheim: '3',
  zwickau: '0',
  wittenberg: '0',
  siegen: '5',
  gutersloh: '3',
  salzgitter: '3',
  witten: '5',
  iserlohn: '5',
  ludwigsburg: '7',
  esslingenamneckar: '7',
  konstanz: '7',
  bamberg: '9',
  bayreuth: '9',
  passau: '9',
  landshut: '8',
  rosenheim: '8',
  kempten: '8',
  flensburg: '2',
  luneburg: '2',
  celle: '2',
  greifswald: '1',
  stralsund: '1',
  neubrandenburg: '1',
  weimar: '9',
  gotha: '9',
  suhl: '9',
  dessau: '0',
  dessaurosslau: '0',
  plauen: '0',
  gorlitz: '0',
  bautzen: '0',
};

function fold(city: string): string {
  return city
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z]/g, '');
}

export type PostalProblem = 'postal_code_unknown' | 'postal_code_city_mismatch';

/** What is suspect about a German postal code of five digits with its city, or null. */
export function germanPostalProblem(postalCode: string, city: string | null | undefined): PostalProblem | null {
  if (!/^\d{5}$/.test(postalCode)) return null;
  if (postalCode.startsWith('00')) return 'postal_code_unknown';
  if (!city) return null;
  // The whole name is looked up: "Frankfurt (Oder)" (zone 1) is not "Frankfurt" (zone 6).
  const zone = cityZones[fold(city)];
  if (!zone) return null;
  return postalCode.startsWith(zone) ? null : 'postal_code_city_mismatch';
}
