// The tasks page: open tasks (GET /tasks?status=open) of me, my team or everyone (?owner= in the
// URL, so the choice survives a reload), grouped into overdue, today, upcoming and without due
// time. Each row opens its customer, and is done, postponed, edited or reassigned from there.
import { Badge, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Task } from '../../../contract/tasks.ts';
import type { Team } from '../../../contract/teams.ts';
import { useUserNames } from '../users/usersApi.ts';
import { api, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { TaskRow } from './TaskRow.tsx';

// The soonest due first, a page at a time: most people handle the first page, and whoever has
// more open tasks loads the next (the groups keep their order, as the list is sorted by due time).
const inboxLimit = 200;

type DueGroup = 'overdue' | 'today' | 'upcoming' | 'noDue';
const groups: DueGroup[] = ['overdue', 'today', 'upcoming', 'noDue'];

const owners = ['me', 'team', 'all'] as const;
type Owner = (typeof owners)[number];

/** Which group a task belongs to, by the user's own clock and calendar day. */
export function groupOf(task: Pick<Task, 'dueAt'>, now: Date = new Date()): DueGroup {
  if (!task.dueAt) return 'noDue';
  const due = new Date(task.dueAt);
  if (due < now) return 'overdue';
  const endOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return due < endOfToday ? 'today' : 'upcoming';
}

export default function TasksPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const owner: Owner = owners.find((o) => o === params.get('owner')) ?? 'me';
  const userId = me?.user.id;
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', 'inbox', owner, userId],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Task>>('/tasks', {
        query: {
          owner: owner === 'all' ? undefined : owner,
          status: 'open',
          sort: 'dueAt',
          limit: inboxLimit,
          cursor: pageParam ?? undefined,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const loaded = tasks.data?.pages.flatMap((page) => page.data) ?? [];
  const users = useUserNames();
  // Only to explain "my team" to someone in no team: the server then shows their own tasks.
  const myTeams = useQuery({
    queryKey: ['teams', 'member', userId],
    queryFn: ({ signal }) => api<Page<Team>>('/teams', { query: { memberId: userId, limit: 1 }, signal }),
    enabled: owner === 'team' && Boolean(userId),
    staleTime: 5 * 60_000,
  });
  const colleagues = users.data?.data ?? [];
  const canEdit = me?.user.role !== 'viewer';

  const now = new Date();
  const grouped = new Map<DueGroup, Task[]>(groups.map((g) => [g, []]));
  for (const task of loaded) grouped.get(groupOf(task, now))!.push(task);

  return (
    <>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2}>{t('tasks.title')}</Title>
        {canEdit && (
          <Button component={Link} to="/tasks/new" data-testid="new-task">
            {t('tasks.new')}
          </Button>
        )}
      </Group>
      <SegmentedControl
        mb="md"
        aria-label={t('tasks.ownerFilter.label')}
        value={owner}
        onChange={(value) =>
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              if (value === 'me') next.delete('owner');
              else next.set('owner', value);
              return next;
            },
            { replace: true },
          )
        }
        data={owners.map((o) => ({ value: o, label: t(`tasks.ownerFilter.${o}`) }))}
        data-testid="task-owner-filter"
      />
      {owner === 'team' && myTeams.data?.data.length === 0 && (
        <Text size="sm" c="dimmed" mb="sm" data-testid="task-no-team">
          {t('tasks.noTeam')}
        </Text>
      )}
      {tasks.isPending ? (
        <LoadingState />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : loaded.length === 0 ? (
        <EmptyState>{t(`tasks.empty.${owner}`)}</EmptyState>
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
                    <TaskRow key={task.id} task={task} users={colleagues} canEdit={canEdit} />
                  ))}
                </Stack>
              </section>
            ))}
          {tasks.hasNextPage && (
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                {t('tasks.more', { count: loaded.length })}
              </Text>
              <Button
                variant="light"
                size="xs"
                loading={tasks.isFetchingNextPage}
                onClick={() => void tasks.fetchNextPage()}
                data-testid="tasks-load-more"
              >
                {t('tasks.loadMore')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </>
  );
}
