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

type Entry = { primary?: boolean } & ({ email: string } | { number: string; e164?: string | null });
type Person = {
  salutation: string | null;
  title: string | null;
  firstName: string | null;
  lastName: string | null;
  emails: Array<{ email: string; primary?: boolean }>;
  phones: Array<{ number: string; e164?: string | null; primary?: boolean }>;
};
const person = (
  salutation: string | null,
  title: string | null,
  firstName: string | null,
  lastName: string | null,
  reach: Entry[] = [],
): Person => ({
  salutation,
  title,
  firstName,
  lastName,
  emails: reach.filter((e): e is Extract<Entry, { email: string }> => 'email' in e),
  phones: reach.filter((e): e is Extract<Entry, { number: string }> => 'number' in e),
});
const mail = (email: string, primary?: boolean) => ({ email, ...(primary === undefined ? {} : { primary }) });
const phone = (number: string, primary?: boolean) => ({
  number,
  e164: null,
  ...(primary === undefined ? {} : { primary }),
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
  // A name wins over email and phone; a salutation or title alone is no name.
  [person(null, null, 'Ida', '', [mail('ida@example.de')]), 'Ida'],
  [person('Frau', 'Dr.', null, '', [mail('b@example.de'), mail('a@example.de', true)]), 'a@example.de'],
  [person(null, null, '', '', [mail('erst@example.de', false), mail('zweit@example.de')]), 'erst@example.de'],
  [person(null, null, null, '', [phone('030 1234567'), phone('0171 2345678', true)]), '0171 2345678'],
  [person(null, null, null, '', [phone('030 1234567'), mail('post@example.de')]), 'post@example.de'],
  [person('Herr', null, null, '', [phone('+49 30 555')]), '+49 30 555'],
  [person('Herr', 'Prof.', null, ''), ''],
];

async function sqlName(p: Person): Promise<string> {
  const { rows } = await sql<{ name: string }>`select ${personNameSql('c')} as name from (values (
      ${p.salutation}::text, ${p.title}::text, ${p.firstName}::text, ${p.lastName}::text,
      ${JSON.stringify(p.emails)}::jsonb, ${JSON.stringify(p.phones)}::jsonb
    )) as c(salutation, title, first_name, last_name, emails, phones)`.execute(h.ctx.db.owner);
  return rows[0]!.name;
}

test('a person is named salutation, title, first and last name, the empty parts left out; without a name by email, else phone', () => {
  for (const [p, expected] of people) assert.equal(personName(p), expected);
});

test('the database names a person exactly as the web app does', async () => {
  for (const [p] of people) assert.equal(await sqlName(p), personName(p), JSON.stringify(p));
});
