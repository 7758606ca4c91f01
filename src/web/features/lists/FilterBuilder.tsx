// The filter builder (field → operator → value; all conditions must hold) and the chips of
// the active filters. The value input fits the field: a select for choices, yes/no for
// booleans and "is empty", a date input for dates, text otherwise.
import { memo, useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, Paper, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CellContext, FieldMeta, Filter, FilterOp } from './listTypes.ts';
import { formatDate } from '../../ui/format.ts';

export interface Choice {
  value: string;
  label: string;
}

interface FilterBuilderProps {
  fields: FieldMeta[];
  filters: Filter[];
  onChange(filters: Filter[]): void;
  fieldLabel(name: string): string;
  /** Choices for a field that are not in its description (owners, stages). */
  choices(field: FieldMeta): Choice[] | null;
  context: CellContext;
}

function choicesOf(field: FieldMeta, props: Pick<FilterBuilderProps, 'choices' | 'context'>): Choice[] | null {
  if (field.kind === 'enum' && field.values) {
    return field.values.map((value) => ({
      value,
      label: props.context.t(`lists.values.${field.name}.${value}`, { defaultValue: value }),
    }));
  }
  return props.choices(field);
}

/** A filter's value as a person reads it. */
export function valueLabel(
  filter: Filter,
  field: FieldMeta | undefined,
  props: Pick<FilterBuilderProps, 'choices' | 'context'>,
): string {
  const { t, locale } = props.context;
  if (filter.op === 'empty') return filter.value === 'true' ? t('lists.filter.isEmpty') : t('lists.filter.notEmpty');
  if (!field) return filter.value;
  if (field.kind === 'boolean') return filter.value === 'true' ? t('lists.yes') : t('lists.no');
  if ((field.kind === 'date' || field.kind === 'timestamp') && /^\d{4}-\d{2}-\d{2}$/.test(filter.value))
    return formatDate(filter.value, locale);
  const choices = choicesOf(field, props);
  if (choices) {
    return filter.value
      .split(',')
      .map((value) => choices.find((c) => c.value === value)?.label ?? value)
      .join(', ');
  }
  return filter.value;
}

export const FilterChips = memo(function FilterChips({
  fields,
  filters,
  onChange,
  fieldLabel,
  choices,
  context,
}: FilterBuilderProps) {
  const { t } = useTranslation();
  if (filters.length === 0) return null;
  return (
    <Group gap="xs" data-testid="filter-chips" aria-label={t('lists.filter.active')} role="list">
      {filters.map((filter, index) => {
        const field = fields.find((f) => f.name === filter.field);
        const text =
          filter.op === 'empty'
            ? `${fieldLabel(filter.field)} ${valueLabel(filter, field, { choices, context })}`
            : `${fieldLabel(filter.field)} ${t(`lists.ops.${filter.op}`)} ${valueLabel(filter, field, { choices, context })}`;
        return (
          <Paper
            // biome-ignore lint/suspicious/noArrayIndexKey: two filters may be alike; the position tells them apart
            key={`${filter.field}.${filter.op}.${index}`}
            withBorder
            radius="xl"
            px="sm"
            py={2}
            role="listitem"
            data-testid="filter-chip"
          >
            <Group gap={4} wrap="nowrap">
              <Text size="sm">{text}</Text>
              <CloseButton
                size="sm"
                aria-label={t('lists.filter.remove', { filter: text })}
                onClick={() => onChange(filters.filter((_, i) => i !== index))}
              />
            </Group>
          </Paper>
        );
      })}
      <Button variant="subtle" size="compact-sm" onClick={() => onChange([])}>
        {t('lists.filter.clear')}
      </Button>
    </Group>
  );
});

/** Memoised: a page of rows arriving does not render the toolbar again. */
export const FilterBuilder = memo(function FilterBuilder(props: FilterBuilderProps & { onOpen(): void }) {
  const { fields, filters, onChange, fieldLabel } = props;
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [op, setOp] = useState<FilterOp | null>(null);
  const [value, setValue] = useState('');
  const field = fields.find((f) => f.name === fieldName);

  const reset = () => {
    setFieldName(null);
    setOp(null);
    setValue('');
  };
  const chooseField = (name: string | null) => {
    setFieldName(name);
    const next = fields.find((f) => f.name === name);
    setOp(
      next ? (next.operators.includes('eq') ? 'eq' : next.operators.includes('has') ? 'has' : next.operators[0]) : null,
    );
    setValue('');
  };
  const add = () => {
    if (!field || !op || value.trim() === '') return;
    onChange([
      ...filters.filter((f) => !(f.field === field.name && f.op === op)),
      { field: field.name, op, value: value.trim() },
    ]);
    reset();
    setOpened(false);
  };

  const choices = field ? choicesOf(field, props) : null;
  const valueInput = () => {
    if (!field || !op) return null;
    const label = t('lists.filter.value');
    if (op === 'empty' || field.kind === 'boolean') {
      const data =
        op === 'empty'
          ? [
              { value: 'true', label: t('lists.filter.isEmpty') },
              { value: 'false', label: t('lists.filter.notEmpty') },
            ]
          : [
              { value: 'true', label: t('lists.yes') },
              { value: 'false', label: t('lists.no') },
            ];
      return (
        <Select
          label={label}
          data={data}
          value={value || null}
          onChange={(v) => setValue(v ?? '')}
          comboboxProps={{ withinPortal: false }}
          data-testid="filter-value"
        />
      );
    }
    if (choices && op === 'in') {
      return (
        <MultiSelect
          label={label}
          data={choices}
          value={value ? value.split(',') : []}
          onChange={(v) => setValue(v.join(','))}
          searchable
          comboboxProps={{ withinPortal: false }}
          data-testid="filter-value"
        />
      );
    }
    if (choices) {
      return (
        <Select
          label={label}
          data={choices}
          value={value || null}
          onChange={(v) => setValue(v ?? '')}
          searchable
          comboboxProps={{ withinPortal: false }}
          data-testid="filter-value"
        />
      );
    }
    if (field.kind === 'date' || field.kind === 'timestamp') {
      return (
        <TextInput
          type="date"
          label={label}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          data-testid="filter-value"
        />
      );
    }
    const numeric = field.kind === 'integer' || field.kind === 'decimal';
    return (
      <TextInput
        label={label}
        value={value}
        inputMode={numeric ? 'decimal' : undefined}
        data-testid="filter-value"
        description={op === 'in' ? t('lists.filter.commaSeparated') : undefined}
        onChange={(e) => setValue(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') add();
        }}
      />
    );
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      trapFocus
      withinPortal
      shadow="md"
      width={300}
    >
      <Popover.Target>
        <Button
          variant="default"
          onClick={() => {
            props.onOpen();
            setOpened((o) => !o);
          }}
          data-testid="filter-button"
          aria-expanded={opened}
        >
          {t('lists.filter.add')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="filter-builder">
        <Stack gap="sm">
          <Select
            label={t('lists.filter.field')}
            data={fields.map((f) => ({ value: f.name, label: fieldLabel(f.name) }))}
            value={fieldName}
            onChange={chooseField}
            searchable
            comboboxProps={{ withinPortal: false }}
            data-testid="filter-field"
          />
          {field && (
            <Select
              label={t('lists.filter.operator')}
              data={field.operators.map((o) => ({ value: o, label: t(`lists.ops.${o}`) }))}
              value={op}
              onChange={(o) => {
                setOp(o as FilterOp | null);
                setValue('');
              }}
              allowDeselect={false}
              comboboxProps={{ withinPortal: false }}
              data-testid="filter-operator"
            />
          )}
          {valueInput()}
          <Group justify="flex-end" gap="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                reset();
                setOpened(false);
              }}
            >
              {t('lists.cancel')}
            </Button>
            <Button size="xs" onClick={add} disabled={!field || !op || value.trim() === ''} data-testid="filter-apply">
              {t('lists.filter.apply')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
});
