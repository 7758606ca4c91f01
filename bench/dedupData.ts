// Generated German contacts for the duplicate matcher's benchmark, with the frequencies real
// CRM data has: a few very common surnames (Müller, Schmidt, …, from the demo's lists) and a
// long tail of rarer ones, common first names far more often than rare ones, about eight
// thousand postal codes, landlines shared by a household, mobiles and unique email
// addresses. One record in twenty is a variant of an earlier person (a typo, the umlaut
// spelled out, first and last name swapped, a nickname, a new email address, a move); about
// one in twenty-five is the partner of an earlier person: same surname, address and landline,
// a different first name, and NOT a duplicate. Every record carries its person in `source`
// (`p123`), so the benchmark can count precision and recall on it. Rows go in by COPY with the
// match-key index dropped and rebuilt once, the way the demo loader loads in bulk.
import pg from 'pg';
import { array, copyInto, json, line, NULL, text } from '../src/server/modules/demo/demo.copy.ts';
import {
  germanCities,
  germanFemaleFirst,
  germanLast,
  germanMaleFirst,
  internationalFemaleFirst,
  internationalLast,
  internationalMaleFirst,
  privateMailDomains,
  streets as demoStreets,
} from '../src/server/modules/demo/demo.names.ts';
import { Rand } from '../src/server/modules/demo/demo.random.ts';
import { newId } from '../src/server/platform/db/records.ts';
import type { CandidateInput } from '../src/server/modules/duplicates/index.ts';

/** Long forms and a German short form of each: what the nickname variants use. */
const nicknames: ReadonlyArray<readonly [string, string]> = [
  ['Johannes', 'Hans'],
  ['Josef', 'Sepp'],
  ['Ulrich', 'Uli'],
  ['Katharina', 'Kathi'],
  ['Elisabeth', 'Lisa'],
  ['Stefanie', 'Steffi'],
  ['Wilhelm', 'Willi'],
  ['Friedrich', 'Fritz'],
  ['Heinrich', 'Heinz'],
  ['Nikolaus', 'Klaus'],
  ['Gabriele', 'Gabi'],
  ['Alexander', 'Alex'],
  ['Christian', 'Chris'],
  ['Bernhard', 'Bernd'],
  ['Anton', 'Toni'],
  ['Margarete', 'Grete'],
];
const nicknameOf = new Map(nicknames.map(([long, short]) => [long, short]));

/** Weights falling with rank, like name frequencies do (a Zipf law with an offset). */
function ranked<T>(list: readonly T[], offset: number): Array<readonly [T, number]> {
  return list.map((item, rank) => [item, 1 / (rank + 1 + offset)] as const);
}

/** Cumulative table for drawing from weighted items in O(log n). */
class Weighted<T> {
  private items: T[] = [];
  private cumulative: number[] = [];
  private total = 0;

  constructor(groups: Array<{ share: number; items: Array<readonly [T, number]> }>) {
    for (const group of groups) {
      const sum = group.items.reduce((s, [, w]) => s + w, 0);
      for (const [item, w] of group.items) {
        this.total += (group.share * w) / sum;
        this.items.push(item);
        this.cumulative.push(this.total);
      }
    }
  }

  draw(r: Rand): T {
    const x = r.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo];
  }
}

// The tail of rarer surnames: compounds the way many German surnames are built.
const stems = [
  'Hof',
  'Stein',
  'Brück',
  'Wald',
  'Linden',
  'Kirch',
  'Berg',
  'Eich',
  'Rosen',
  'Feld',
  'Lieb',
  'Grün',
  'Kalt',
  'Wart',
  'Holz',
  'Stahl',
  'Ober',
  'Nieder',
  'Bach',
  'Dorn',
  'Haber',
  'Kessel',
  'Sonnen',
  'Brunn',
  'Buch',
  'Hagen',
  'Mühl',
  'Schön',
  'Wein',
  'Korn',
  'Fried',
  'Gold',
  'Eisen',
  'Loh',
  'Rein',
  'Ried',
  'Tann',
  'Wies',
  'Burg',
  'Heil',
  'Alt',
  'Neu',
  'Groß',
  'Klein',
  'Hoch',
  'Lang',
  'Kurz',
  'Blum',
  'Dinkel',
  'Espen',
  'Fichten',
  'Hasel',
  'Kreuz',
  'Lorch',
  'Mahl',
  'Nuss',
  'Otter',
  'Pfeil',
  'Quell',
  'Rauh',
  'Sattel',
  'Tauben',
  'Ulmen',
  'Vogel',
  'Weiden',
  'Zettel',
  'Ammer',
  'Birn',
  'Dachs',
  'Erlen',
  'Föhr',
  'Gaß',
  'Hirsch',
  'Igel',
  'Kamm',
  'Lerch',
  'Marx',
  'Nagel',
];
const endings = [
  'mann',
  'er',
  'berger',
  'meier',
  'huber',
  'hoff',
  'bach',
  'hagen',
  'kamp',
  'dorf',
  'ner',
  'inger',
  'schmidt',
  'reuter',
  'wald',
  'hausen',
  'müller',
  'bauer',
  'brink',
  'eder',
  'ler',
  'gruber',
  'kötter',
  'hofer',
  'städter',
  'wieser',
  'lechner',
  'moser',
  'rieder',
  'feld',
  'stätter',
  'mayr',
  'länder',
  'holt',
  'horst',
  'beck',
  'ecker',
  'loh',
  'wirth',
  'heimer',
];
const tailLast = stems.flatMap((s) => endings.map((e) => s + e));
// And a longer tail still: Germany has some 850,000 surnames, most of them rare.
const rareLast = stems.flatMap((s, i) =>
  stems.flatMap((t, j) =>
    i === j
      ? []
      : [
          `${s}${t.toLowerCase()}${endings[(i + j) % endings.length]}`,
          `${s}${t.toLowerCase()}${endings[(i * 3 + j + 7) % endings.length]}`,
        ],
  ),
);
const streetTail = stems.flatMap((s) => [`${s}straße`, `${s}weg`, `Am ${s}hang`, `${s}allee`]);

const lastNames = new Weighted<string>([
  // The hundred most common surnames carry about an eighth of the people (as in Germany).
  { share: 0.12, items: ranked(germanLast.slice(0, 100), 10) },
  { share: 0.02, items: ranked(germanLast.slice(100), 5) },
  { share: 0.45, items: ranked(tailLast, 400) },
  { share: 0.33, items: rareLast.map((name) => [name, 1] as const) },
  { share: 0.08, items: ranked(internationalLast, 5) },
]);
const maleFirst = new Weighted<string>([
  { share: 0.85, items: ranked([...germanMaleFirst, ...nicknames.slice(0, 11).map(([long]) => long)], 8) },
  { share: 0.15, items: ranked(internationalMaleFirst, 5) },
]);
const femaleFirst = new Weighted<string>([
  {
    share: 0.85,
    items: ranked([...germanFemaleFirst, 'Katharina', 'Elisabeth', 'Stefanie', 'Gabriele', 'Margarete'], 8),
  },
  { share: 0.15, items: ranked(internationalFemaleFirst, 5) },
]);
const streetNames = new Weighted<string>([
  { share: 0.5, items: ranked(demoStreets, 10) },
  { share: 0.5, items: ranked(streetTail, 50) },
]);
const mailDomains = new Weighted<string>([{ share: 1, items: ranked(privateMailDomains, 1) }]);

interface Person {
  /** Who this is: variants share it with their original, partners do not. */
  person: number;
  first: string;
  last: string;
  female: boolean;
  street: string;
  postalCode: string;
  city: string;
  landline: string;
  mobile: string;
  email: string;
  birthday: string;
}

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^a-z]/g, '');

export interface Generated {
  /** Variants of stored people, as a create form would send them: the check while typing's probes. */
  probes: CandidateInput[];
  /** How many records of each kind went in. */
  counts: { people: number; variants: number; partners: number };
}

class People {
  private r = new Rand(20);
  readonly postcodes: Array<{ code: string; city: string; area: string }> = [];
  private usedEmails = new Set<string>();
  private usedPhones = new Set<string>();
  /** Earlier people that variants and partners are made of (the first 300,000). */
  readonly stored: Person[] = [];
  private nextPerson = 0;

  constructor() {
    const seen = new Set<string>();
    while (this.postcodes.length < 8000) {
      const code = String(this.r.int(1067, 99998)).padStart(5, '0');
      if (seen.has(code)) continue;
      seen.add(code);
      const city = germanCities[this.postcodes.length % germanCities.length];
      this.postcodes.push({ code, city: city.city, area: city.area });
    }
  }

  private digits(n: number): string {
    let s = String(this.r.int(2, 9));
    while (s.length < n) s += String(this.r.int(0, 9));
    return s;
  }

  private phone(make: () => string): string {
    for (;;) {
      const p = make();
      if (!this.usedPhones.has(p)) {
        this.usedPhones.add(p);
        return p;
      }
    }
  }

  landline(area: string): string {
    return this.phone(() => `+49${area}${this.digits(area.length <= 2 ? 8 : 7)}`);
  }

  mobile(): string {
    return this.phone(() => `+4917${this.r.int(0, 9)}${this.digits(7)}`);
  }

  email(first: string, last: string): string {
    const r = this.r;
    const f = fold(first);
    const l = fold(last.split(/[\s-]/).pop() ?? last);
    const domain = r.chance(0.7) ? mailDomains.draw(r) : `${fold(lastNames.draw(r))}-${r.int(1, 999)}.de`;
    const local = r.pick([`${f}.${l}`, `${f[0]}.${l}`, `${f}${l}`, `${l}.${f}`, `${f}_${l}`]);
    for (let n = 0; ; n++) {
      const address = `${local}${n === 0 ? '' : n < 3 ? r.int(1, 99) : r.int(100, 99999)}@${domain}`;
      if (!this.usedEmails.has(address)) {
        this.usedEmails.add(address);
        return address;
      }
    }
  }

  birthday(): string {
    const r = this.r;
    return `${r.int(1940, 2004)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  }

  address(): Pick<Person, 'street' | 'postalCode' | 'city'> & { area: string } {
    const pc = this.r.pick(this.postcodes);
    return {
      street: `${streetNames.draw(this.r)} ${this.r.int(1, 140)}`,
      postalCode: pc.code,
      city: pc.city,
      area: pc.area,
    };
  }

  fresh(): Person {
    const r = this.r;
    const female = r.chance(0.5);
    const first = (female ? femaleFirst : maleFirst).draw(r);
    const last = lastNames.draw(r);
    const home = this.address();
    return {
      person: this.nextPerson++,
      first,
      last,
      female,
      street: home.street,
      postalCode: home.postalCode,
      city: home.city,
      landline: r.chance(0.55) ? this.landline(home.area) : '',
      mobile: r.chance(0.7) ? this.mobile() : '',
      email: r.chance(0.85) ? this.email(first, last) : '',
      birthday: r.chance(0.25) ? this.birthday() : '',
    };
  }

  /** The partner of `p`: same household, another person. */
  partner(p: Person): Person {
    const r = this.r;
    const female = !p.female;
    let first = (female ? femaleFirst : maleFirst).draw(r);
    while (first === p.first) first = (female ? femaleFirst : maleFirst).draw(r);
    if (!p.landline) p.landline = this.landline(this.postcodes.find((x) => x.code === p.postalCode)?.area ?? '30');
    return {
      ...p,
      person: this.nextPerson++,
      first,
      female,
      mobile: r.chance(0.7) ? this.mobile() : '',
      email: r.chance(0.8) ? this.email(first, p.last) : '',
      birthday: r.chance(0.25) ? this.birthday() : '',
    };
  }

  /** The same person entered again, one or two things different. */
  variant(p: Person): Person {
    const r = this.r;
    const v = { ...p };
    const typo = (s: string) => {
      if (s.length < 4) return s;
      const i = r.int(1, s.length - 2);
      return r.chance(0.5) ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + s.slice(i + 1);
    };
    const spelled = (s: string) =>
      s
        .replace(/ä/g, 'ae')
        .replace(/ö/g, 'oe')
        .replace(/ü/g, 'ue')
        .replace(/ß/g, 'ss')
        .replace(/Ä/g, 'Ae')
        .replace(/Ö/g, 'Oe')
        .replace(/Ü/g, 'Ue');
    const changes = r.chance(0.3) ? 2 : 1;
    for (let c = 0; c < changes; c++) {
      switch (r.int(0, 7)) {
        case 0:
          v.last = typo(v.last);
          break;
        case 1:
          v.first = typo(v.first);
          break;
        case 2:
          v.first = spelled(v.first);
          v.last = spelled(v.last);
          v.street = spelled(v.street).replace(/stra(ss|ß)e/, 'str.');
          break;
        case 3:
          [v.first, v.last] = [v.last, v.first];
          break;
        case 4:
          v.first = nicknameOf.get(v.first) ?? v.first[0];
          break;
        case 5:
          v.email = this.email(v.first, v.last);
          break;
        case 6: {
          const home = this.address();
          Object.assign(v, { street: home.street, postalCode: home.postalCode, city: home.city });
          v.landline = '';
          break;
        }
        default:
          if (r.chance(0.5)) v.email = '';
          else v.mobile = '';
      }
    }
    return v;
  }

  draw(): { person: Person; kind: 'new' | 'variant' | 'partner' } {
    const r = this.r;
    if (this.stored.length > 1000) {
      const x = r.next();
      if (x < 0.05) return { person: this.variant(r.pick(this.stored)), kind: 'variant' };
      if (x < 0.09) {
        const p = r.pick(this.stored);
        const partner = this.partner(p);
        if (this.stored.length < 300_000) this.stored.push(partner);
        return { person: partner, kind: 'partner' };
      }
    }
    const p = this.fresh();
    if (this.stored.length < 300_000) this.stored.push(p);
    return { person: p, kind: 'new' };
  }

  pick(): Person {
    return this.r.pick(this.stored);
  }
}

const columns = [
  'workspace_id',
  'id',
  'first_name',
  'last_name',
  'emails',
  'email_list',
  'phones',
  'phone_list',
  'addresses',
  'postal_codes',
  'cities',
  'birthday',
  'source',
  'search_text',
];

function* rows(workspaceId: string, people: People, count: number, counts: Generated['counts']): Generator<string> {
  for (let i = 0; i < count; i++) {
    const { person: p, kind } = people.draw();
    counts[kind === 'new' ? 'people' : kind === 'variant' ? 'variants' : 'partners']++;
    const phones = [
      ...(p.landline ? [{ number: p.landline, e164: p.landline, label: 'Privat', primary: true }] : []),
      ...(p.mobile ? [{ number: p.mobile, e164: p.mobile, label: 'Mobil', primary: !p.landline }] : []),
    ];
    yield line([
      workspaceId,
      newId(),
      text(p.first),
      text(p.last),
      json(p.email ? [{ email: p.email, label: null, primary: true }] : []),
      array(p.email ? [p.email] : []),
      json(phones),
      array(phones.map((x) => x.e164)),
      json([{ street: p.street, postalCode: p.postalCode, city: p.city, country: 'DE', label: null, primary: true }]),
      array([p.postalCode]),
      array([p.city]),
      p.birthday || NULL,
      `p${p.person}`,
      text(`${p.first} ${p.last}`.toLowerCase()),
    ]);
  }
}

/**
 * Loads `count` generated contacts into the workspace over the owner's connection `url`:
 * triggers skipped (the benchmark needs no search words or audit), the match-key index
 * dropped and built again once at the end.
 */
export async function generateContacts(
  url: string,
  workspaceId: string,
  count: number,
  say: (line: string) => void,
): Promise<Generated> {
  const people = new People();
  const counts = { people: 0, variants: 0, partners: 0 };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query("set local maintenance_work_mem = '512MB'");
    await client.query("select set_config('farley.workspace_id', $1, true)", [workspaceId]);
    const { rows: index } = await client.query<{ definition: string }>(
      "select pg_get_indexdef('contacts_match_keys'::regclass) as definition",
    );
    await client.query('drop index contacts_match_keys');
    const started = Date.now();
    await copyInto(client, 'contacts', columns, rows(workspaceId, people, count, counts));
    // The triggers are off: each contact's row of analytics scores, which the lists join (0048).
    await client.query(
      'insert into contact_scores (workspace_id, id) select workspace_id, id from contacts where workspace_id = $1 on conflict do nothing',
      [workspaceId],
    );
    say(`  copied ${count.toLocaleString('en')} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const t = Date.now();
    await client.query(index[0].definition);
    say(`  match-key index built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
  const probes: CandidateInput[] = [];
  for (let i = 0; i < 500; i++) {
    const p = people.variant(people.pick());
    probes.push({
      firstName: p.first,
      lastName: p.last,
      emails: p.email ? [p.email] : [],
      phones: [p.landline, p.mobile].filter((x) => x),
      addresses: [{ street: p.street, postalCode: p.postalCode, city: p.city }],
      birthday: p.birthday || null,
    });
  }
  return { probes, counts };
}
