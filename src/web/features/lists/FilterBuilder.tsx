// The filter builder (field → operator → value; all conditions must hold) and the chips of
// the active filters. The value input fits the field: a select for choices, yes/no for
// booleans and "is empty", a date input for dates, text otherwise.
import { memo, useMemo, useRef, useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, Paper, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CellContext, FieldMeta, Filter, FilterOp } from './listTypes.ts';
import { formatDate } from '../../ui/format.ts';
import type { SearchType } from '../../../contract/search.ts';
import { RecordSelect } from '../forms/pickers.tsx';
import classes from './FilterBuilder.module.css';

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
            : `${fieldLabel(filter.field)} ${opLabel(filter.op, field, t)} ${valueLabel(filter, field, { choices, context })}`;
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

/** An operator as the builder offers it: "is empty" and "is not empty" are two, with no value. */
export type BuilderOp = FilterOp | 'notEmpty';

/**
 * The conditions a field offers, in the order people reach for them: a text "contains", "is",
 * "starts with", "is empty"; a choice "is", "is not", "is one of"; a date "after", "before".
 * Only operators the server offers for the field (its description) are shown.
 */
export function builderOps(field: FieldMeta): BuilderOp[] {
  const has = (op: FilterOp) => field.operators.includes(op);
  const empty: BuilderOp[] = has('empty') && (field.nullable || field.kind === 'array') ? ['empty', 'notEmpty'] : [];
  let ops: FilterOp[];
  if (field.kind === 'text') ops = ['contains', 'eq', 'startsWith', 'ne'];
  else if (field.kind === 'array') ops = ['has'];
  else if (field.kind === 'boolean') ops = ['eq'];
  else if (['integer', 'decimal', 'date', 'timestamp'].includes(field.kind))
    ops = ['eq', 'gt', 'lt', 'gte', 'lte', 'ne'];
  else ops = ['eq', 'ne', 'in'];
  return [...ops.filter(has), ...empty];
}

/** The label of an operator: comparisons read "after"/"before" for dates, "greater"/"less" for numbers. */
export function opLabel(op: BuilderOp, field: FieldMeta | undefined, t: (key: string) => string): string {
  if (op === 'empty') return t('lists.filter.isEmpty');
  if (op === 'notEmpty') return t('lists.filter.notEmpty');
  const dated = field?.kind === 'date' || field?.kind === 'timestamp';
  if (dated && ['gt', 'gte', 'lt', 'lte'].includes(op)) return t(`lists.ops.date.${op}`);
  return t(`lists.ops.${op}`);
}

/** Memoised: a page of rows arriving does not render the toolbar again. */
export const FilterBuilder = memo(function FilterBuilder(
  props: FilterBuilderProps & {
    onOpen(): void;
    /** Fields most lists are filtered by, offered first. */
    common: string[];
    /** Fields whose value is a record found by search (a contact's company). */
    pickers: Partial<Record<string, SearchType>>;
  },
) {
  const { fields, filters, onChange, fieldLabel, common, pickers } = props;
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [op, setOp] = useState<BuilderOp | null>(null);
  const [value, setValue] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const field = fields.find((f) => f.name === fieldName);
  const valueless = op === 'empty' || op === 'notEmpty';
  // A record picked by search is one at a time: no "is one of" for it.
  const opsOf = (f: FieldMeta) => builderOps(f).filter((o) => !(pickers[f.name] && o === 'in'));

  const reset = () => {
    setFieldName(null);
    setOp(null);
    setValue('');
  };
  const close = () => {
    reset();
    setOpened(false);
    button.current?.focus();
  };
  const chooseField = (name: string | null) => {
    setFieldName(name);
    const next = fields.find((f) => f.name === name);
    setOp(next ? (opsOf(next)[0] ?? null) : null);
    setValue('');
  };
  const ready = !!field && !!op && (valueless || value.trim() !== '');
  const add = () => {
    if (!field || !op || !ready) return;
    const filter: Filter = valueless
      ? { field: field.name, op: 'empty', value: op === 'empty' ? 'true' : 'false' }
      : { field: field.name, op, value: value.trim() };
    onChange([...filters.filter((f) => !(f.field === filter.field && f.op === filter.op)), filter]);
    close();
  };

  // The most used fields first, then the others by name.
  const fieldData = useMemo(() => {
    const item = (f: FieldMeta) => ({ value: f.name, label: fieldLabel(f.name) });
    const first = common.flatMap((name) => fields.filter((f) => f.name === name)).map(item);
    const rest = fields
      .filter((f) => !common.includes(f.name))
      .map(item)
      .sort((a, b) => a.label.localeCompare(b.label));
    return first.length > 0
      ? [
          { group: t('lists.filter.common'), items: first },
          { group: t('lists.filter.more'), items: rest },
        ]
      : rest;
  }, [fields, common, fieldLabel, t]);

  const choices = field ? choicesOf(field, props) : null;
  const picker = field ? pickers[field.name] : undefined;
  const valueInput = () => {
    if (!field || !op || valueless) return null;
    const label = t('lists.filter.value');
    if (picker) {
      return (
        <RecordSelect
          type={picker}
          label={label}
          value={value || null}
          onChange={(id) => setValue(id ?? '')}
          comboboxProps={inline}
          data-testid="filter-value"
        />
      );
    }
    if (field.kind === 'boolean') {
      return (
        <Select
          label={label}
          data={[
            { value: 'true', label: t('lists.yes') },
            { value: 'false', label: t('lists.no') },
          ]}
          value={value || null}
          onChange={(v) => setValue(v ?? '')}
          comboboxProps={inline}
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
          comboboxProps={inline}
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
          comboboxProps={inline}
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
          if (e.key !== 'Enter') return;
          // Handled here: the key must not go on to the filter button, which gets the focus back.
          e.preventDefault();
          add();
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
      width={320}
      // Esc closes an open dropdown of the builder first, and only then the builder (below).
      closeOnEscape={false}
    >
      <Popover.Target>
        <Button
          ref={button}
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
      <Popover.Dropdown
        data-testid="filter-builder"
        onKeyDown={(event) => {
          // A select whose options are open closes them itself; its input still says so now.
          const target = event.target as HTMLElement;
          if (event.key === 'Escape' && target.getAttribute('aria-expanded') !== 'true') {
            event.stopPropagation();
            close();
          }
        }}
      >
        <Stack gap="sm">
          <Select
            label={t('lists.filter.field')}
            data={fieldData}
            value={fieldName}
            onChange={chooseField}
            searchable
            maxDropdownHeight={240}
            comboboxProps={inline}
            data-testid="filter-field"
          />
          {field && (
            <Select
              label={t('lists.filter.operator')}
              data={opsOf(field).map((o) => ({ value: o, label: opLabel(o, field, t) }))}
              value={op}
              onChange={(o) => {
                setOp(o as BuilderOp | null);
                setValue('');
              }}
              allowDeselect={false}
              comboboxProps={inline}
              data-testid="filter-operator"
            />
          )}
          {valueInput()}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={close}>
              {t('lists.cancel')}
            </Button>
            <Button size="xs" onClick={add} disabled={!ready} data-testid="filter-apply">
              {t('lists.filter.apply')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
});

/**
 * The builder's dropdowns open in its flow, pushing what follows down, rather than floating
 * over it: an open list of values never covers the button that adds the filter.
 */
const inline = { withinPortal: false, classNames: { dropdown: classes.inlineDropdown } };
