// The newest analytics run's results as list columns and filter fields of contacts and
// companies ("A customers with P(alive) under 50 %", sorted by lifetime value).
import { Badge } from '@mantine/core';
import { rfmSegments } from '../../../contract/analytics.ts';
import { formatNumber } from '../../ui/format.ts';
import { col } from '../lists/columns.tsx';
import type { ColumnDef, ResourceConfig } from '../lists/listTypes.ts';

export const abcColor = { A: 'green', B: 'yellow', C: 'gray' } as const;

/** Red below a one-in-two chance, orange below four in five. */
export const aliveColor = (p: number) => (p < 0.5 ? 'red' : p < 0.8 ? 'orange' : 'green');

const isAbc = (value: unknown): value is keyof typeof abcColor => value === 'A' || value === 'B' || value === 'C';

/** An amount in the run's currency (the workspace's), with its cents. */
const amount = (value: unknown, locale: string) =>
  typeof value === 'string'
    ? formatNumber(Number(value), locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : null;

export const analyticsColumns: ColumnDef[] = [
  col('abcClass', 120, {
    render: (record) =>
      isAbc(record.abcClass) ? (
        <Badge color={abcColor[record.abcClass]} variant="filled" size="sm">
          {record.abcClass}
        </Badge>
      ) : null,
  }),
  col('rfmSegment', 170),
  col('pAlive', 110, {
    render: (record, context) =>
      typeof record.pAlive === 'number' ? (
        <Badge color={aliveColor(record.pAlive)} variant="light" size="sm">
          {formatNumber(record.pAlive, context.locale, { style: 'percent', maximumFractionDigits: 0 })}
        </Badge>
      ) : null,
  }),
  col('clv', 150, { render: (record, context) => amount(record.clv, context.locale) }),
  col('windowRevenue', 150, { render: (record, context) => amount(record.windowRevenue, context.locale) }),
  col('churnSignal', 140),
];

export const analyticsFieldMetas: ResourceConfig['fields'] = [
  { name: 'abcClass', kind: 'enum', values: ['A', 'B', 'C'], nullable: true },
  { name: 'rfmSegment', kind: 'enum', values: rfmSegments, nullable: true },
  { name: 'pAlive', kind: 'decimal', nullable: true },
  { name: 'clv', kind: 'decimal', nullable: true },
  { name: 'windowRevenue', kind: 'decimal', nullable: true },
  { name: 'churnSignal', kind: 'enum', values: ['overdue', 'falling'], nullable: true },
];
