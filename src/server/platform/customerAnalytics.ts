// The newest analytics run's results for contacts and companies (migration 0042, in tables of
// their own since 0048, which the lists read through `contacts_listed` and `companies_listed`):
// list fields, so lists filter and sort by them, and how the API shows them. The analytics
// module writes them; the two record modules only read them.
import { rfmSegments } from '../../contract/analytics.ts';
import type { Db } from './db/database.ts';
import type { Fields } from './http/listing.ts';
import type { Row } from './presenting.ts';

export const analyticsListFields: Fields = {
  abcClass: { column: 'abc_class', kind: 'enum', values: ['A', 'B', 'C'], nullable: true },
  rfmSegment: { column: 'rfm_segment', kind: 'enum', values: rfmSegments, nullable: true },
  pAlive: { column: 'p_alive', kind: 'decimal', nullable: true },
  clv: { column: 'clv', kind: 'decimal', nullable: true },
  churnSignal: { column: 'churn_signal', kind: 'enum', values: ['overdue', 'falling'], nullable: true },
  windowRevenue: { column: 'window_revenue', kind: 'decimal', nullable: true },
};

/** The columns, for reads that name what they select. */
export const analyticsColumns = [
  'abc_class',
  'rfm_segment',
  'p_alive',
  'clv',
  'churn_signal',
  'window_revenue',
] as const;

export type Scores = Pick<Row<'contact_scores'>, (typeof analyticsColumns)[number]>;

/** A customer the newest run does not hold (or a new one). */
export const noScores: Scores = {
  abc_class: null,
  rfm_segment: null,
  p_alive: null,
  clv: null,
  churn_signal: null,
  window_revenue: null,
};

/** Each record table's table of scores: every record has its row (migration 0048). */
export const scoreTables = { contacts: 'contact_scores', companies: 'company_scores' } as const;

/** A record as written (insert, update, restore) with its scores beside it, as the lists show it. */
export async function withScores<R extends { id: string }>(
  tx: Db,
  table: keyof typeof scoreTables,
  row: R,
): Promise<R & Scores> {
  const scores = await tx
    .selectFrom(scoreTables[table])
    .select(analyticsColumns)
    .where('id', '=', row.id)
    .executeTakeFirst();
  return { ...row, ...(scores ?? noScores) };
}

type RfmSegment = (typeof rfmSegments)[number];
const isSegment = (value: string | null): value is RfmSegment => rfmSegments.some((segment) => segment === value);

export function presentAnalyticsFields(row: Scores) {
  return {
    abcClass: row.abc_class,
    rfmSegment: isSegment(row.rfm_segment) ? row.rfm_segment : null,
    pAlive: row.p_alive === null ? null : Number(row.p_alive),
    clv: row.clv,
    churnSignal: row.churn_signal,
    windowRevenue: row.window_revenue,
  };
}
