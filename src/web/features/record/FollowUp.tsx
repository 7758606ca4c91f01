// The follow-up ("Wiedervorlage") offered right after a call is logged: one click on tomorrow,
// next week or a chosen date creates a task for the signed-in user, linked to the record;
// skipping is one click, or just logging the next activity.
import { useState } from 'react';
import { Button, Group, Paper, Popover, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../contract/tasks.ts';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { linkFieldOf, recordKeys, type RecordRef } from './recordApi.ts';

/** Follow-ups fall due at the start of a working day, when the call list is made. */
const dueHour = 9;

function atDueHour(date: Date): Date {
  const due = new Date(date);
  due.setHours(dueHour, 0, 0, 0);
  return due;
}

export function followUpDue(choice: 'tomorrow' | 'nextWeek', now = new Date()): Date {
  const due = new Date(now);
  due.setDate(due.getDate() + (choice === 'tomorrow' ? 1 : 7));
  return atDueHour(due);
}

/** "2026-12-24" from a date input, as that day at the due hour in the browser's time zone. */
function dueOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), dueHour);
}

export interface CallLogged {
  id: string;
  /** The task's title: the call's subject, else the record's name. */
  title: string;
}

export function FollowUpOffer({ record, call, onDone }: { record: RecordRef; call: CallLogged; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [picking, setPicking] = useState(false);
  const [day, setDay] = useState('');
  const create = useMutation({
    mutationFn: (due: Date) =>
      api<Task>('/tasks', {
        method: 'POST',
        body: {
          title: call.title,
          dueAt: due.toISOString(),
          assigneeId: me?.user.id ?? null,
          [linkFieldOf[record.type]]: [record.id],
        },
      }),
    onSuccess: (task) => {
      notifications.show({
        color: 'green',
        message: t('customer.followUp.created', { when: task.dueAt ? formatDateTime(task.dueAt, locale) : '' }),
      });
      void queryClient.invalidateQueries({ queryKey: recordKeys.detail(record) });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onDone();
    },
  });
  const chosen = dueOfDay(day);
  return (
    <Paper
      withBorder
      p="xs"
      bg="var(--mantine-color-blue-light)"
      data-testid="follow-up"
      role="group"
      aria-label={t('customer.followUp.title')}
    >
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {t('customer.followUp.question')}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button size="compact-sm" onClick={() => create.mutate(followUpDue('tomorrow'))} loading={create.isPending}>
            {t('customer.followUp.tomorrow')}
          </Button>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => create.mutate(followUpDue('nextWeek'))}
            disabled={create.isPending}
          >
            {t('customer.followUp.nextWeek')}
          </Button>
          <Popover opened={picking} onChange={setPicking} position="bottom-start" trapFocus withinPortal>
            <Popover.Target>
              <Button size="compact-sm" variant="light" onClick={() => setPicking((open) => !open)}>
                {t('customer.followUp.pick')}
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (chosen) {
                    setPicking(false);
                    create.mutate(chosen);
                  }
                }}
              >
                <Group gap="xs" align="flex-end">
                  <TextInput
                    type="date"
                    size="xs"
                    label={t('customer.followUp.date')}
                    value={day}
                    onChange={(event) => setDay(event.currentTarget.value)}
                  />
                  <Button type="submit" size="xs" disabled={!chosen}>
                    {t('customer.followUp.create')}
                  </Button>
                </Group>
              </form>
            </Popover.Dropdown>
          </Popover>
          <Button size="compact-sm" variant="subtle" color="gray" onClick={onDone} data-testid="follow-up-skip">
            {t('customer.followUp.skip')}
          </Button>
        </Group>
        {create.error && (
          <Text size="xs" c="red" role="alert">
            {message(create.error)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
