// One task on the tasks page: done, its title opening the customer it belongs to, the customer
// links, due time and priority, who it is assigned to (a small chip that reassigns), postpone
// and an edit button.
import { useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Avatar,
  Badge,
  Card,
  Group,
  Popover,
  Select,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../../../contract/tasks.ts';
import type { UserName } from '../../../contract/users.ts';
import { useOwnersAllowed } from '../forms/pickers.tsx';
import { api } from '../../app/api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { RecordLink } from '../record/RecordLink.tsx';
import { collectionOf } from '../record/recordApi.ts';
import { CompleteTaskButton, PostponeTaskMenu, useTaskProblem } from './TaskActions.tsx';

const priorityColor: Record<Task['priority'], string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

/** Where a task's title leads: the customer it belongs to (the first linked record with a page), else its form. */
export function titleTarget(task: Pick<Task, 'id' | 'linked'>): string {
  const customer = task.linked.find((record) => !record.trashed);
  return customer ? `/${collectionOf[customer.type]}/${customer.id}` : `/tasks/${task.id}/edit`;
}

/** The assignee as a small avatar and name; a click opens a searchable list to reassign the task. */
function OwnerChip({ task, users, canEdit }: { task: Task; users: UserName[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const showError = useTaskProblem();
  const [opened, setOpened] = useState(false);
  // Only those the task may go to: someone outside the caller's task scope would be refused.
  const allowed = useOwnersAllowed('task');
  const reassign = useMutation({
    mutationFn: (assigneeId: string) =>
      api<Task>(`/tasks/${task.id}`, {
        method: 'PATCH',
        body: { assigneeId },
        headers: { 'if-match': `"${task.version}"` },
      }),
    onError: showError,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  const owner = users.find((user) => user.id === task.assigneeId);
  const name = task.assigneeId ? (owner?.name ?? t('tasks.unknownUser')) : t('tasks.unassigned');
  const chip = (
    <Group gap={6} wrap="nowrap">
      <Avatar name={owner?.name} color="initials" size={22} />
      <Text size="xs" c="dimmed" truncate maw={140}>
        {name}
      </Text>
    </Group>
  );
  if (!canEdit) return <span data-testid="task-owner">{chip}</span>;
  const options = users
    .filter((user) => user.active && (!allowed || allowed.has(user.id)))
    .map((user) => ({ value: user.id, label: user.name }));
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <UnstyledButton
          onClick={() => setOpened((o) => !o)}
          aria-label={t('tasks.reassign', { name })}
          data-testid="task-owner"
        >
          {chip}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Select
          size="xs"
          w={220}
          label={t('tasks.assignee')}
          data={options}
          value={task.assigneeId}
          searchable
          allowDeselect={false}
          defaultDropdownOpened
          data-autofocus
          onChange={(assigneeId) => {
            setOpened(false);
            if (assigneeId && assigneeId !== task.assigneeId) reassign.mutate(assigneeId);
          }}
          comboboxProps={{ withinPortal: false }}
          data-testid="task-assignee"
        />
      </Popover.Dropdown>
    </Popover>
  );
}

export function TaskRow({ task, users, canEdit }: { task: Task; users: UserName[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const overdue = task.dueAt !== null && new Date(task.dueAt) < new Date();
  return (
    <Card withBorder padding="sm" data-testid="task-row" aria-label={task.title}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        {canEdit && <CompleteTaskButton task={task} />}
        <div style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Anchor
              component={Link}
              to={titleTarget(task)}
              fw={500}
              c="inherit"
              style={{ overflowWrap: 'anywhere' }}
              data-testid="task-title"
            >
              {task.title}
            </Anchor>
            <Group gap={4} wrap="nowrap">
              {canEdit && <PostponeTaskMenu task={task} />}
              <Tooltip label={t('tasks.edit')}>
                <ActionIcon
                  component={Link}
                  to={`/tasks/${task.id}/edit`}
                  variant="subtle"
                  color="gray"
                  aria-label={t('tasks.editTask', { title: task.title })}
                  data-testid="task-edit"
                >
                  <span aria-hidden>✎</span>
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
          <Group gap="xs" mt={4} justify="space-between" wrap="wrap">
            <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
              <Text size="xs" c={overdue ? 'red' : 'dimmed'} data-testid="task-due">
                {task.dueAt ? formatDateTime(task.dueAt, locale) : t('tasks.noDueShort')}
              </Text>
              {task.priority !== 'normal' && (
                <Badge size="xs" variant="light" color={priorityColor[task.priority]}>
                  {t(`tasks.priority.${task.priority}`)}
                </Badge>
              )}
              {task.linked.length > 0 && (
                <Group gap="xs" role="group" aria-label={t('tasks.customer')} data-testid="task-customers">
                  {task.linked.map((record) => (
                    <RecordLink key={`${record.type}-${record.id}`} record={record} />
                  ))}
                </Group>
              )}
            </Group>
            <OwnerChip task={task} users={users} canEdit={canEdit} />
          </Group>
        </div>
      </Group>
    </Card>
  );
}
