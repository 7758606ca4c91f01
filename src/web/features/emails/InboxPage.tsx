// The "E-Mails" page: the CRM's mail of the user's mailboxes (one or all), searched by words,
// page by page, the chosen message's conversation beside the list; below, the unknown senders
// worth a contact and each mailbox's sync.
import { useState } from 'react';
import { Button, Grid, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { ComposeLauncher, type ComposeRequest } from './ComposeLauncher.tsx';
import { ThreadOf } from './EmailDrawer.tsx';
import { EmailList } from './EmailList.tsx';
import { emailKeys, fetchEmails, useMailboxes } from './emailsApi.ts';
import { SyncPanel } from './SyncPanel.tsx';
import { UnknownSenders } from './UnknownSenders.tsx';
import { useOpenEmail } from './useOpenEmail.ts';

function Messages({ mailboxId, q }: { mailboxId: string | null; q: string }) {
  const { t } = useTranslation();
  const [openId, open] = useOpenEmail();
  const params = { mailboxId, q: q || undefined, limit: 25 };
  const query = useInfiniteQuery({
    queryKey: emailKeys.list(params),
    queryFn: ({ pageParam, signal }) => fetchEmails(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
  const emails = query.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder p="xs" data-testid="inbox-list">
          {query.isPending ? (
            <LoadingState />
          ) : query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : emails.length === 0 ? (
            <EmptyState>{q ? t('emails.inbox.noHits', { q }) : t('emails.inbox.empty')}</EmptyState>
          ) : (
            <EmailList emails={emails} selectedId={openId} onOpen={open} />
          )}
          {query.hasNextPage && (
            <Button
              variant="subtle"
              size="xs"
              fullWidth
              mt={4}
              onClick={() => void query.fetchNextPage()}
              loading={query.isFetchingNextPage}
              data-testid="inbox-more"
            >
              {t('emails.list.more')}
            </Button>
          )}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="sm" data-testid="inbox-reading">
          {openId ? (
            <ThreadOf key={openId} id={openId} onRemoved={() => open(null)} />
          ) : (
            <EmptyState>{t('emails.inbox.choose')}</EmptyState>
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

export default function InboxPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const mailboxes = useMailboxes();
  const [mailboxId, setMailboxId] = useState<string | null>(null);
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 300);
  const [compose, setCompose] = useState<ComposeRequest | null>(null);
  const list = mailboxes.data?.data ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={2}>{t('emails.inbox.title')}</Title>
        {me?.user.role !== 'viewer' && (
          <Button onClick={() => setCompose({ records: {} })} data-testid="inbox-new-email">
            {t('emails.panel.new')}
          </Button>
        )}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('emails.inbox.mailbox')}
          data={[
            { value: '', label: t('emails.inbox.allMailboxes') },
            ...list.map((mailbox) => ({ value: mailbox.id, label: `${mailbox.name} <${mailbox.address}>` })),
          ]}
          value={mailboxId ?? ''}
          onChange={(value) => setMailboxId(value || null)}
          allowDeselect={false}
          w={280}
          data-testid="inbox-mailbox"
        />
        <TextInput
          label={t('emails.inbox.search')}
          placeholder={t('emails.inbox.searchPlaceholder')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          style={{ flex: 1, minWidth: 220 }}
          data-testid="inbox-search"
        />
      </Group>
      {mailboxes.isError && <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />}
      <Messages mailboxId={mailboxId} q={q} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <UnknownSenders />
        <SyncPanel mailboxes={mailboxId ? list.filter((mailbox) => mailbox.id === mailboxId) : list} />
      </SimpleGrid>
      <ComposeLauncher request={compose} onClose={() => setCompose(null)} />
    </Stack>
  );
}
