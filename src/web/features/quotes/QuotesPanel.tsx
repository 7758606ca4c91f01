// The quotes of a company, contact or deal on its page, newest first, with "New quote"
// pre-filled with the record (hidden from viewers, who cannot create).
import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Quote } from '../../../contract/quotes.ts';
import { api, type Page } from '../../app/api.ts';
import { useAuth, onlyIf } from '../../app/auth.tsx';
import { formatMoney } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { Panel } from '../record/RecordPanels.tsx';
import type { RecordRef } from '../record/recordApi.ts';
import { StatusBadge } from './QuotesListPage.tsx';

const filterOf = { company: 'companyId', contact: 'contactId', deal: 'dealId' } as const;

function QuotesPanelShown({ record, extra = {} }: { record: RecordRef; extra?: Record<string, string | null> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const filter = filterOf[record.type];
  const quotes = useQuery({
    queryKey: ['quotes', 'list', filter, record.id],
    queryFn: ({ signal }) =>
      api<Page<Quote>>('/quotes', {
        query: { [filter]: record.id, limit: 20, status: 'draft,sent,expired,accepted,declined' },
        signal,
      }),
  });
  const prefill = new URLSearchParams({ [filter]: record.id });
  for (const [key, value] of Object.entries(extra)) if (value) prefill.set(key, value);
  return (
    <Panel
      title={t('quotes.title')}
      testId="record-quotes"
      action={
        me?.user.role === 'viewer' ? undefined : (
          <Button
            component={Link}
            to={`/quotes/new?${prefill}`}
            size="compact-sm"
            variant="light"
            data-testid="record-new-quote"
          >
            {t('quotes.create')}
          </Button>
        )
      }
    >
      {quotes.isPending ? (
        <LoadingState />
      ) : quotes.isError ? (
        <ErrorState error={quotes.error} onRetry={() => void quotes.refetch()} />
      ) : quotes.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('quotes.empty')}
        </Text>
      ) : (
        <Stack gap={6}>
          {quotes.data.data.map((quote) => (
            <Group key={quote.id} justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/quotes/${quote.id}`} size="sm">
                {quote.number ?? t('quotes.noNumber')} · {quote.subject}
              </Anchor>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{formatMoney({ amount: quote.netTotal, currency: quote.currency }, locale)}</Text>
                <StatusBadge status={quote.status} />
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Panel>
  );
}

export const QuotesPanel = /* @__PURE__ */ onlyIf('read', 'quote', QuotesPanelShown);
