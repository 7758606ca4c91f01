// The frame of every create/edit page: title, the fields, save and cancel, the "changed by
// someone else" (412) explanation with a reload, other server problems, and for managers
// moving the record to the trash after a confirmation; leaving with unsaved changes asks first.
import { useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Alert, Anchor, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { useErrorMessage } from '../../ui/states.tsx';
import { LeaveGuard } from './LeaveGuard.tsx';

// A partner acts like an agent on the records of their partner organisation.
const roleRank = { viewer: 0, partner: 1, agent: 1, manager: 2, admin: 3 } as const;
export type Role = Exclude<keyof typeof roleRank, 'partner'>;

/** Whether the signed-in user has at least this role (the server decides; this only hides buttons). */
export function useHasRole(role: Role): boolean {
  const { me } = useAuth();
  return me ? roleRank[me.user.role] >= roleRank[role] : false;
}

/** What the frame needs of a form (useRecordForm), whatever record it edits. */
interface FormFrame {
  save: { error: unknown; isPending: boolean };
  remove: {
    error: unknown;
    isPending: boolean;
    mutate(variables: undefined, options: { onSuccess(): void; onError(): void }): void;
  };
  conflict: boolean;
  serverErrors: Record<string, string>;
  formRef: RefObject<HTMLFormElement | null>;
  submit(event?: FormEvent): void;
  isDirty(): boolean;
  discard(): void;
}

interface FormPageProps {
  title: string;
  /** Where Cancel and the back link go. */
  backTo: string;
  backLabel: string;
  form: FormFrame;
  editing: boolean;
  /** Loads the record again after a 412 (the form then starts from the other person's version). */
  onReload?: () => void;
  onDeleted?: () => void;
  testId: string;
  children: ReactNode;
}

export function FormPage({
  title,
  backTo,
  backLabel,
  form,
  editing,
  onReload,
  onDeleted,
  testId,
  children,
}: FormPageProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const canDelete = useHasRole('manager') && editing && onDeleted;
  const [confirming, setConfirming] = useState(false);
  const problem = form.save.error ?? form.remove.error;
  // Field errors are shown at their fields; say so once, and explain what has no field.
  const fieldCount = Object.keys(form.serverErrors).length;

  const trash = () =>
    form.remove.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        form.discard();
        notifications.show({ color: 'green', message: t('forms.deleted') });
        onDeleted?.();
      },
      onError: () => setConfirming(false),
    });

  return (
    <Stack gap="sm" maw={880}>
      <LeaveGuard isDirty={form.isDirty} />
      <Anchor component={Link} to={backTo} size="sm">
        ← {backLabel}
      </Anchor>
      <Title order={2}>{title}</Title>
      {form.conflict ? (
        <Alert color="orange" title={t('forms.conflict.title')} role="alert" data-testid="conflict">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('forms.conflict.text')}</Text>
            {onReload && (
              <Button size="xs" variant="light" color="orange" onClick={onReload}>
                {t('forms.conflict.reload')}
              </Button>
            )}
          </Stack>
        </Alert>
      ) : problem ? (
        <Alert color="red" title={t('forms.failed')} role="alert" data-testid="form-problem">
          <Text size="sm">{fieldCount > 0 ? t('forms.fixFields') : errorMessage(problem)}</Text>
        </Alert>
      ) : null}
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <form ref={form.formRef} onSubmit={form.submit} noValidate data-testid={testId}>
          <Stack gap="md">
            {children}
            <Group justify="space-between" wrap="wrap-reverse" gap="sm">
              <Group gap="sm">
                {canDelete && (
                  <Button variant="subtle" color="red" onClick={() => setConfirming(true)} data-testid="delete-record">
                    {t('forms.delete')}
                  </Button>
                )}
              </Group>
              <Group gap="sm">
                <Button component={Link} to={backTo} variant="default" onClick={form.discard}>
                  {t('forms.cancel')}
                </Button>
                <Button type="submit" loading={form.save.isPending}>
                  {editing ? t('forms.save') : t('forms.create')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('forms.deleteConfirm.title')} centered>
        <Stack gap="md">
          <Text size="sm">{t('forms.deleteConfirm.text')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('forms.cancel')}
            </Button>
            <Button color="red" onClick={trash} loading={form.remove.isPending} data-autofocus>
              {t('forms.deleteConfirm.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
