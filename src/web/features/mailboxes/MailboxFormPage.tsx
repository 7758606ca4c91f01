// Connecting a mailbox (/mailboxes/new) or changing one (/mailboxes/:id/edit). Saving checks
// both servers first; when one refuses, its failure is shown in its section, every typed value
// (passwords too) stays, and nothing is saved. Leaving with unsaved changes asks first.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { serverErrors, type FieldErrors } from '../forms/fieldErrors.ts';
import { LeaveGuard } from '../forms/LeaveGuard.tsx';
import { AccountSection } from './AccountSection.tsx';
import {
  checkFailures,
  createBody,
  formErrors,
  type MailboxValues,
  mailboxValues,
  newMailboxValues,
  patchBody,
  withProvider,
} from './mailboxForm.ts';
import { type Mailbox, useMailbox, useMailboxRights, useSaveMailbox } from './mailboxesApi.ts';
import { type Provider, providerOf } from './providers.ts';
import { ServerSection } from './ServerSection.tsx';
import { SyncSection } from './SyncSection.tsx';

function MailboxForm({ saved }: { saved?: Mailbox }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const { isAdmin } = useMailboxRights();
  const save = useSaveMailbox();
  const [initial] = useState<MailboxValues>(() => (saved ? mailboxValues(saved) : newMailboxValues()));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const left = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const failures = checkFailures(save.error);
  // The save button is below the sections: a refusal brings the first failed check into view.
  useEffect(() => {
    if (save.error) form.current?.querySelector('[data-check-problem]')?.scrollIntoView({ block: 'center' });
  }, [save.error]);
  // A refusal the fields or the sections show needs no words of its own below.
  const otherProblem = save.isError && failures.length === 0 && Object.keys(errors).length === 0;

  const leave = (message?: string) => {
    left.current = true;
    if (message) notifications.show({ color: 'green', message });
    navigate('/mailboxes');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = formErrors(values, saved, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return save.reset();
    // A server's refusal is shown in its section; other field errors (400) at their fields.
    const onError = (error: unknown) => setErrors(checkFailures(error).length > 0 ? {} : serverErrors(error, t));
    if (!saved) {
      save.mutate(
        { kind: 'create', body: createBody(values) },
        { onSuccess: () => leave(t('mailboxes.form.created')), onError },
      );
      return;
    }
    const body = patchBody(saved, values);
    if (Object.keys(body).length === 0) return leave(t('mailboxes.form.saved'));
    save.mutate(
      { kind: 'patch', mailbox: saved, body },
      { onSuccess: () => leave(t('mailboxes.form.saved')), onError },
    );
  };
  // The provider is the one whose servers are filled in: a server typed over leaves it.
  const provider = providerOf(values.imap.host.trim(), values.smtp.host.trim());
  // "Other provider" empties the servers a provider filled in, for the user's own.
  const chooseProvider = (chosen: Provider | undefined) =>
    setValues((current) => withProvider(current, chosen ?? { imap: { host: '' }, smtp: { host: '' } }));
  const server = (kind: 'imap' | 'smtp') => (
    <ServerSection
      kind={kind}
      server={values[kind]}
      onChange={(next) => setValues((current) => ({ ...current, [kind]: next }))}
      address={values.address}
      errors={errors}
      failures={failures}
      passwordStored={saved !== undefined}
    />
  );

  return (
    <form ref={form} onSubmit={submit} noValidate data-testid="mailbox-form">
      <LeaveGuard isDirty={() => !left.current && JSON.stringify(values) !== JSON.stringify(initial)} />
      <Stack gap="md" maw={960}>
        <Title order={2}>{saved ? t('mailboxes.form.editTitle') : t('mailboxes.form.newTitle')}</Title>
        <AccountSection
          values={values}
          onChange={setValues}
          provider={provider}
          onProvider={chooseProvider}
          errors={errors}
        />
        {server('imap')}
        {server('smtp')}
        <SyncSection values={values} onChange={setValues} errors={errors} failures={failures} withTeam={isAdmin} />
        {save.isError && (failures.length > 0 || otherProblem) && (
          <Alert color="red" role="alert" data-testid="mailbox-save-problem">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="mailbox-save">
            {t('mailboxes.form.save')}
          </Button>
          <Button variant="default" onClick={() => leave()}>
            {t('mailboxes.form.cancel')}
          </Button>
          {save.isPending && (
            <Text size="sm" c="dimmed" role="status">
              {t('mailboxes.form.checking')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

export default function MailboxFormPage() {
  const { id } = useParams();
  const mailbox = useMailbox(id);
  if (id === undefined) return <MailboxForm />;
  if (mailbox.isPending) return <LoadingState />;
  if (mailbox.isError) return <ErrorState error={mailbox.error} onRetry={() => void mailbox.refetch()} />;
  return <MailboxForm saved={mailbox.data} />;
}
