// The "E-Mails" panel of a contact's, company's or deal's page: its messages, newest first,
// page by page, "New email" to write to it, and the drawer in which a message (chosen here or
// on the timeline) opens with its conversation.
import { useState } from 'react';
import { Button, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth, onlyIf } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { Panel } from '../record/RecordPanels.tsx';
import type { RecordRef } from '../record/recordApi.ts';
import { ComposeLauncher, type ComposeRequest } from './ComposeLauncher.tsx';
import { EmailDrawer } from './EmailDrawer.tsx';
import { EmailList } from './EmailList.tsx';
import { emailKeys, fetchEmails, type EmailRecords } from './emailsApi.ts';
import { useOpenEmail } from './useOpenEmail.ts';

const filterOf = { contact: 'contactId', company: 'companyId', deal: 'dealId' } as const;

function EmailsPanelShown({
  record,
  extra = {},
}: {
  /** The page's record: the panel lists its mail. */
  record: RecordRef;
  /** Records beside it a new message is about too (a deal's contact and company). */
  extra?: EmailRecords;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [compose, setCompose] = useState<ComposeRequest | null>(null);
  const [openId, open] = useOpenEmail();
  const params = { [filterOf[record.type]]: record.id, limit: 10 };
  const records: EmailRecords = { ...extra, [filterOf[record.type]]: record.id };
  const query = useInfiniteQuery({
    queryKey: emailKeys.list(params),
    queryFn: ({ pageParam, signal }) => fetchEmails(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const emails = query.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Panel
      title={t('emails.panel.title')}
      testId="record-emails"
      action={
        me?.user.role === 'viewer' ? undefined : (
          <Button size="compact-sm" variant="light" onClick={() => setCompose({ records })} data-testid="new-email">
            {t('emails.panel.new')}
          </Button>
        )
      }
    >
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : emails.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('emails.panel.empty')}
        </Text>
      ) : (
        <EmailList emails={emails} selectedId={openId} onOpen={open} />
      )}
      {query.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          mt={4}
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t('emails.list.more')}
        </Button>
      )}
      <EmailDrawer records={records} />
      <ComposeLauncher request={compose} onClose={() => setCompose(null)} />
    </Panel>
  );
}

export const EmailsPanel = /* @__PURE__ */ onlyIf('read', 'email', EmailsPanelShown);
