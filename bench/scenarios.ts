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
  { name: 'get contact by id', read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/contacts/${pick(s.contactIds, n * 7919)}` }) },
  { name: 'list contacts by last name, first page', read: true,
    request: () => ({ method: 'GET', path: '/api/v1/contacts?sort=lastName&limit=50' }) },
  { name: 'list contacts by last name, 20,000 rows deep', read: true,
    request: (s) => ({ method: 'GET', path: `/api/v1/contacts?sort=lastName&limit=50&cursor=${encodeURIComponent(s.deepCursor)}` }) },
  { name: 'filtered list (city and tag)', read: true,
    request: (s) => ({ method: 'GET', path: `/api/v1/contacts?sort=lastName&limit=50&city.has=${encodeURIComponent(s.city)}&tags.has=${encodeURIComponent(s.tag)}` }) },
  { name: 'search, full text', read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(pick(s.fullNames, n))}` }) },
  { name: 'search, fuzzy (typo)', read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(pick(s.typos, n))}` }) },
  { name: 'lookup by phone', read: true,
    request: (s, n) => ({ method: 'GET', path: `/api/v1/lookup?phone=${encodeURIComponent(pick(s.phones, n))}` }) },
  { name: 'timeline of a customer with many activities', read: true,
    request: (s) => ({ method: 'GET', path: `/api/v1/contacts/${s.whale.id}/timeline?limit=50` }) },
  { name: 'create contact', read: false,
    request: (_s, n) => ({
      method: 'POST', path: '/api/v1/contacts',
      body: {
        firstName: 'Jörg', lastName: `Bänchmark ${n}`, emails: [{ email: `bench.${n}.${Date.now()}@example.de` }],
        phones: [{ number: `030 ${String(1_000_000 + n).slice(-7)}` }], tags: ['bench'],
      },
    }) },
  { name: 'update contact with If-Match', read: false,
    request: (s, n, w) => {
      const id = s.editableIds[w % s.editableIds.length];
      return {
        method: 'PATCH', path: `/api/v1/contacts/${id}`, body: { jobTitle: `Einkauf ${n}` },
        headers: { 'if-match': `"${versions.get(id) ?? s.editableVersions[w % s.editableIds.length]}"` },
        answered: (status, body) => {
          if (status === 200) versions.set(id, (JSON.parse(body) as { version: number }).version);
        },
      };
    } },
];

/** The mixed load of the soak run: mostly reads, some writes, like a working day. */
export function mixed(s: Samples, n: number, w: number): Request {
  const weights: Array<[number, number]> = [[0, 30], [1, 10], [2, 5], [3, 10], [4, 10], [5, 5], [6, 10], [7, 10], [8, 5], [9, 5]];
  let roll = (n * 2654435761) % 100;
  for (const [index, weight] of weights) {
    if (roll < weight) return scenarios[index].request(s, n, w);
    roll -= weight;
  }
  return scenarios[0].request(s, n, w);
}
