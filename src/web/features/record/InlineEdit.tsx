// In-place editing of single fields of a contact, company or deal: PATCH with If-Match, the
// server's field error shown at the field, the saved record put back into the cache.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ActionIcon, Button, Group, Select, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { collectionOf, fieldError, patchRecord, recordKeys, type RecordRef } from './recordApi.ts';

/** A record as the inline editors need it: which one, and the version the user sees. */
export interface Editable {
  ref: RecordRef;
  version: number;
}

export function useRecordPatch(record: Editable, field: string) {
  const queryClient = useQueryClient();
  const message = useErrorMessage();
  const mutation = useMutation({
    mutationFn: (patch: Record<string, unknown>) => patchRecord<unknown>(record.ref, record.version, patch),
    onSuccess: (saved) => {
      const detail = recordKeys.detail(record.ref);
      queryClient.setQueryData(detail, saved);
      // Lists, boards and the record's own parts (timeline, stage history, figures) may show the change.
      void queryClient.invalidateQueries({
        queryKey: [collectionOf[record.ref.type]],
        predicate: (query) => query.queryKey[1] !== 'detail',
      });
      void queryClient.invalidateQueries({
        queryKey: detail,
        predicate: (query) => query.queryKey.length > detail.length,
      });
    },
    onError: (error) => {
      // Someone else saved first: load their version so the next try is against it.
      if (error instanceof ApiError && error.status === 412)
        void queryClient.invalidateQueries({ queryKey: recordKeys.detail(record.ref), exact: true });
    },
  });
  const error = mutation.error ? (fieldError(mutation.error, field) ?? message(mutation.error)) : null;
  return { mutation, error };
}

interface InlineTextProps {
  record: Editable;
  field: string;
  label: string;
  /** The value as the user edits it ('' when empty). */
  value: string | null;
  /** How the value reads when not editing (default: the value itself). */
  display?: ReactNode;
  /** Turns the typed text into the PATCH value (default: trimmed text, blank is null). */
  parse?: (text: string) => unknown;
  inputType?: 'text' | 'date' | 'url' | 'number';
  /** A bigger text for the record's name. */
  size?: 'sm' | 'title';
}

/** A field shown as text with an edit button; Enter saves, Escape cancels. */
export function InlineText({
  record,
  field,
  label,
  value,
  display,
  parse,
  inputType = 'text',
  size = 'sm',
}: InlineTextProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const { mutation, error } = useRecordPatch(record, field);

  function start() {
    setText(value ?? '');
    mutation.reset();
    setEditing(true);
  }
  function save(event: FormEvent) {
    event.preventDefault();
    const next = parse ? parse(text) : text.trim() === '' ? null : text;
    if (text === (value ?? '')) return setEditing(false);
    mutation.mutate({ [field]: next }, { onSuccess: () => setEditing(false) });
  }

  if (!editing) {
    return (
      <Group gap={4} wrap="nowrap" data-testid={`field-${field}`} style={{ minWidth: 0 }}>
        {size === 'title' ? (
          <Title
            order={2}
            fz={{ base: 'h3', sm: 'h2' }}
            data-testid={`value-${field}`}
            style={{ overflowWrap: 'break-word', hyphens: 'auto', minWidth: 0 }}
          >
            {value}
          </Title>
        ) : (
          <Text
            size="sm"
            c={value ? undefined : 'dimmed'}
            data-testid={`value-${field}`}
            style={{ overflowWrap: 'anywhere' }}
          >
            {value ? (display ?? value) : t('customer.edit.empty', { field: label })}
          </Text>
        )}
        <ActionIcon
          variant="subtle"
          size="sm"
          onClick={start}
          aria-label={t('customer.edit.editField', { field: label })}
        >
          <span aria-hidden>✎</span>
        </ActionIcon>
      </Group>
    );
  }
  return (
    <form onSubmit={save} data-testid={`edit-${field}`}>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          label={label}
          size="xs"
          type={inputType}
          value={text}
          autoFocus
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setEditing(false);
          }}
          error={error}
          style={{ flex: '1 1 200px' }}
        />
        <Group gap={4} mt={22}>
          <Button type="submit" size="xs" loading={mutation.isPending}>
            {t('customer.edit.save')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setEditing(false)}>
            {t('customer.edit.cancel')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}

interface InlineSelectProps {
  record: Editable;
  field: string;
  label: string;
  value: string | null;
  data: { value: string; label: string }[] | { group: string; items: { value: string; label: string }[] }[];
  clearable?: boolean;
  w?: number | string;
  testId?: string;
  /** The label is shown elsewhere (a fact's caption): keep it for screen readers only. */
  hideLabel?: boolean;
}

/** A select that saves on change. */
export function InlineSelect({
  record,
  field,
  label,
  value,
  data,
  clearable = false,
  w = 180,
  testId,
  hideLabel = false,
}: InlineSelectProps) {
  const { mutation, error } = useRecordPatch(record, field);
  const pending = mutation.isPending ? (mutation.variables[field] as string | null) : undefined;
  return (
    <Select
      label={hideLabel ? undefined : label}
      aria-label={hideLabel ? label : undefined}
      size="xs"
      w={w}
      data-testid={testId ?? `field-${field}`}
      data={data}
      value={pending !== undefined ? pending : value}
      allowDeselect={clearable}
      clearable={clearable}
      onChange={(next) => {
        if (next !== value && (next || clearable)) mutation.mutate({ [field]: next });
      }}
      error={error}
    />
  );
}
