// In-place editing of single contact fields: PATCH with If-Match, the server's field error
// shown at the field, the saved contact put back into the cache.
import { useState, type FormEvent } from 'react';
import { ActionIcon, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { lifecycleStages, type Contact, type ContactPatch } from '../../../contract/contacts.ts';
import { ApiError } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { customerKeys, fieldError, patchContact } from './customerApi.ts';

function useContactPatch(contact: Contact, field: keyof ContactPatch) {
  const queryClient = useQueryClient();
  const message = useErrorMessage();
  const mutation = useMutation({
    mutationFn: (patch: ContactPatch) => patchContact(contact, patch),
    onSuccess: (saved) => {
      queryClient.setQueryData(customerKeys.contact(contact.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
    },
    onError: (error) => {
      // Someone else saved first: load their version so the next try is against it.
      if (error instanceof ApiError && error.status === 412) void queryClient.invalidateQueries({ queryKey: customerKeys.contact(contact.id) });
    },
  });
  const error = mutation.error ? fieldError(mutation.error, field) ?? message(mutation.error) : null;
  return { mutation, error };
}

/** A text field shown as text with an edit button; Enter saves, Escape cancels. */
export function InlineText({ contact, field, label }: { contact: Contact; field: 'jobTitle' | 'source'; label: string }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const { mutation, error } = useContactPatch(contact, field);
  const current = contact[field];

  function start() {
    setValue(current ?? '');
    mutation.reset();
    setEditing(true);
  }
  function save(event: FormEvent) {
    event.preventDefault();
    const next = value.trim() === '' ? null : value;
    if (next === current) return setEditing(false);
    mutation.mutate({ [field]: next }, { onSuccess: () => setEditing(false) });
  }

  if (!editing) {
    return (
      <Group gap={4} wrap="nowrap" data-testid={`field-${field}`}>
        <Text size="sm" c={current ? undefined : 'dimmed'} data-testid={`value-${field}`}>{current ?? t('customer.edit.empty', { field: label })}</Text>
        <ActionIcon variant="subtle" size="sm" onClick={start} aria-label={t('customer.edit.editField', { field: label })}>
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
          value={value}
          autoFocus
          onChange={(event) => setValue(event.currentTarget.value)}
          onKeyDown={(event) => { if (event.key === 'Escape') setEditing(false); }}
          error={error}
          style={{ flex: '1 1 200px' }}
        />
        <Group gap={4} mt={22}>
          <Button type="submit" size="xs" loading={mutation.isPending}>{t('customer.edit.save')}</Button>
          <Button size="xs" variant="default" onClick={() => setEditing(false)}>{t('customer.edit.cancel')}</Button>
        </Group>
      </Group>
    </form>
  );
}

/** The lifecycle stage as a select that saves on change. */
export function InlineLifecycle({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const { mutation, error } = useContactPatch(contact, 'lifecycleStage');
  return (
    <Select
      label={t('customer.lifecycleStage')}
      size="xs"
      w={180}
      data-testid="field-lifecycleStage"
      data={lifecycleStages.map((stage) => ({ value: stage, label: t(`customer.lifecycle.${stage}`) }))}
      value={mutation.isPending ? mutation.variables.lifecycleStage ?? contact.lifecycleStage : contact.lifecycleStage}
      allowDeselect={false}
      onChange={(stage) => { if (stage && stage !== contact.lifecycleStage) mutation.mutate({ lifecycleStage: stage as Contact['lifecycleStage'] }); }}
      error={error}
    />
  );
}
