// A report's numbers as a table: the chart's accessible fallback and the "table" chart.
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportResult } from '../../../contract/reports.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { columnLabel, groupLabel, measureLabel } from './reportFormat.ts';

export function ReportTable({ result, caption }: { result: ReportResult; caption: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Table striped withTableBorder fz="sm" data-testid="report-table">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {result.columns.map((c) => (
            <Table.Th key={c.key} scope="col" style={{ textAlign: c.fn || c.kind === 'money' ? 'right' : undefined }}>
              {columnLabel(c, t)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {result.rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={result.columns.length}>{t('reports.noRows')}</Table.Td>
          </Table.Tr>
        )}
        {result.rows.map((row, i) => (
          // Rows have no id of their own: their groups are their key, and they never reorder.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Table.Tr key={i}>
            {result.columns.map((c, j) =>
              c.key.startsWith('group') ? (
                <Table.Th key={c.key} scope="row" fw={400}>
                  {groupLabel(c, row[j], result.labels, locale, t)}
                </Table.Th>
              ) : (
                <Table.Td key={c.key} style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                  {measureLabel(c, row[j], locale)}
                </Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
