// The bell in the header: the signed-in user's notifications (due task reminders) with the
// unread count, polled every 30 seconds; a new one also pops up as a toast once.
import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../app/api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';

interface Notification {
  id: string;
  kind: 'task_reminder';
  title: string;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
}
interface NotificationPage {
  data: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

const key = ['notifications'];
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

export function NotificationBell() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [opened, setOpened] = useState(false);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<NotificationPage>('/notifications', { query: { limit: 20 }, signal }),
    refetchInterval: pollEvery,
    refetchIntervalInBackground: false,
  });
  const read = useMutation({
    mutationFn: (id: string) => api<Notification>(`/notifications/${id}/read`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const readAll = useMutation({
    mutationFn: () => api<{ marked: number }>('/notifications/read-all', { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });

  const data = query.data;
  useEffect(() => {
    if (!data) return;
    const seen = announced();
    const fresh = data.data.filter((n) => !n.readAt && !seen.has(n.id));
    for (const n of fresh) {
      seen.add(n.id);
      toasts.show({ title: t('notifications.reminder'), message: n.title, color: 'blue', autoClose: 8000 });
    }
    if (fresh.length > 0) remember(seen);
  }, [data, t]);

  const open = (n: Notification) => {
    setOpened(false);
    if (!n.readAt) read.mutate(n.id);
    void navigate('/tasks');
  };

  const unread = data?.unreadCount ?? 0;
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} shadow="md" trapFocus>
      <Popover.Target>
        <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red" offset={4}>
          <ActionIcon
            variant="subtle"
            size="lg"
            color="gray"
            aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
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
        {query.isPending && <LoadingState />}
        {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
        {data && data.data.length === 0 && (
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
                    {t('notifications.reminder')} · {formatDateTime(n.createdAt, locale)}
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
