// Quick entry of a call, note, email, meeting or letter linked to a contact, company or deal:
// POST /activities, then the new entry goes to the top of the record's timeline at once. A call
// takes its outcome in one click and its duration; Ctrl/Cmd+Enter saves; after a call the
// follow-up is offered in the same place.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  Button,
  Checkbox,
  Chip,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { callOutcomes, type Activity } from '../../../contract/activities.ts';
import type { TimelineEntry } from '../../../contract/timeline.ts';
import { api, type Page } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { FollowUpOffer, type CallLogged } from './FollowUp.tsx';
import { fieldError, linkFieldOf, recordKeys, type RecordRef } from './recordApi.ts';

export const quickTypes = ['call', 'note', 'email', 'meeting', 'letter'] as const;
type QuickType = (typeof quickTypes)[number];
const directionChoices = ['outbound', 'inbound', 'internal'] as const;

function defaultDirection(type: QuickType) {
  return type === 'note' ? 'internal' : 'outbound';
}

/** Ctrl+Enter (Cmd+Enter on a Mac) saves from any field of the entry. */
function isSaveKey(event: KeyboardEvent) {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}

export function QuickEntry({ record, name }: { record: RecordRef; name: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [type, setType] = useState<QuickType>('call');
  // ?call=inbound: opened from the caller page (/lookup), so the call being logged came in.
  const [params] = useSearchParams();
  const [direction, setDirection] = useState<string>(params.get('call') === 'inbound' ? 'inbound' : 'outbound');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<string | number>('');
  const [lastCall, setLastCall] = useState<CallLogged | null>(null);
  const [confidential, setConfidential] = useState(false);
  const isCall = type === 'call';

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
          // Sent only when set: a role that may only read confidential notes still logs others.
          ...(confidential ? { confidential: true } : {}),
          ...(isCall ? { outcome, durationMinutes: minutes === '' ? null : Number(minutes) } : {}),
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
      setLastCall(
        activity.type === 'call' ? { id: activity.id, title: t('customer.followUp.taskTitle', { name }) } : null,
      );
      setSubject('');
      setBody('');
      setOutcome(null);
      setMinutes('');
      setConfidential(false);
    },
  });

  const empty = !subject.trim() && !body.trim() && !(isCall && outcome);
  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (empty || save.isPending) return;
    save.mutate();
  }

  const generalError =
    save.error && !['subject', 'body', 'outcome', 'durationMinutes'].some((field) => fieldError(save.error, field))
      ? message(save.error)
      : null;
  return (
    <Stack gap="xs">
      <Paper
        withBorder
        p="sm"
        component="form"
        onSubmit={submit}
        onKeyDown={(event: KeyboardEvent<HTMLFormElement>) => {
          if (isSaveKey(event)) {
            event.preventDefault();
            submit();
          }
        }}
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
          {isCall && (
            <Chip.Group value={outcome ?? ''} onChange={(value) => setOutcome(value)}>
              <Group gap={6} role="radiogroup" aria-label={t('customer.quick.outcome')} data-testid="call-outcome">
                {callOutcomes.map((value) => (
                  <Chip
                    key={value}
                    value={value}
                    size="xs"
                    type="radio"
                    onClick={() => {
                      // A second click on the chosen outcome clears it.
                      if (value === outcome) setOutcome(null);
                    }}
                  >
                    {t(`customer.outcome.${value}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          <Group gap="xs" grow wrap="wrap">
            <Select
              size="xs"
              label={t('customer.quick.direction')}
              data={directionChoices.map((value) => ({ value, label: t(`customer.direction.${value}`) }))}
              value={direction}
              allowDeselect={false}
              onChange={(value) => value && setDirection(value)}
              style={{ minWidth: 120 }}
            />
            {isCall && (
              <NumberInput
                size="xs"
                label={t('customer.quick.minutes')}
                min={0}
                max={100_000}
                allowDecimal={false}
                allowNegative={false}
                value={minutes}
                onChange={setMinutes}
                error={save.error ? fieldError(save.error, 'durationMinutes') : null}
                style={{ minWidth: 90, maxWidth: 140 }}
              />
            )}
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
          <Group justify="space-between" gap="xs">
            <Checkbox
              size="xs"
              label={t('customer.quick.confidential')}
              description={t('customer.quick.confidentialHint')}
              checked={confidential}
              onChange={(event) => setConfidential(event.currentTarget.checked)}
              data-testid="quick-confidential"
            />
            <Text size="xs" c="dimmed" visibleFrom="sm">
              {t('customer.quick.shortcut')}
            </Text>
            <Button type="submit" size="xs" loading={save.isPending} disabled={empty} ml="auto">
              {t('customer.quick.save')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {lastCall && <FollowUpOffer key={lastCall.id} record={record} call={lastCall} onDone={() => setLastCall(null)} />}
    </Stack>
  );
}
