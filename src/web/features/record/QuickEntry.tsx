// Quick entry of a call, note, email, meeting or letter linked to a contact, company or deal:
// POST /activities, then the new entry goes to the top of the record's timeline at once.
import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Activity } from '../../../contract/activities.ts';
import type { TimelineEntry } from '../../../contract/timeline.ts';
import { api, type Page } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { fieldError, linkFieldOf, recordKeys, type RecordRef } from './recordApi.ts';

export const quickTypes = ['call', 'note', 'email', 'meeting', 'letter'] as const;
type QuickType = (typeof quickTypes)[number];
const directionChoices = ['outbound', 'inbound', 'internal'] as const;

function defaultDirection(type: QuickType) {
  return type === 'note' ? 'internal' : 'outbound';
}

export function QuickEntry({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [type, setType] = useState<QuickType>('call');
  // ?call=inbound: opened from the caller page (/lookup), so the call being logged came in.
  const [params] = useSearchParams();
  const [direction, setDirection] = useState<string>(params.get('call') === 'inbound' ? 'inbound' : 'outbound');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');

  const save = useMutation({
    mutationFn: () =>
      api<Activity>('/activities', {
        method: 'POST',
        body: {
          type,
          direction,
          [linkFieldOf[record.type]]: [record.id],
          subject: subject.trim() || null,
          body: body.trim() || null,
          occurredAt: new Date().toISOString(),
        },
      }),
    onSuccess: (activity) => {
      const entry: TimelineEntry = { ...activity, kind: 'activity', at: activity.occurredAt };
      queryClient.setQueriesData<InfiniteData<Page<TimelineEntry>>>(
        { queryKey: recordKeys.timeline(record) },
        (data) => {
          if (!data || data.pages.length === 0) return data;
          const [first, ...rest] = data.pages;
          return {
            ...data,
            pages: [{ ...first, data: [entry, ...first.data.filter((item) => item.id !== entry.id)] }, ...rest],
          };
        },
      );
      // The server has the last word (filters, ordering); the shown entry stays while it answers.
      void queryClient.invalidateQueries({ queryKey: recordKeys.timeline(record) });
      // The record and its parts (figures, last contact) follow the new entry.
      void queryClient.invalidateQueries({ queryKey: recordKeys.detail(record) });
      void queryClient.invalidateQueries({ queryKey: ['activities', 'list'] });
      setSubject('');
      setBody('');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!subject.trim() && !body.trim()) return;
    save.mutate();
  }

  const generalError =
    save.error && !fieldError(save.error, 'subject') && !fieldError(save.error, 'body') ? message(save.error) : null;
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={submit}
      data-testid="quick-entry"
      aria-label={t('customer.quick.title')}
    >
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('customer.quick.title')}
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          value={type}
          onChange={(value) => {
            setType(value as QuickType);
            setDirection(defaultDirection(value as QuickType));
          }}
          data={quickTypes.map((value) => ({ value, label: t(`customer.activityType.${value}`) }))}
          aria-label={t('customer.quick.type')}
        />
        <Group gap="xs" grow wrap="wrap">
          <Select
            size="xs"
            label={t('customer.quick.direction')}
            data={directionChoices.map((value) => ({ value, label: t(`customer.direction.${value}`) }))}
            value={direction}
            allowDeselect={false}
            onChange={(value) => value && setDirection(value)}
            style={{ minWidth: 140 }}
          />
          <TextInput
            size="xs"
            label={t('customer.quick.subject')}
            value={subject}
            onChange={(event) => setSubject(event.currentTarget.value)}
            error={save.error ? fieldError(save.error, 'subject') : null}
            style={{ minWidth: 180 }}
          />
        </Group>
        <Textarea
          size="xs"
          label={t('customer.quick.body')}
          autosize
          minRows={2}
          maxRows={8}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={save.error ? fieldError(save.error, 'body') : null}
        />
        {generalError && (
          <Text size="xs" c="red" role="alert">
            {generalError}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={save.isPending} disabled={!subject.trim() && !body.trim()}>
            {t('customer.quick.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
