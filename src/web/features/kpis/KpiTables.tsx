// The tables of the sales KPIs: the open pipeline per stage, stage conversion and time in
// stage, and the figures per owner or per team. Shares come with a bar, the table is the chart.
import { Group, Progress, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KpiGroupRow, SalesKpis } from '../../../contract/kpis.ts';
import type { KpiFormats } from './kpisFormat.ts';

/** A share as text beside a short bar. */
export function ShareBar({ value, text }: { value: number | null; text: string }) {
  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      {value !== null && <Progress value={Math.max(0, Math.min(100, value * 100))} w={60} size="sm" aria-hidden />}
      <Text size="sm" miw={44} ta="right">
        {text}
      </Text>
    </Group>
  );
}

export function PipelineTable({ kpis, f }: { kpis: SalesKpis; f: KpiFormats }) {
  const { t } = useTranslation();
  const several = new Set(kpis.pipeline.stages.map((s) => s.pipelineId)).size > 1;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table fz="sm" striped data-testid="kpis-pipeline">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('kpis.column.stage')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.probability')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.deals')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.amount')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.weighted')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {kpis.pipeline.stages.map((s) => (
            <Table.Tr key={s.stageId}>
              <Table.Td>{several ? `${s.pipelineName} · ${s.stageName}` : s.stageName}</Table.Td>
              <Table.Td ta="right">{f.share(s.probability / 100)}</Table.Td>
              <Table.Td ta="right">{f.count(s.deals)}</Table.Td>
              <Table.Td ta="right">{f.money(s.amount)}</Table.Td>
              <Table.Td ta="right">{f.money(s.weighted)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th>{t('kpis.total')}</Table.Th>
            <Table.Th />
            <Table.Th ta="right">{f.count(kpis.pipeline.deals)}</Table.Th>
            <Table.Th ta="right">{f.money(kpis.pipeline.amount)}</Table.Th>
            <Table.Th ta="right">{f.money(kpis.pipeline.weighted)}</Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ConversionTable({ kpis, f }: { kpis: SalesKpis; f: KpiFormats }) {
  const { t } = useTranslation();
  const several = new Set(kpis.conversion.map((s) => s.pipelineId)).size > 1;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table fz="sm" striped data-testid="kpis-conversion">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('kpis.column.stage')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.entered')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.nextRate')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.wonRate')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.stillThere')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.medianDays')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {kpis.conversion.map((s) => (
            <Table.Tr key={s.stageId}>
              <Table.Td>{several ? `${s.pipelineName} · ${s.stageName}` : s.stageName}</Table.Td>
              <Table.Td ta="right">{f.count(s.entered)}</Table.Td>
              <Table.Td>
                <ShareBar value={s.nextRate} text={f.share(s.nextRate)} />
              </Table.Td>
              <Table.Td>
                <ShareBar value={s.wonRate} text={f.share(s.wonRate)} />
              </Table.Td>
              <Table.Td ta="right">{f.count(s.stillThere)}</Table.Td>
              <Table.Td ta="right">{f.days(s.medianDays)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function GroupTable({
  rows,
  f,
  testId,
  nameless,
}: {
  rows: KpiGroupRow[];
  f: KpiFormats;
  testId: string;
  nameless: string;
}) {
  const { t } = useTranslation();
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {t('kpis.noRows')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table fz="sm" striped data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('kpis.column.name')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.openDeals')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.weighted')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.wonLost')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.winRate')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.wonAmount')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.averageDeal')}</Table.Th>
            <Table.Th ta="right">{t('kpis.column.cycle')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id ?? 'none'}>
              <Table.Td>{r.name ?? nameless}</Table.Td>
              <Table.Td ta="right">{f.count(r.pipeline.deals)}</Table.Td>
              <Table.Td ta="right">{f.money(r.pipeline.weighted)}</Table.Td>
              <Table.Td ta="right">
                {f.count(r.outcomes.won)} / {f.count(r.outcomes.lost)}
              </Table.Td>
              <Table.Td>
                <ShareBar value={r.outcomes.winRate} text={f.share(r.outcomes.winRate)} />
              </Table.Td>
              <Table.Td ta="right">{f.money(r.outcomes.wonAmount)}</Table.Td>
              <Table.Td ta="right">{f.money(r.outcomes.averageDealSize)}</Table.Td>
              <Table.Td ta="right">{f.days(r.outcomes.cycleMedianDays)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
