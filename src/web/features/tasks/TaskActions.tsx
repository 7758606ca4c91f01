// The actions on a task that every screen listing tasks offers (the tasks page, the start page):
// mark done, and postpone to tomorrow, next week, next month or a picked day. Both are undone
// from the notification that confirms them, so a slip of the finger costs one click.
import { useState } from 'react';
import { ActionIcon, Button, Group, Menu, Modal, Text, Tooltip } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import 'dayjs/locale/de';
import type { Task, TaskPatch } from '../../../contract/tasks.ts';
import { api, ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { localDay, postponeChoices, postponeDay, postponeTo } from './postpone.ts';

interface Change {
  task: Task;
  patch: TaskPatch;
  /** What the notification says once the change is saved. */
  message: string;
  /** The patch that puts the task back as it was. */
  undo: TaskPatch;
}

function patchTask(task: Pick<Task, 'id' | 'version'>, patch: TaskPatch) {
  return api<Task>(`/tasks/${task.id}`, { method: 'PATCH', body: patch, headers: { 'if-match': `"${task.version}"` } });
}

/**
 * Saves a change to a task and confirms it with an undo button. The row that started it may be
 * gone by then (a done task leaves the open list), so the notification carries its own undo.
 */
/** Shows why a change to a task failed; a 412 means someone else changed it first. */
export function useTaskProblem() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (error: unknown) => {
    const stale = error instanceof ApiError && error.status === 412;
    notifications.show({ color: 'red', message: stale ? t('tasks.stale') : errorMessage(error) });
  };
}

function useTaskChange() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const showError = useTaskProblem();
  // Tasks show on several screens (the tasks page, the start page, a customer's panel), each
  // cached under a key that names 'tasks' somewhere; all of them are stale after a change.
  const refresh = () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes('tasks') });
  return useMutation({
    mutationFn: ({ task, patch }: Change) => patchTask(task, patch),
    onSuccess: (saved, change) => {
      // One notice per saved version: a notice whose id is still shown would not show again.
      const id = `task-change-${saved.id}-${saved.version}`;
      const undo = async () => {
        notifications.hide(id);
        try {
          await patchTask(saved, change.undo);
          notifications.show({ color: 'gray', message: t('tasks.undone', { title: saved.title }) });
        } catch (error) {
          showError(error);
        } finally {
          await refresh();
        }
      };
      notifications.show({
        id,
        color: 'green',
        autoClose: 8000,
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm" data-testid="task-change-notice">
            <Text size="sm">{change.message}</Text>
            <Button size="compact-sm" variant="light" onClick={() => void undo()}>
              {t('tasks.undo')}
            </Button>
          </Group>
        ),
      });
    },
    onError: showError,
    onSettled: refresh,
  });
}

/** The round check button that marks a task done. */
export function CompleteTaskButton({ task }: { task: Task }) {
  const { t } = useTranslation();
  const change = useTaskChange();
  return (
    <Tooltip label={t('tasks.complete')}>
      <ActionIcon
        variant="light"
        color="green"
        size="lg"
        radius="xl"
        aria-label={t('tasks.completeTask', { title: task.title })}
        loading={change.isPending}
        onClick={() =>
          change.mutate({
            task,
            patch: { status: 'done' },
            message: t('tasks.completed', { title: task.title }),
            undo: { status: task.status },
          })
        }
        data-testid="task-complete"
      >
        ✓
      </ActionIcon>
    </Tooltip>
  );
}

const calendarLabels = [
  'nextMonth',
  'previousMonth',
  'nextYear',
  'previousYear',
  'nextDecade',
  'previousDecade',
  'monthLevelControl',
  'yearLevelControl',
] as const;

/** A 'YYYY-MM-DD' string of a local day, as the date picker takes it. */
function dayString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The postpone menu: quick choices with the day each stands for, and a calendar for any other day. */
export function PostponeTaskMenu({ task }: { task: Task }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const change = useTaskChange();
  const [picking, setPicking] = useState(false);
  const today = new Date();
  const postpone = (day: Date) => {
    const patch = postponeTo(task, day);
    change.mutate({
      task,
      patch,
      message: t('tasks.postponed', { title: task.title, date: formatDateTime(patch.dueAt!, locale) }),
      undo: { dueAt: task.dueAt, ...(patch.remindAt !== undefined && { remindAt: task.remindAt }) },
    });
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            loading={change.isPending}
            aria-label={t('tasks.postponeTask', { title: task.title })}
            data-testid="task-postpone"
          >
            {t('tasks.postpone')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {postponeChoices.map((choice) => {
            const day = postponeDay(choice, today);
            return (
              <Menu.Item
                key={choice}
                onClick={() => postpone(day)}
                rightSection={
                  <Text size="xs" c="dimmed" ml="md">
                    {formatDate(dayString(day), locale, 'short')}
                  </Text>
                }
              >
                {t(`tasks.postponeTo.${choice}`)}
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          <Menu.Item onClick={() => setPicking(true)}>{t('tasks.postponeTo.pick')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={picking}
        onClose={() => setPicking(false)}
        title={t('tasks.pickDueDay', { title: task.title })}
        size="auto"
        centered
      >
        <DatePicker
          locale={currentLanguage()}
          minDate={dayString(today)}
          ariaLabels={Object.fromEntries(calendarLabels.map((key) => [key, t(`tasks.calendar.${key}`)]))}
          onChange={(value) => {
            if (!value) return;
            setPicking(false);
            postpone(localDay(value));
          }}
          data-testid="task-postpone-calendar"
        />
      </Modal>
    </>
  );
}
