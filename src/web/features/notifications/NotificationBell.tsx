// The bell in the header: the signed-in user's overdue and due-today tasks (whether or not
// they have a reminder time) and notifications (due task reminders), polled every 30 seconds;
// the badge counts both, and a new notification also pops up as a toast once. Each due task
// opens its customer (or the task itself when it has none).
import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Task } from '../../../contract/tasks.ts';
import { api, type Page } from '../../app/api.ts';
import { customerPath } from '../record/recordApi.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';

interface Notification {
  id: string;
  kind: 'task_reminder' | 'appointment_reminder';
  title: string;
  taskId: string | null;
  appointmentId: string | null;
  startsAt: string | null;
  createdAt: string;
  readAt: string | null;
}
interface NotificationPage {
  data: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

const key = ['notifications'];
const kindLabel = {
  task_reminder: 'notifications.reminder',
  appointment_reminder: 'notifications.appointment',
} as const;
// Under 'tasks', so that completing or postponing a task anywhere refreshes the bell too.
const dueKey = ['tasks', 'due'];
/** How many due tasks the bell lists; the tasks page has them all. */
const dueLimit = 50;
const pollEvery = 30_000;
const announcedKey = 'farley.notifications.announced';

/** Ids already shown as a toast, so a reload does not pop them up again. */
function announced(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(announcedKey) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}
function remember(ids: Set<string>) {
  localStorage.setItem(announcedKey, JSON.stringify([...ids].slice(-200)));
}

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The first moment of tomorrow on the user's own calendar. */
function endOfToday(now = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
}

/** Where a due task leads: its customer (contact, else company, else deal), else the task. */
function targetOf(task: Task): string {
  return customerPath(task.linked) ?? `/tasks/${task.id}/edit`;
}

function DueTask({ task, onOpen }: { task: Task; onOpen: (task: Task) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const overdue = task.dueAt !== null && new Date(task.dueAt) < new Date();
  const customer = task.linked.find((record) => !record.trashed);
  return (
    <UnstyledButton
      onClick={() => onOpen(task)}
      p="xs"
      style={{ borderRadius: 4 }}
      data-testid="notification-due-task"
      data-overdue={overdue || undefined}
    >
      <Text size="xs" c={overdue ? 'red.7' : 'dimmed'}>
        {overdue ? t('notifications.overdue') : t('notifications.dueToday')}
        {task.dueAt && ` · ${formatDateTime(task.dueAt, locale)}`}
      </Text>
      <Text size="sm" fw={500}>
        {task.title}
      </Text>
      {customer && (
        <Text size="xs" c="dimmed">
          {customer.name}
        </Text>
      )}
    </UnstyledButton>
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const [opened, setOpened] = useState(false);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<NotificationPage>('/notifications', { query: { limit: 20 }, signal }),
    refetchInterval: pollEvery,
    refetchIntervalInBackground: false,
  });
  const due = useQuery({
    queryKey: dueKey,
    queryFn: ({ signal }) =>
      api<Page<Task>>('/tasks', {
        query: { mine: true, status: 'open', 'dueAt.lt': endOfToday(), sort: 'dueAt', limit: dueLimit },
        signal,
      }),
    refetchInterval: pollEvery,
    refetchIntervalInBackground: false,
  });
  // A mark that failed says so; either way the badge shows the server's count again.
  const failed = (error: unknown) => toasts.show({ color: 'red', message: errorMessage(error) });
  const read = useMutation({
    mutationFn: (id: string) => api<Notification>(`/notifications/${id}/read`, { method: 'POST' }),
    onError: failed,
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const readAll = useMutation({
    mutationFn: () => api<{ marked: number }>('/notifications/read-all', { method: 'POST' }),
    onError: failed,
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });

  const data = query.data;
  useEffect(() => {
    if (!data) return;
    const seen = announced();
    const fresh = data.data.filter((n) => !n.readAt && !seen.has(n.id));
    for (const n of fresh) {
      seen.add(n.id);
      const message = n.startsAt ? `${n.title} · ${formatDateTime(n.startsAt, locale)}` : n.title;
      toasts.show({ title: t(kindLabel[n.kind]), message, color: 'blue', autoClose: 8000 });
    }
    if (fresh.length > 0) remember(seen);
  }, [data, t, locale]);

  const open = (n: Notification) => {
    setOpened(false);
    if (!n.readAt) read.mutate(n.id);
    // An appointment opens in the calendar on its day; a task reminder on the tasks page.
    if (n.kind === 'appointment_reminder' && n.appointmentId && n.startsAt) {
      void navigate(`/calendar?date=${n.startsAt.slice(0, 10)}&appointment=${n.appointmentId}`);
    } else void navigate('/tasks');
  };

  const openTask = (task: Task) => {
    setOpened(false);
    void navigate(targetOf(task));
  };

  const dueTasks = due.data?.data ?? [];
  const unread = data?.unreadCount ?? 0;
  // A due task counts until it is done or moved, like an unread message until it is read.
  const count = unread + dueTasks.length;
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} shadow="md" trapFocus>
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} color="red" offset={4}>
          <ActionIcon
            variant="subtle"
            size="lg"
            color="gray"
            aria-label={[
              t('notifications.bell'),
              [
                unread > 0 && t('notifications.bellUnread', { count: unread }),
                dueTasks.length > 0 && t('notifications.bellDue', { count: dueTasks.length }),
              ]
                .filter(Boolean)
                .join(', '),
            ]
              .filter(Boolean)
              .join(': ')}
            data-count={count}
            data-testid="notification-bell"
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="notification-list">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => readAll.mutate()} loading={readAll.isPending}>
              {t('notifications.readAll')}
            </Button>
          )}
        </Group>
        {dueTasks.length > 0 && (
          <>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
              {t('notifications.dueTasks')}
            </Text>
            <ScrollArea.Autosize mah={240} mb="xs">
              <Stack gap={2} data-testid="notification-due-tasks">
                {dueTasks.map((task) => (
                  <DueTask key={task.id} task={task} onOpen={openTask} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </>
        )}
        {query.isPending && <LoadingState />}
        {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
        {data && data.data.length === 0 && dueTasks.length === 0 && (
          <Text size="sm" c="dimmed" py="sm">
            {t('notifications.empty')}
          </Text>
        )}
        {data && data.data.length > 0 && (
          <ScrollArea.Autosize mah={360}>
            <Stack gap={2}>
              {data.data.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  p="xs"
                  style={{ borderRadius: 4 }}
                  bg={n.readAt ? undefined : 'var(--mantine-color-blue-light)'}
                  data-testid="notification-item"
                  data-unread={n.readAt ? undefined : 'true'}
                >
                  <Text size="xs" c="dimmed">
                    {t(kindLabel[n.kind])} · {formatDateTime(n.startsAt ?? n.createdAt, locale)}
                  </Text>
                  <Text size="sm" fw={n.readAt ? 400 : 600}>
                    {n.title}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
