// The newest analytics run's results as contacts and companies carry them (migration 0042):
// list fields, so lists filter and sort by them, and how the API shows them. The analytics
// module writes the columns; the two record modules only read them.
import { rfmSegments } from '../../contract/analytics.ts';
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

type AnalyticsColumns = Pick<Row<'contacts'>, (typeof analyticsColumns)[number]>;

type RfmSegment = (typeof rfmSegments)[number];
const isSegment = (value: string | null): value is RfmSegment => rfmSegments.some((segment) => segment === value);

export function presentAnalyticsFields(row: AnalyticsColumns) {
  return {
    abcClass: row.abc_class,
    rfmSegment: isSegment(row.rfm_segment) ? row.rfm_segment : null,
    pAlive: row.p_alive === null ? null : Number(row.p_alive),
    clv: row.clv,
    churnSignal: row.churn_signal,
    windowRevenue: row.window_revenue,
  };
}
