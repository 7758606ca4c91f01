// What the benchmark measures: the requests of a CRM's daily work, each built from sample
// data of the seeded workspace (see prepare.ts), against the HTTP API.
import type { Request } from './load.ts';
import type { Samples } from './prepare.ts';

export interface Scenario {
  name: string;
  /** Reads are also timed as plain SQL (the ratio HTTP/SQL). */
  read: boolean;
  /** The request number n of worker w. */
  request(s: Samples, n: number, w: number): Request;
}

const pick = <T>(list: T[], n: number): T => list[n % list.length];

/** Each worker edits its own contact and remembers its version for If-Match. */
const versions = new Map<string, number>();

export const scenarios: Scenario[] = [
  {
    name: 'get contact by id',
    read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/contacts/${pick(s.contactIds, n * 7919)}` }),
  },
  {
    name: 'list contacts by last name, first page',
    read: true,
    request: () => ({ method: 'GET', path: '/api/v1/contacts?sort=lastName&limit=50' }),
  },
  {
    name: 'list contacts by last name, 20,000 rows deep',
    read: true,
    request: (s) => ({
      method: 'GET',
      path: `/api/v1/contacts?sort=lastName&limit=50&cursor=${encodeURIComponent(s.deepCursor)}`,
    }),
  },
  {
    name: 'filtered list (city and tag)',
    read: true,
    request: (s) => ({
      method: 'GET',
      path: `/api/v1/contacts?sort=lastName&limit=50&city.has=${encodeURIComponent(s.city)}&tags.has=${encodeURIComponent(s.tag)}`,
    }),
  },
  {
    // The list's heading asks for its total beside the first page (GET /contacts/count):
    // counted exactly up to 10,000 rows, which a million contacts always exceed.
    name: 'count contacts, whole list',
    read: true,
    request: () => ({ method: 'GET', path: '/api/v1/contacts/count' }),
  },
  {
    name: 'count contacts filtered (city and tag)',
    read: true,
    request: (s) => ({
      method: 'GET',
      path: `/api/v1/contacts/count?city.has=${encodeURIComponent(s.city)}&tags.has=${encodeURIComponent(s.tag)}`,
    }),
  },
  {
    name: 'list contacts searched by a common surname',
    read: true,
    request: (s, n) => ({
      method: 'GET',
      path: `/api/v1/contacts?limit=50&q=${encodeURIComponent(pick(s.commonSurnames, n))}`,
    }),
  },
  {
    name: 'search, full text',
    read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(pick(s.fullNames, n))}` }),
  },
  {
    name: 'search with initials (one-letter tokens)',
    read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(pick(s.initials, n))}` }),
  },
  {
    name: 'search, fuzzy (typo)',
    read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(pick(s.typos, n))}` }),
  },
  {
    name: 'lookup by phone',
    read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/lookup?phone=${encodeURIComponent(pick(s.phones, n))}` }),
  },
  {
    name: 'timeline of a customer with many activities',
    read: true,
    request: (s) => ({ method: 'GET', path: `/api/v1/contacts/${s.whale.id}/timeline?limit=50` }),
  },
  {
    name: 'create contact',
    read: false,
    request: (_s, n) => ({
      method: 'POST',
      path: '/api/v1/contacts',
      body: {
        firstName: 'Jörg',
        lastName: `Bänchmark ${n}`,
        emails: [{ email: `bench.${n}.${Date.now()}@example.de` }],
        phones: [{ number: `030 ${String(1_000_000 + n).slice(-7)}` }],
        tags: ['bench'],
      },
    }),
  },
  {
    name: 'update contact with If-Match',
    read: false,
    request: (s, n, w) => {
      const id = s.editableIds[w % s.editableIds.length];
      return {
        method: 'PATCH',
        path: `/api/v1/contacts/${id}`,
        body: { jobTitle: `Einkauf ${n}` },
        headers: { 'if-match': `"${versions.get(id) ?? s.editableVersions[w % s.editableIds.length]}"` },
        answered: (status, body) => {
          if (status === 200) versions.set(id, (JSON.parse(body) as { version: number }).version);
        },
      };
    },
  },
];

/** The mixed load of the soak run: mostly reads, some writes, like a working day (weights in percent). */
const weights: Array<[string, number]> = [
  ['get contact by id', 20],
  ['list contacts by last name, first page', 10],
  ['list contacts by last name, 20,000 rows deep', 5],
  ['filtered list (city and tag)', 5],
  ['count contacts, whole list', 3],
  ['count contacts filtered (city and tag)', 2],
  ['list contacts searched by a common surname', 10],
  ['search, full text', 10],
  ['search with initials (one-letter tokens)', 5],
  ['search, fuzzy (typo)', 5],
  ['lookup by phone', 10],
  ['timeline of a customer with many activities', 5],
  ['create contact', 5],
  ['update contact with If-Match', 5],
];
const weighted = weights.map(([name, weight]) => {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario "${name}"`);
  return [scenario, weight] as const;
});

export function mixed(s: Samples, n: number, w: number): Request {
  let roll = (n * 2654435761) % 100;
  for (const [scenario, weight] of weighted) {
    if (roll < weight) return scenario.request(s, n, w);
    roll -= weight;
  }
  return scenarios[0].request(s, n, w);
}
