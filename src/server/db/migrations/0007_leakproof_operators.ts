// Row-level security lets PostgreSQL use an index for a condition only if the condition's
// function is LEAKPROOF; otherwise it must evaluate the tenant policy first and scans the
// whole table. LIKE, array containment, trigram similarity and numeric comparisons are not
// marked leakproof by default, so search, lookup, tag and city filters and keyset pages on
// amounts would read every row of every workspace. These functions reveal nothing about
// the rows they read (their only errors depend on the caller's own pattern), so Farley marks
// them leakproof. That needs a superuser; without one the migration skips this step and the
// queries stay correct, only slower (docs/architecture.md says so).
import { type Kysely, sql } from 'kysely';

const functions = [
  'pg_catalog.textlike(text, text)',
  'pg_catalog.texticlike(text, text)',
  'pg_catalog.arraycontains(anyarray, anyarray)',
  'pg_catalog.arrayoverlap(anyarray, anyarray)',
  'pg_catalog.numeric_eq(numeric, numeric)',
  'pg_catalog.numeric_ne(numeric, numeric)',
  'pg_catalog.numeric_lt(numeric, numeric)',
  'pg_catalog.numeric_le(numeric, numeric)',
  'pg_catalog.numeric_gt(numeric, numeric)',
  'pg_catalog.numeric_ge(numeric, numeric)',
  'word_similarity_op(text, text)',
  'word_similarity_commutator_op(text, text)',
  'similarity_op(text, text)',
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{
    superuser: boolean;
  }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  if (!rows[0]?.superuser) return;
  for (const fn of functions) await sql.raw(`alter function ${fn} leakproof`).execute(db);
}
