// Create and edit a task (/tasks/new, /tasks/:id/edit): title, due and reminder times,
// priority, status, assignee and the records it belongs to; checked with taskCreate/taskPatch.
// ?contactId=…, ?companyId=…, ?dealId=… link a new task; after saving, the page goes back to
// the first linked record, or to the task list.
import { Group, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { taskCreate, taskPatch, taskPriorities, taskStatuses, type Task } from '../../../contract/tasks.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { DateTimeField } from '../forms/DateFields.tsx';
import { defaultDueAt } from '../forms/dates.ts';
import { FormPage } from '../forms/FormPage.tsx';
import {
  blankToNull,
  isoFromLocal,
  linksFromQuery,
  linkedPage,
  localDateTime,
  useRecord,
} from '../forms/formValues.ts';
import { LinksSelect, UserSelect, type Links } from '../forms/pickers.tsx';
import { useRecordForm } from '../forms/useRecordForm.ts';

interface Values {
  title: string;
  description: string;
  dueAt: string;
  remindAt: string;
  priority: Task['priority'];
  status: Task['status'];
  assigneeId: string | null;
  links: Links;
}

function toBody(v: Values) {
  return {
    title: v.title,
    description: blankToNull(v.description),
    dueAt: isoFromLocal(v.dueAt),
    remindAt: isoFromLocal(v.remindAt),
    priority: v.priority,
    status: v.status,
    assigneeId: v.assigneeId,
    ...v.links,
  };
}

function TaskForm({ task, onReload }: { task: Task | null; onReload?: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = useRecordForm<Values, Task>({
    resource: 'tasks',
    record: task,
    initial: {
      title: task?.title ?? '',
      description: task?.description ?? '',
      // A new task is due tomorrow at 09:00 unless the user picks otherwise (docs/guide.md).
      dueAt: task ? localDateTime(task.dueAt) : defaultDueAt(),
      remindAt: localDateTime(task?.remindAt),
      priority: task?.priority ?? 'normal',
      status: task?.status ?? 'open',
      assigneeId: task ? task.assigneeId : (me?.user.id ?? null),
      links: task
        ? { contactIds: task.contactIds, companyIds: task.companyIds, dealIds: task.dealIds }
        : linksFromQuery(params),
    },
    toBody,
    schema: task ? taskPatch : taskCreate,
    onSaved: (saved) => navigate(linkedPage(saved, '/tasks')),
  });
  const { values, set, field } = form;
  const back = task ? linkedPage(task, '/tasks') : linkedPage(values.links, '/tasks');

  return (
    <FormPage
      title={task ? t('forms.task.editTitle') : t('forms.task.newTitle')}
      backTo={back}
      backLabel={back === '/tasks' ? t('forms.task.back') : t('forms.backToRecord')}
      form={form}
      editing={Boolean(task)}
      onReload={onReload}
      onDeleted={() => navigate(back)}
      testId="task-form"
    >
      <TextInput
        label={t('forms.task.title')}
        required
        autoFocus={!task}
        value={values.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        {...field('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <DateTimeField
          label={t('forms.task.dueAt')}
          value={values.dueAt}
          onChange={(value) => set('dueAt', value)}
          data-testid="task-due"
          {...field('dueAt')}
        />
        <DateTimeField
          label={t('forms.task.remindAt')}
          value={values.remindAt}
          onChange={(value) => set('remindAt', value)}
          {...field('remindAt')}
        />
        <Select
          label={t('forms.task.priority')}
          data={taskPriorities.map((p) => ({ value: p, label: t(`tasks.priority.${p}`) }))}
          value={values.priority}
          allowDeselect={false}
          onChange={(p) => p && set('priority', p as Task['priority'])}
          {...field('priority')}
        />
        {task ? (
          <Select
            label={t('forms.task.status')}
            data={taskStatuses.map((s) => ({ value: s, label: t(`forms.task.statuses.${s}`) }))}
            value={values.status}
            allowDeselect={false}
            onChange={(s) => s && set('status', s as Task['status'])}
            {...field('status')}
          />
        ) : (
          <UserSelect
            label={t('forms.task.assignee')}
            ownerOf="task"
            value={values.assigneeId}
            onChange={(id) => set('assigneeId', id)}
            {...field('assigneeId')}
          />
        )}
      </SimpleGrid>
      {task && (
        <Group grow>
          <UserSelect
            label={t('forms.task.assignee')}
            ownerOf="task"
            value={values.assigneeId}
            onChange={(id) => set('assigneeId', id)}
            {...field('assigneeId')}
          />
        </Group>
      )}
      <LinksSelect
        label={t('forms.task.links')}
        value={values.links}
        onChange={(links) => set('links', links)}
        known={task?.linked}
        data-testid="task-links"
        error={form.error('contactIds') ?? form.error('companyIds') ?? form.error('dealIds')}
      />
      <Textarea
        label={t('forms.task.description')}
        autosize
        minRows={3}
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        {...field('description')}
      />
    </FormPage>
  );
}

export default function TaskFormPage() {
  const { id } = useParams();
  const query = useRecord<Task>('tasks', id);
  if (!id) return <TaskForm task={null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <TaskForm key={query.data.version} task={query.data} onReload={() => void query.refetch()} />;
}
