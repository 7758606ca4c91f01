// German-aware normalisation for the duplicate matcher: folding of umlauts and ß, Kölner
// Phonetik, streets, company names without legal form, emails and phones. The blocking keys
// stored in the database (migration 0023) fold names with an SQL twin of foldKey;
// matcher.test.ts checks that both agree.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Lower case, ß→ss, umlauts and their spelled-out forms (ae, oe, ue) to the plain vowel,
 * other accents dropped, everything but letters and digits removed: `Müller`, `Mueller`
 * and `Muller` all become `muller`. Applied to both sides, the rare false fold (`Manuel` →
 * `manul`) costs nothing.
 */
export function foldKey(value: string | null | undefined): string {
  if (!value) return '';
  let folded = foldCache.get(value);
  if (folded === undefined) {
    folded = foldUncached(value);
    remember(foldCache, value, folded);
  }
  return folded;
}

/**
 * Names, cities and streets repeat across a workspace: a scan folds the same few thousand
 * values millions of times, so results are kept (up to a bound, then forgotten at once).
 */
const cacheLimit = 200_000;
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, value);
}
const foldCache = new Map<string, string>();
const phoneticCache = new Map<string, string>();
const streetCache = new Map<string, { name: string; number: string }>();

function foldUncached(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/ß/g, 'ss')
      // Letters Unicode does not decompose into a base letter and an accent: without these they
      // would be dropped (`Yılmaz` → `ylmaz`).
      .replace(/ı/g, 'i')
      .replace(/ł/g, 'l')
      .replace(/ø/g, 'o')
      .replace(/[đð]/g, 'd')
      .replace(/ħ/g, 'h')
      .replace(/þ/g, 'th')
      .replace(/æ/g, 'ae')
      .replace(/œ/g, 'oe')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ae/g, 'a')
      .replace(/oe/g, 'o')
      .replace(/ue/g, 'u')
      .replace(/[^a-z0-9]/g, '')
  );
}

/** Words of a value, folded like foldKey but keeping word boundaries. */
export function foldWords(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s\-/,.;&+()]+/)
    .map(foldKey)
    .filter((word) => word.length > 0);
}

/**
 * Kölner Phonetik (Postel 1969) of a folded word: the letters' codes by their neighbours,
 * repeated codes collapsed, zeros dropped except at the start.
 */
export function colognePhonetic(input: string): string {
  let code = phoneticCache.get(input);
  if (code === undefined) {
    code = phoneticUncached(input);
    remember(phoneticCache, input, code);
  }
  return code;
}

function phoneticUncached(input: string): string {
  const word = foldKey(input).replace(/[^a-z]/g, '');
  let raw = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    const prev = i > 0 ? word[i - 1] : '';
    const next = i + 1 < word.length ? word[i + 1] : '';
    let code = '';
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'j':
      case 'o':
      case 'u':
      case 'y':
        code = '0';
        break;
      case 'h':
        code = '';
        break;
      case 'b':
        code = '1';
        break;
      case 'p':
        code = next === 'h' ? '3' : '1';
        break;
      case 'd':
      case 't':
        code = 'csz'.includes(next) && next !== '' ? '8' : '2';
        break;
      case 'f':
      case 'v':
      case 'w':
        code = '3';
        break;
      case 'g':
      case 'k':
      case 'q':
        code = '4';
        break;
      case 'c':
        if (i === 0) code = next !== '' && 'ahkloqrux'.includes(next) ? '4' : '8';
        else if (prev === 's' || prev === 'z') code = '8';
        else code = next !== '' && 'ahkoqux'.includes(next) ? '4' : '8';
        break;
      case 'x':
        code = prev !== '' && 'ckq'.includes(prev) ? '8' : '48';
        break;
      case 'l':
        code = '5';
        break;
      case 'm':
      case 'n':
        code = '6';
        break;
      case 'r':
        code = '7';
        break;
      case 's':
      case 'z':
        code = '8';
        break;
      default:
        code = '';
    }
    raw += code;
  }
  let collapsed = '';
  for (const ch of raw) if (collapsed[collapsed.length - 1] !== ch) collapsed += ch;
  return collapsed.length === 0 ? '' : collapsed[0] + collapsed.slice(1).replace(/0/g, '');
}

/**
 * Common German and English short forms and variants of first names, grouped: names in one
 * group are treated as the same first name. A curated list (docs/data-quality.md): no
 * nickname list with a clear licence covers German names.
 */
const nicknameGroups: string[][] = [
  ['johannes', 'hans', 'hannes', 'johann', 'jo', 'john', 'jonny', 'johnny', 'jack'],
  ['josef', 'joseph', 'sepp', 'seppl', 'jupp', 'joe', 'beppo'],
  [
    'katharina',
    'kathi',
    'kathrin',
    'katrin',
    'katja',
    'kati',
    'katy',
    'kate',
    'katie',
    'catherine',
    'katherine',
    'kathryn',
    'kat',
    'trine',
  ],
  ['bernhard', 'bernd', 'bernie', 'benno'],
  ['christian', 'chris', 'christoph', 'christopher', 'christof', 'kris', 'christl'],
  ['christina', 'christine', 'christiane', 'tina', 'chris', 'kristina', 'kristin', 'christa'],
  ['alexander', 'alex', 'sascha', 'xander', 'alec'],
  ['alexandra', 'alex', 'sandra', 'sascha', 'alexa'],
  ['stefanie', 'steffi', 'stephanie', 'steffie', 'steph'],
  ['stefan', 'stephan', 'steffen', 'steve', 'steven', 'stephen'],
  ['ulrich', 'uli', 'ulli', 'ulrike'],
  ['friedrich', 'fritz', 'fred', 'frieder', 'friedel', 'frederick', 'fredrick'],
  ['anton', 'toni', 'tony', 'antonius', 'anthony'],
  ['antonia', 'toni', 'tonia'],
  ['wolfgang', 'wolf', 'wolfi'],
  [
    'margarete',
    'margarethe',
    'grete',
    'gretel',
    'margit',
    'margot',
    'greta',
    'maggie',
    'margaret',
    'meg',
    'peggy',
    'marga',
  ],
  [
    'elisabeth',
    'elisabet',
    'elise',
    'lisa',
    'liesel',
    'lis',
    'sisi',
    'elsa',
    'else',
    'betty',
    'beth',
    'liz',
    'elizabeth',
    'eliza',
    'lizzy',
    'bettina',
    'ilse',
  ],
  ['gabriele', 'gabi', 'gaby', 'gabriela'],
  ['wilhelm', 'willi', 'willy', 'wim', 'helm', 'william', 'will', 'bill', 'billy'],
  ['heinrich', 'heinz', 'heini', 'henry', 'hank', 'henrik', 'hinrich'],
  ['matthias', 'mathias', 'matze', 'matthew', 'matt', 'mats', 'hias'],
  ['michael', 'michi', 'micha', 'mike', 'mick', 'michel', 'mischa'],
  ['nikolaus', 'niklas', 'nicolas', 'nikolas', 'klaus', 'claus', 'niko', 'nico', 'nick', 'nicholas'],
  ['thomas', 'tom', 'tommy', 'thommy'],
  ['andreas', 'andi', 'andy', 'andre', 'andrew', 'drew', 'anderl'],
  ['peter', 'pete', 'piet'],
  ['robert', 'rob', 'robbie', 'bob', 'bobby', 'bert', 'robin'],
  ['richard', 'rick', 'richie', 'dick', 'ricky'],
  ['daniel', 'dan', 'danny', 'dani'],
  ['daniela', 'dani', 'danielle'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['maximilian', 'max', 'maxi', 'maxl'],
  ['sebastian', 'basti', 'bastian', 'seb'],
  ['tobias', 'tobi', 'toby'],
  ['florian', 'flo', 'florin'],
  ['dominik', 'dominic', 'dom', 'dominick'],
  ['jakob', 'jacob', 'jake', 'kobi'],
  ['joachim', 'achim', 'jochen'],
  ['jurgen', 'jorg', 'jorgen', 'juri'],
  ['gerhard', 'gerd', 'gert', 'gerry'],
  ['reinhard', 'reiner', 'rainer'],
  ['eberhard', 'ebbe', 'ebi'],
  ['leonhard', 'leonard', 'leo', 'lenny'],
  ['ludwig', 'lutz', 'louis', 'lewis', 'lou'],
  ['rudolf', 'rudi', 'rudolph', 'rolf', 'rudy'],
  ['sigrid', 'siggi'],
  ['siegfried', 'siggi', 'sigi', 'fried'],
  ['manfred', 'manni', 'fred'],
  ['walter', 'walther', 'walt', 'wally'],
  ['herbert', 'herb', 'bert', 'hebbe'],
  ['albert', 'al', 'bert', 'berti'],
  ['hubert', 'hubsi', 'bert'],
  ['norbert', 'nobbi', 'bert'],
  ['kurt', 'conrad', 'konrad', 'kuno', 'connie'],
  ['ferdinand', 'ferdl', 'ferdi', 'nando'],
  ['franz', 'franziskus', 'francis', 'frank', 'franzl', 'franky'],
  ['franziska', 'franzi', 'fanny', 'frances', 'fran'],
  ['theodor', 'theo', 'ted', 'teddy', 'theodore'],
  ['eduard', 'edi', 'edward', 'ed', 'eddie', 'ted'],
  ['gottfried', 'friedl', 'godfrey'],
  ['barbara', 'babsi', 'barbie', 'babs', 'bärbel', 'barb'],
  ['susanne', 'susi', 'sanne', 'suse', 'susan', 'sue', 'susie', 'suzanne'],
  ['johanna', 'hanna', 'hanne', 'jo', 'joanna', 'jana'],
  ['magdalena', 'lena', 'leni', 'magda', 'madeleine'],
  ['helena', 'helene', 'lena', 'leni', 'ellen', 'helen', 'elena'],
  ['anna', 'anne', 'anni', 'annie', 'ann', 'anja', 'annette', 'anke'],
  ['maria', 'marie', 'mia', 'mary', 'mimi', 'mitzi', 'ria', 'marion', 'maja', 'maya'],
  ['angelika', 'angela', 'geli', 'angie', 'angelica'],
  ['cornelia', 'conny', 'nelly', 'connie'],
  ['veronika', 'vroni', 'vero', 'veronica', 'ronnie'],
  ['monika', 'moni', 'monica'],
  ['patricia', 'patty', 'trixi', 'pat', 'tricia'],
  ['patrick', 'pat', 'paddy', 'patrik'],
  ['rebekka', 'rebecca', 'becky', 'bekki'],
  ['dorothea', 'doris', 'dora', 'thea', 'dorothy', 'dot', 'dolly'],
  ['martina', 'tina', 'martine'],
  ['martin', 'marty', 'tini'],
  ['kristian', 'christian'],
  ['jessica', 'jessy', 'jess', 'jessie'],
  ['jennifer', 'jenny', 'jen', 'jenni'],
  ['nicole', 'nicki', 'nikki', 'nici'],
  ['carolin', 'caroline', 'carola', 'caro', 'carol', 'karoline', 'lina'],
  ['valentin', 'valentine', 'vali'],
  ['viktoria', 'victoria', 'vicky', 'vicki', 'tori'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammy'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['charles', 'charlie', 'chuck', 'karl', 'carl', 'karli', 'carlo'],
  ['edmund', 'ed', 'eddie', 'ned'],
  ['joshua', 'josh'],
  ['nathaniel', 'nathan', 'nat', 'nate'],
  ['zacharias', 'zachary', 'zach', 'zack'],
  ['lorenz', 'lenz', 'laurence', 'lawrence', 'larry'],
  ['raphael', 'rafael', 'rafi'],
  ['emanuel', 'manuel', 'manu', 'immanuel'],
  ['emilie', 'emily', 'emmi', 'emma', 'milly'],
  ['gregor', 'gregory', 'greg', 'goar'],
  ['harald', 'harry', 'harold', 'hal'],
  ['hermann', 'hermi', 'manni'],
  ['ignaz', 'nazi'],
  ['kornelius', 'cornelius', 'neil'],
  ['ottilie', 'tilly', 'otti'],
  ['otto', 'otti'],
  ['philipp', 'phil', 'philip', 'pip', 'lipp'],
  ['waltraud', 'traudl', 'walli'],
  ['gertrud', 'gertraud', 'trude', 'traudl', 'gerti', 'trudy'],
  ['ruth', 'ruthie'],
  ['georg', 'schorsch', 'jörg', 'george', 'jurgen', 'geo'],
];

const nicknameIndex: Map<string, Set<number>> = (() => {
  const index = new Map<string, Set<number>>();
  nicknameGroups.forEach((group, i) => {
    for (const name of group) {
      const key = foldKey(name);
      const groups = index.get(key) ?? new Set<number>();
      groups.add(i);
      index.set(key, groups);
    }
  });
  return index;
})();

/** Whether two folded first names are known forms of the same name. */
export function sameNickname(a: string, b: string): boolean {
  if (!a || !b || a === b) return false;
  const ga = nicknameIndex.get(a);
  const gb = nicknameIndex.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

/** The first of several given names (`Hans-Peter` → `hans`, kept whole as well by callers). */
export function firstGivenName(value: string | null | undefined): string {
  return foldWords(value)[0] ?? '';
}

const streetSuffixes: Array<[RegExp, string]> = [
  [/(strasse|strase|str)$/, 'str'],
  [/(platz|pl)$/, 'pl'],
  [/(allee)$/, 'al'],
  [/(weg)$/, 'wg'],
  [/(gasse)$/, 'gs'],
  [/(street|st)$/, 'st'],
  [/(road|rd)$/, 'rd'],
  [/(avenue|ave|av)$/, 'av'],
];

/** A street as a comparable key: folded, the common endings (`Straße`, `Str.`) unified, numbers apart. */
export function streetParts(street: string | null | undefined): { name: string; number: string } {
  if (!street) return { name: '', number: '' };
  let parts = streetCache.get(street);
  if (parts === undefined) {
    parts = Object.freeze(streetUncached(street));
    remember(streetCache, street, parts);
  }
  return parts;
}

function streetUncached(street: string): { name: string; number: string } {
  const folded = street.toLowerCase().replace(/ß/g, 'ss');
  // A letter after the number belongs to it (`5a`, `5 a`), not the first letter of a word
  // (`26 Lancehill Avenue`).
  const numberMatch = folded.match(/\d+(?:\s*[a-z]\b)?(?:\s*[-/]\s*\d+(?:\s*[a-z]\b)?)?/);
  const number = numberMatch ? numberMatch[0].replace(/\s+/g, '') : '';
  const words = foldWords(folded.replace(/\d+\s*[a-z]?\b/g, ' '));
  let name = words.join('');
  for (const [pattern, replacement] of streetSuffixes) {
    if (pattern.test(name)) {
      name = name.replace(pattern, replacement);
      break;
    }
  }
  return { name, number };
}

/**
 * Legal forms, longest first, as folded word sequences: they say nothing about which
 * company it is (`Müller GmbH` and `Müller GmbH & Co. KG` are the same name).
 */
const legalForms: string[][] = [
  ['gmbh', 'co', 'kgaa'],
  ['gmbh', 'co', 'kg'],
  ['gmbh', 'und', 'co', 'kg'],
  ['ag', 'co', 'kg'],
  ['ug', 'haftungsbeschrankt', 'co', 'kg'],
  ['ug', 'haftungsbeschrankt'],
  ['gesellschaft', 'mit', 'beschrankter', 'haftung'],
  ['gesellschaft', 'burgerlichen', 'rechts'],
  ['gbr'],
  ['gmbh'],
  ['ggmbh'],
  ['mbh'],
  ['ag'],
  ['kgaa'],
  ['kg'],
  ['ohg'],
  ['ug'],
  ['ek'],
  ['e', 'k'],
  ['ekfm'],
  ['ekfr'],
  ['ev'],
  ['e', 'v'],
  ['eg'],
  ['e', 'g'],
  ['se'],
  ['partg'],
  ['partgmbb'],
  ['ltd'],
  ['limited'],
  ['llc'],
  ['inc'],
  ['incorporated'],
  ['corp'],
  ['corporation'],
  ['plc'],
  ['llp'],
  ['lp'],
  ['co'],
  ['company'],
  ['sa'],
  ['sarl'],
  ['sas'],
  ['bv'],
  ['nv'],
  ['srl'],
  ['spa'],
  ['ab'],
  ['as'],
  ['oy'],
  ['kft'],
  ['sro'],
];
const fillerWords = new Set(['und', 'and', 'the', 'der', 'die', 'das']);

/** A company name's words without legal forms and filler words. */
export function companyWords(name: string | null | undefined): string[] {
  if (!name) return [];
  let words = foldWords(name.replace(/&/g, ' und '));
  // Legal forms are stripped from the end, repeatedly (`… GmbH & Co. KG`), and standing alone in the middle.
  let changed = true;
  while (changed && words.length > 1) {
    changed = false;
    for (const form of legalForms) {
      if (form.length <= words.length - 1 && form.every((w, i) => words[words.length - form.length + i] === w)) {
        words = words.slice(0, words.length - form.length);
        while (words.length > 1 && fillerWords.has(words[words.length - 1])) words = words.slice(0, -1);
        changed = true;
        break;
      }
    }
  }
  return words.filter((w) => !fillerWords.has(w));
}

/** The comparable key of a company name: its words without legal form, joined. */
export function companyKey(name: string | null | undefined): string {
  return companyWords(name).join('');
}

/**
 * Mail providers whose domain says nothing about who owns the address: two people at
 * gmail.com are no more alike than two people anywhere.
 */
export const freeMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'web.de',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  't-online.de',
  'freenet.de',
  'arcor.de',
  'yahoo.com',
  'yahoo.de',
  'ymail.com',
  'hotmail.com',
  'hotmail.de',
  'outlook.com',
  'outlook.de',
  'live.com',
  'live.de',
  'msn.com',
  'aol.com',
  'aol.de',
  'icloud.com',
  'me.com',
  'mac.com',
  'posteo.de',
  'mailbox.org',
  'protonmail.com',
  'proton.me',
  'online.de',
  'email.de',
  'kabelmail.de',
  'vodafone.de',
  'bluewin.ch',
  'a1.net',
  'aon.at',
  'mail.de',
  'unitybox.de',
  'versanet.de',
  'ewetel.net',
  'htp-tel.de',
  'osnanet.de',
  'netcologne.de',
  'mail.ru',
  'yandex.ru',
]);

/** An email for comparing: lower case, trimmed, without a `+tag`. */
export function normalEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  return lower.slice(0, at).replace(/\+.*$/, '') + lower.slice(at);
}

export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/** The domain that tells which organisation it is, or '' for free-mail and malformed ones. */
export function organisationDomain(emailOrUrl: string | null | undefined): string {
  if (!emailOrUrl) return '';
  let host = emailOrUrl.trim().toLowerCase();
  if (host.includes('@')) host = emailDomain(host);
  else
    host = host
      .replace(/^[a-z]+:\/\//, '')
      .replace(/[/?#:].*$/, '')
      .replace(/^www\./, '');
  if (!host.includes('.') || freeMailDomains.has(host)) return '';
  return host;
}

export interface PhoneInfo {
  e164: string;
  /** A mobile number belongs to one person; a landline may be a household's or an office's. */
  mobile: boolean;
}

export function phoneInfo(number: string, defaultCountry = 'DE'): PhoneInfo | null {
  const parsed = parsePhoneNumberFromString(number.replace(/^00/, '+'), defaultCountry as CountryCode);
  if (!parsed?.isPossible()) return null;
  const type = parsed.getType();
  return { e164: parsed.number, mobile: type === 'MOBILE' };
}
