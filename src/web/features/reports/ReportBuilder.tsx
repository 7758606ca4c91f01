// The controls of a report: what to count (record type), which records (the lists' filter
// builder), by what (one or two groupings, dates by period), which numbers (measures), how
// to show them (chart) and which date a dashboard's range applies to. Only what fits is
// offered: number fields to measure, groupable fields to group by, charts for the groupings.
import { useCallback } from 'react';
import { ActionIcon, Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  chartTypes,
  dateBuckets,
  measureFunctions,
  reportTypes,
  type ChartType,
  type ReportDefinition,
  type ReportFieldInfo,
} from '../../../contract/reports.ts';
import { FilterBuilder, FilterChips, type Choice } from '../lists/FilterBuilder.tsx';
import { useCellContext } from '../lists/cellContext.ts';
import type { FieldMeta, Filter } from '../lists/listTypes.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { fieldLabel } from './reportFormat.ts';

/** Charts by how many groupings they draw. */
export function chartsFor(groups: number): ChartType[] {
  return chartTypes.filter((chart) => {
    if (chart === 'number') return groups === 0;
    if (chart === 'table') return true;
    if (chart === 'stackedBar') return groups === 2;
    if (chart === 'pie' || chart === 'funnel') return groups === 1;
    return groups >= 1;
  });
}

const userFields = new Set(['ownerId', 'assigneeId', 'authorId']);
const noPickers = {};
const common: string[] = [];

export function ReportBuilder({
  definition,
  fields,
  onChange,
}: {
  definition: ReportDefinition;
  fields: ReportFieldInfo[];
  onChange(definition: ReportDefinition): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useCallback((name: string) => fieldLabel(name, t), [t]);
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, locale);
  const options = (list: ReportFieldInfo[]) => list.map((f) => ({ value: f.name, label: label(f.name) })).sort(byLabel);
  const groupable = options(fields.filter((f) => f.groupable));
  const measurable = options(fields.filter((f) => f.measurable));
  const dated = options(fields.filter((f) => f.date));
  const isDate = (name: string | undefined) => fields.find((f) => f.name === name)?.date ?? false;

  const { context, userChoices, stageChoices } = useCellContext(definition.type === 'deals');
  const choices = useCallback(
    (field: FieldMeta): Choice[] | null =>
      userFields.has(field.name) ? userChoices : field.name === 'stageId' ? stageChoices : null,
    [userChoices, stageChoices],
  );
  const metas = fields as FieldMeta[];
  const setFilters = useCallback((filters: Filter[]) => onChange({ ...definition, filters }), [definition, onChange]);

  const setGroups = (groups: ReportDefinition['groups']) => {
    const charts = chartsFor(groups.length);
    onChange({ ...definition, groups, chart: charts.includes(definition.chart) ? definition.chart : charts[0] });
  };
  const setGroup = (i: number, field: string | null) => {
    const groups = [...definition.groups];
    if (!field) groups.splice(i, 1);
    else groups[i] = { field, ...(isDate(field) ? { bucket: groups[i]?.bucket ?? 'month' } : {}) };
    setGroups(groups.filter(Boolean));
  };
  const setMeasure = (i: number, fn: string | null, field: string | null) => {
    const measures = [...definition.measures];
    const f = (fn ?? 'count') as ReportDefinition['measures'][number]['fn'];
    measures[i] = f === 'count' ? { fn: f } : { fn: f, field: field ?? measurable[0]?.value };
    onChange({ ...definition, measures });
  };

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('reports.builder.type')}
          data={reportTypes.map((type) => ({ value: type, label: t(`reports.types.${type}`) }))}
          value={definition.type}
          allowDeselect={false}
          onChange={(type) =>
            type &&
            onChange({
              type: type as ReportDefinition['type'],
              filters: [],
              groups: [],
              measures: [{ fn: 'count' }],
              chart: 'number',
              dateField: null,
            })
          }
          data-testid="report-type"
        />
        <Select
          label={t('reports.builder.dateField')}
          description={t('reports.builder.dateFieldHint')}
          data={dated}
          value={definition.dateField ?? null}
          clearable
          onChange={(dateField) => onChange({ ...definition, dateField })}
          data-testid="report-date-field"
        />
      </SimpleGrid>

      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('reports.builder.filters')}
        </Text>
        <Group gap="xs">
          <FilterBuilder
            onOpen={() => {}}
            fields={metas}
            filters={definition.filters as Filter[]}
            onChange={setFilters}
            fieldLabel={label}
            choices={choices}
            context={context}
            common={common}
            pickers={noPickers}
          />
        </Group>
        <FilterChips
          fields={metas}
          filters={definition.filters as Filter[]}
          onChange={setFilters}
          fieldLabel={label}
          choices={choices}
          context={context}
        />
      </div>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {[0, 1].map((i) =>
          i > definition.groups.length ? null : (
            <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
              <Select
                style={{ flex: 1 }}
                label={t(i === 0 ? 'reports.builder.groupBy' : 'reports.builder.thenBy')}
                placeholder={t('reports.builder.noGrouping')}
                data={groupable.filter((g) => g.value !== definition.groups[1 - i]?.field)}
                value={definition.groups[i]?.field ?? null}
                searchable
                clearable
                onChange={(field) => setGroup(i, field)}
                data-testid={`report-group-${i}`}
              />
              {definition.groups[i] && isDate(definition.groups[i].field) && (
                <Select
                  w={130}
                  aria-label={t('reports.builder.bucket')}
                  data={dateBuckets.map((b) => ({ value: b, label: t(`reports.bucket.${b}`) }))}
                  value={definition.groups[i].bucket ?? 'month'}
                  allowDeselect={false}
                  onChange={(bucket) => {
                    const groups = [...definition.groups];
                    groups[i] = { ...groups[i], bucket: (bucket ?? 'month') as (typeof dateBuckets)[number] };
                    setGroups(groups);
                  }}
                  data-testid={`report-bucket-${i}`}
                />
              )}
            </Group>
          ),
        )}
      </SimpleGrid>

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('reports.builder.measures')}
        </Text>
        {definition.measures.map((measure, i) => (
          // Measures have no id; their position is who they are.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Group key={i} gap="xs" wrap="nowrap">
            <Select
              w={160}
              aria-label={t('reports.builder.function')}
              data={measureFunctions
                .filter((fn) => fn === 'count' || measurable.length > 0)
                .map((fn) => ({ value: fn, label: t(`reports.fn.${fn}`) }))}
              value={measure.fn}
              allowDeselect={false}
              onChange={(fn) => setMeasure(i, fn, measure.field ?? null)}
              data-testid={`report-measure-fn-${i}`}
            />
            {measure.fn !== 'count' && (
              <Select
                style={{ flex: 1 }}
                aria-label={t('reports.builder.measureField')}
                data={measurable}
                value={measure.field ?? null}
                allowDeselect={false}
                onChange={(field) => setMeasure(i, measure.fn, field)}
                data-testid={`report-measure-field-${i}`}
              />
            )}
            {definition.measures.length > 1 && (
              <ActionIcon
                variant="subtle"
                aria-label={t('reports.builder.removeMeasure')}
                onClick={() => onChange({ ...definition, measures: definition.measures.filter((_, j) => j !== i) })}
              >
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        {definition.measures.length < 4 && (
          <Button
            variant="subtle"
            size="compact-sm"
            w="fit-content"
            onClick={() => onChange({ ...definition, measures: [...definition.measures, { fn: 'count' }] })}
            data-testid="report-add-measure"
          >
            {t('reports.builder.addMeasure')}
          </Button>
        )}
      </Stack>

      <Select
        label={t('reports.builder.chart')}
        data={chartsFor(definition.groups.length).map((chart) => ({
          value: chart,
          label: t(`reports.charts.${chart}`),
        }))}
        value={definition.chart}
        allowDeselect={false}
        onChange={(chart) => chart && onChange({ ...definition, chart: chart as ChartType })}
        data-testid="report-chart-type"
      />
    </Stack>
  );
}
