// The 'my tasks' inbox: the caller's open tasks (GET /tasks?mine=true&status=open), grouped
// into overdue, today, upcoming and without due time, with complete, reschedule and reassign.
import { Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task, TaskPatch } from '../../../contract/tasks.ts';
import type { User } from '../../../contract/users.ts';
import { api, ApiError, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { CompleteTaskButton, PostponeTaskMenu } from './TaskActions.tsx';

// The inbox is a working list, not an archive: one page of the soonest due is what a person handles.
const inboxLimit = 200;
const inboxKey = ['tasks', 'inbox'] as const;

type DueGroup = 'overdue' | 'today' | 'upcoming' | 'noDue';
const groups: DueGroup[] = ['overdue', 'today', 'upcoming', 'noDue'];

/** Which group a task belongs to, by the user's own clock and calendar day. */
export function groupOf(task: Pick<Task, 'dueAt'>, now: Date = new Date()): DueGroup {
  if (!task.dueAt) return 'noDue';
  const due = new Date(task.dueAt);
  if (due < now) return 'overdue';
  const endOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return due < endOfToday ? 'today' : 'upcoming';
}

const priorityColor: Record<Task['priority'], string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

function useTaskPatch() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  return useMutation({
    mutationFn: ({ task, patch }: { task: Task; patch: TaskPatch }) =>
      api<Task>(`/tasks/${task.id}`, { method: 'PATCH', body: patch, headers: { 'if-match': `"${task.version}"` } }),
    onError: (error) => {
      const stale = error instanceof ApiError && error.status === 412;
      notifications.show({ color: 'red', message: stale ? t('tasks.stale') : errorMessage(error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

function TaskRow({ task, users }: { task: Task; users: User[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const patch = useTaskPatch();
  const options = users.map((user) => ({ value: user.id, label: user.name }));
  if (task.assigneeId && !options.some((o) => o.value === task.assigneeId)) {
    options.push({ value: task.assigneeId, label: t('tasks.unknownUser') });
  }
  return (
    <Card withBorder padding="sm" data-testid="task-row" aria-label={task.title}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" align="flex-start" wrap="nowrap" style={{ flex: '1 1 240px', minWidth: 0 }}>
          <CompleteTaskButton task={task} />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
              <Link to={`/tasks/${task.id}/edit`} style={{ color: 'inherit' }} data-testid="task-edit">
                {task.title}
              </Link>
            </Text>
            <Group gap="xs">
              <Text size="sm" c={task.dueAt && new Date(task.dueAt) < new Date() ? 'red' : 'dimmed'}>
                {task.dueAt ? formatDateTime(task.dueAt, locale) : t('tasks.noDueShort')}
              </Text>
              {task.priority !== 'normal' && (
                <Badge size="sm" variant="light" color={priorityColor[task.priority]}>
                  {t(`tasks.priority.${task.priority}`)}
                </Badge>
              )}
            </Group>
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <PostponeTaskMenu task={task} />
          <Select
            size="xs"
            w={160}
            aria-label={t('tasks.assignee')}
            placeholder={t('tasks.assignee')}
            data={options}
            value={task.assigneeId}
            allowDeselect={false}
            searchable
            onChange={(assigneeId) => {
              if (assigneeId && assigneeId !== task.assigneeId) patch.mutate({ task, patch: { assigneeId } });
            }}
            data-testid="task-assignee"
          />
        </Group>
      </Group>
    </Card>
  );
}

export default function TasksPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const tasks = useQuery({
    queryKey: [...inboxKey, me?.user.id],
    queryFn: ({ signal }) =>
      api<Page<Task>>('/tasks', { query: { mine: true, status: 'open', sort: 'dueAt', limit: inboxLimit }, signal }),
  });
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query: { limit: 500 }, signal }),
    staleTime: 5 * 60_000,
  });
  const colleagues = (users.data?.data ?? [])
    .filter((user) => user.active)
    .sort((a, b) => a.name.localeCompare(b.name));

  const now = new Date();
  const grouped = new Map<DueGroup, Task[]>(groups.map((g) => [g, []]));
  for (const task of tasks.data?.data ?? []) grouped.get(groupOf(task, now))!.push(task);

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('tasks.title')}</Title>
        {me?.user.role !== 'viewer' && (
          <Button component={Link} to="/tasks/new" data-testid="new-task">
            {t('tasks.new')}
          </Button>
        )}
      </Group>
      {tasks.isPending ? (
        <LoadingState />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.data.data.length === 0 ? (
        <EmptyState>{t('tasks.empty')}</EmptyState>
      ) : (
        <Stack gap="lg">
          {groups
            .filter((g) => grouped.get(g)!.length > 0)
            .map((g) => (
              <section key={g} aria-labelledby={`tasks-group-${g}`} data-testid={`tasks-group-${g}`}>
                <Group gap="xs" mb="xs">
                  <Title order={4} id={`tasks-group-${g}`} c={g === 'overdue' ? 'red.7' : undefined}>
                    {t(`tasks.group.${g}`)}
                  </Title>
                  <Badge variant="light" color={g === 'overdue' ? 'red' : 'gray'}>
                    {grouped.get(g)!.length}
                  </Badge>
                </Group>
                <Stack gap="xs">
                  {grouped.get(g)!.map((task) => (
                    <TaskRow key={task.id} task={task} users={colleagues} />
                  ))}
                </Stack>
              </section>
            ))}
          {tasks.data.nextCursor && (
            <Text size="sm" c="dimmed">
              {t('tasks.more', { count: tasks.data.data.length })}
            </Text>
          )}
        </Stack>
      )}
    </>
  );
}
