// The conversation of the message named by `?email=` in a drawer over a customer's page: the
// timeline's email entries and the page's email list open it.
import { Drawer } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { emailKeys, fetchEmail, type EmailRecords } from './emailsApi.ts';
import { EmailThread } from './EmailThread.tsx';
import { useOpenEmail } from './useOpenEmail.ts';

/** The thread of one message; the message itself is read first to learn its thread. */
export function ThreadOf({ id, records, onRemoved }: { id: string; records?: EmailRecords; onRemoved(): void }) {
  const query = useQuery({
    queryKey: emailKeys.detail(id, false),
    queryFn: ({ signal }) => fetchEmail(id, false, signal),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <EmailThread threadId={query.data.threadId} focusId={id} records={records} onRemoved={onRemoved} />;
}

export function EmailDrawer({ records }: { records: EmailRecords }) {
  const { t } = useTranslation();
  const [id, open] = useOpenEmail();
  const phone = useMediaQuery('(max-width: 48em)');
  const close = () => open(null);
  return (
    <Drawer
      opened={!!id}
      onClose={close}
      position="right"
      size={phone ? '100%' : 'xl'}
      title={t('emails.thread.title')}
      data-testid="email-drawer"
    >
      {/* Nothing stays mounted once closed: a message that left the CRM is not asked for again. */}
      {id && <ThreadOf id={id} records={records} onRemoved={close} />}
    </Drawer>
  );
}
