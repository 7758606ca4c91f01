// Generated German contacts for the duplicate matcher's speed benchmark: common first and last
// names, streets, postal codes, landlines and mobiles, birthdays; one in twenty a variant of an
// earlier one (umlaut spelled out, a typo, a nickname, Str. for Straße). Returns probes for the
// check while typing: variants of stored contacts, as a create form would send them.
import { sql } from 'kysely';
import type { Databases } from '../src/server/platform/db/database.ts';
import { inTenant } from '../src/server/platform/db/tenant.ts';
import { newId } from '../src/server/platform/db/records.ts';
import type { CandidateInput } from '../src/server/modules/duplicates/index.ts';
import { germanLast } from '../src/server/modules/demo/demo.names.ts';

const firstNames = [
  'Hans',
  'Peter',
  'Michael',
  'Thomas',
  'Andreas',
  'Wolfgang',
  'Klaus',
  'Jürgen',
  'Günter',
  'Stefan',
  'Christian',
  'Uwe',
  'Werner',
  'Horst',
  'Frank',
  'Dieter',
  'Manfred',
  'Gerhard',
  'Bernd',
  'Sebastian',
  'Alexander',
  'Maximilian',
  'Lukas',
  'Jonas',
  'Felix',
  'Leon',
  'Paul',
  'Tobias',
  'Florian',
  'Matthias',
  'Johannes',
  'Josef',
  'Friedrich',
  'Ursula',
  'Monika',
  'Petra',
  'Elisabeth',
  'Sabine',
  'Renate',
  'Helga',
  'Karin',
  'Brigitte',
  'Ingrid',
  'Erika',
  'Andrea',
  'Gabriele',
  'Gisela',
  'Claudia',
  'Susanne',
  'Christa',
  'Stefanie',
  'Katharina',
  'Anna',
  'Julia',
  'Lea',
  'Laura',
  'Sophie',
  'Marie',
  'Lena',
  'Hannah',
  'Sarah',
  'Lisa',
  'Jana',
  'Nicole',
  'Birgit',
  'Martina',
  'Jutta',
];
// The demo data's German surnames.
const lastNames = germanLast;
const streets = [
  'Hauptstraße',
  'Schulstraße',
  'Gartenstraße',
  'Bahnhofstraße',
  'Dorfstraße',
  'Bergstraße',
  'Birkenweg',
  'Lindenstraße',
  'Kirchstraße',
  'Waldstraße',
  'Ringstraße',
  'Schillerstraße',
  'Goethestraße',
  'Wiesenweg',
  'Am Markt',
  'Mühlenweg',
  'Rosenstraße',
  'Feldstraße',
  'Jahnstraße',
  'Buchenweg',
  'Friedhofstraße',
  'Ahornweg',
];
const cities = [
  'Köln',
  'München',
  'Hamburg',
  'Berlin',
  'Frankfurt am Main',
  'Stuttgart',
  'Düsseldorf',
  'Leipzig',
  'Dortmund',
  'Essen',
];

/** A small deterministic generator, so that every run measures the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  first: string;
  last: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  mobile: string;
  email: string;
  birthday: string;
}

function variant(p: Person, rnd: () => number): Person {
  const spelled = (s: string) => s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  const typo = (s: string) => {
    const i = 1 + Math.floor(rnd() * (s.length - 2));
    return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  };
  const kind = Math.floor(rnd() * 4);
  return {
    ...p,
    first: kind === 1 ? typo(p.first) : p.first,
    last: kind === 0 ? spelled(p.last) : kind === 2 ? typo(p.last) : p.last,
    street: p.street.replace('straße', 'str.'),
    email: kind === 3 ? '' : p.email,
  };
}

export async function generateContacts(
  db: Databases,
  workspaceId: string,
  count: number,
  say: (line: string) => void,
): Promise<CandidateInput[]> {
  const rnd = random(20);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const people: Person[] = [];
  const probes: CandidateInput[] = [];
  const batch = 5000;
  for (let start = 0; start < count; start += batch) {
    const rows: Person[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      let person: Person;
      if (people.length > 100 && rnd() < 0.05) person = variant(pick(people), rnd);
      else {
        const first = pick(firstNames);
        const last = pick(lastNames);
        const n = i + 1;
        person = {
          first,
          last,
          street: `${pick(streets)} ${1 + Math.floor(rnd() * 120)}`,
          postalCode: String(10000 + Math.floor(rnd() * 89999)),
          city: pick(cities),
          phone: `+49${200 + Math.floor(rnd() * 700)}${String(100000 + Math.floor(rnd() * 899999))}`,
          mobile: `+4917${Math.floor(rnd() * 10)}${String(1000000 + Math.floor(rnd() * 8999999))}`,
          email: `${first.toLowerCase()}.${last.toLowerCase()}${n}@example${n % 97}.de`.replace(/[äöüß]/g, 'x'),
          birthday: `19${50 + Math.floor(rnd() * 50)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
        };
        if (people.length < 50_000) people.push(person);
      }
      rows.push(person);
    }
    await inTenant(db.app, { workspaceId }, async (tx) => {
      await sql`select set_config('statement_timeout', '0', true)`.execute(tx);
      await sql`insert into contacts (workspace_id, id, first_name, last_name, emails, email_list, phones, phone_list,
          addresses, postal_codes, cities, birthday, search_text)
        select ${workspaceId}::uuid, id, f, l, e, array(select jsonb_array_elements_text(el)), p,
               array(select jsonb_array_elements_text(pl)), a, array[pc], array[c], b, lower(f || ' ' || l)
          from unnest(${rows.map(() => newId())}::uuid[], ${rows.map((r) => r.first)}::text[], ${rows.map((r) => r.last)}::text[],
            ${rows.map((r) => JSON.stringify(r.email ? [{ email: r.email, label: null, primary: true }] : []))}::jsonb[],
            ${rows.map((r) => JSON.stringify(r.email ? [r.email] : []))}::jsonb[],
            ${rows.map((r) =>
              JSON.stringify([
                { number: r.phone, e164: r.phone, label: null, primary: true },
                { number: r.mobile, e164: r.mobile, label: 'mobile', primary: false },
              ]),
            )}::jsonb[],
            ${rows.map((r) => JSON.stringify([r.phone, r.mobile]))}::jsonb[],
            ${rows.map((r) => JSON.stringify([{ street: r.street, postalCode: r.postalCode, city: r.city, country: 'DE', label: null, primary: true }]))}::jsonb[],
            ${rows.map((r) => r.postalCode)}::text[], ${rows.map((r) => r.city)}::text[], ${rows.map((r) => r.birthday)}::date[])
          as t(id, f, l, e, el, p, pl, a, pc, c, b)`.execute(tx);
    });
    if ((start / batch) % 20 === 19) say(`  ${(start + batch).toLocaleString('en')} contacts`);
  }
  for (let i = 0; i < 500; i++) {
    const p = variant(pick(people), rnd);
    probes.push({
      firstName: p.first,
      lastName: p.last,
      emails: p.email ? [p.email] : [],
      phones: [],
      addresses: [{ street: p.street, postalCode: p.postalCode, city: p.city }],
    });
  }
  return probes;
}
