// A report's chart (ECharts, loaded on first use) with its table: the table is always on the
// page for screen readers, and shown on request ("Als Tabelle"); a "number" report is one big
// number, a "table" report only the table. The chart downloads as a PNG.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Group, Stack, Switch, Text, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ChartType, ReportResult } from '../../../contract/reports.ts';
import { formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { columnLabel, groupLabel, measureLabel } from './reportFormat.ts';
import { ReportTable } from './ReportTable.tsx';

type EChartsModule = typeof import('./echarts.ts');
type Instance = ReturnType<EChartsModule['echarts']['init']>;

/** The chart's option: categories from the first grouping, series per measure or per second grouping. */
function optionOf(result: ReportResult, chart: ChartType, locale: string, t: TFunction) {
  const { columns, rows, labels } = result;
  const groups = columns.filter((c) => c.key.startsWith('group'));
  const measures = columns.filter((c) => !c.key.startsWith('group'));
  const at = (key: string) => columns.findIndex((c) => c.key === key);
  const label = (i: number, row: ReportResult['rows'][number]) => groupLabel(columns[i], row[i], labels, locale, t);
  const valueFormatter = (value: unknown) =>
    typeof value === 'number' ? measureLabel(measures[0], value, locale) : String(value ?? '');
  const tooltip = { trigger: chart === 'pie' || chart === 'funnel' ? 'item' : 'axis', valueFormatter };
  const base = { aria: { enabled: true }, tooltip, legend: { type: 'scroll', bottom: 0 }, animation: false };
  if (chart === 'pie' || chart === 'funnel') {
    const m = at(measures[0].key);
    const data = rows.map((row) => ({ name: label(0, row), value: row[m] }));
    return {
      ...base,
      series: [
        chart === 'pie'
          ? {
              type: 'pie',
              radius: ['35%', '70%'],
              bottom: 30,
              data,
              // Inside the slices: a narrow tile has no room beside them; the legend names them.
              label: {
                position: 'inside',
                formatter: (p: { percent: number }) =>
                  `${formatNumber(p.percent, locale, { maximumFractionDigits: 0 })} %`,
              },
            }
          : {
              type: 'funnel',
              data,
              sort: 'none',
              left: '5%',
              width: '90%',
              top: 10,
              bottom: 40,
              label: { position: 'inside' },
            },
      ],
    };
  }
  const categories = [...new Set(rows.map((row) => label(0, row)))];
  const type = chart === 'line' ? 'line' : 'bar';
  const axis = {
    xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => measureLabel({ ...measures[0], kind: 'number' }, v, locale) },
    },
    grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
  };
  if (groups.length === 2) {
    const m = at(measures[0].key);
    const seriesNames = [...new Set(rows.map((row) => label(1, row)))];
    const series = seriesNames.map((name) => ({
      type,
      name,
      stack: chart === 'stackedBar' ? 'total' : undefined,
      data: categories.map((category) => {
        const row = rows.find((r) => label(0, r) === category && label(1, r) === name);
        return row ? row[m] : null;
      }),
    }));
    return { ...base, ...axis, series };
  }
  return {
    ...base,
    ...axis,
    series: measures.map((measure) => ({
      type,
      name: columnLabel(measure, t),
      data: rows.map((row) => row[at(measure.key)]),
    })),
  };
}

export function ReportChart({
  result,
  chart,
  title,
  height = 320,
}: {
  result: ReportResult;
  chart: ChartType;
  title: string;
  height?: number;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [asTable, setAsTable] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const instance = useRef<Instance | null>(null);
  const drawn = chart !== 'table' && chart !== 'number' && result.rows.length > 0;
  const option = useMemo(() => (drawn ? optionOf(result, chart, locale, t) : null), [drawn, result, chart, locale, t]);

  useEffect(() => {
    if (!option || !box.current) return;
    let cancelled = false;
    const element = box.current;
    const resize = new ResizeObserver(() => instance.current?.resize());
    void import('./echarts.ts').then(({ echarts }) => {
      if (cancelled) return;
      if (instance.current && instance.current.getDom() !== element) {
        instance.current.dispose();
        instance.current = null;
      }
      instance.current ??= echarts.init(element, undefined, {
        renderer: 'canvas',
        locale: locale.startsWith('de') ? 'DE' : 'EN',
      });
      instance.current.setOption(option, true);
      resize.observe(element);
    });
    return () => {
      cancelled = true;
      resize.disconnect();
    };
  }, [option, locale]);

  useEffect(
    () => () => {
      instance.current?.dispose();
      instance.current = null;
    },
    [],
  );

  const downloadPng = () => {
    const url = instance.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = `${title || 'report'}.png`;
    link.click();
  };

  const table = <ReportTable result={result} caption={title} />;
  if (chart === 'table') return table;
  if (chart === 'number') {
    const at = result.columns.findIndex((c) => !c.key.startsWith('group'));
    const measure = result.columns[at];
    const value = result.rows[0]?.[at] ?? null;
    return (
      <Stack gap={0} data-testid="report-number">
        <Text fz={40} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {measure ? measureLabel(measure, value, locale) : '–'}
        </Text>
        {measure && (
          <Text size="sm" c="dimmed">
            {columnLabel(measure, t)}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      {result.rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('reports.noRows')}
        </Text>
      ) : (
        <div
          ref={box}
          role="img"
          aria-label={t('reports.chartLabel', { title })}
          data-testid="report-chart"
          style={{ width: '100%', height, display: asTable ? 'none' : undefined }}
        />
      )}
      {asTable ? table : <VisuallyHidden>{table}</VisuallyHidden>}
      <Group justify="space-between">
        <Switch
          size="xs"
          label={t('reports.showTable')}
          checked={asTable}
          onChange={(e) => setAsTable(e.currentTarget.checked)}
          data-testid="report-show-table"
        />
        {drawn && !asTable && (
          <Button size="compact-xs" variant="subtle" onClick={downloadPng} data-testid="report-png">
            {t('reports.png')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
