// One rule for a person's name: the SQL the server reads names with (personNameSql) writes
// every name exactly as the contract's personName does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { personName } from '../../../contract/names.ts';
import { harness, type Harness } from '../../testing/harness.ts';
import { personNameSql } from './names.ts';

let h: Harness;

before(async () => {
  h = await harness();
});
after(() => h.close());

type Person = { salutation: string | null; title: string | null; firstName: string | null; lastName: string | null };
const person = (
  salutation: string | null,
  title: string | null,
  firstName: string | null,
  lastName: string | null,
) => ({
  salutation,
  title,
  firstName,
  lastName,
});

const people: Array<[Person, string]> = [
  [person('Frau', 'Dr.', 'Ida', 'Name'), 'Frau Dr. Ida Name'],
  [person('Herr', null, 'Björn', 'Äbelmann'), 'Herr Björn Äbelmann'],
  [person(null, 'Prof. Dr.', 'Klara', 'Schröder'), 'Prof. Dr. Klara Schröder'],
  [person(null, null, 'Anna', 'Müller'), 'Anna Müller'],
  [person('Frau', null, null, 'Weiß'), 'Frau Weiß'],
  [person(null, null, null, 'Weggeräumt'), 'Weggeräumt'],
  [person('', '', '', 'Leer'), 'Leer'],
  [person(null, 'Dr.', '', 'Öztürk'), 'Dr. Öztürk'],
  [person(null, null, null, null), ''],
];

async function sqlName(p: Person): Promise<string> {
  const { rows } = await sql<{ name: string }>`select ${personNameSql('c')} as name from (values (
      ${p.salutation}::text, ${p.title}::text, ${p.firstName}::text, ${p.lastName}::text
    )) as c(salutation, title, first_name, last_name)`.execute(h.ctx.db.owner);
  return rows[0]!.name;
}

test('a person is named salutation, title, first and last name, the empty parts left out', () => {
  for (const [p, expected] of people) assert.equal(personName(p), expected);
});

test('the database names a person exactly as the web app does', async () => {
  for (const [p] of people) assert.equal(await sqlName(p), personName(p), JSON.stringify(p));
});
