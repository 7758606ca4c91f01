// The quotes (/quotes): newest first, filtered by status, searched by number and subject.
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Quote, quoteStatuses } from '../../../contract/quotes.ts';
import { api, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { SalesSettingsDialog } from './SalesSettingsDialog.tsx';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';

export const statusColor: Record<Quote['status'], string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'green',
  declined: 'red',
  expired: 'orange',
  superseded: 'gray',
};

export function StatusBadge({ status }: { status: Quote['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={statusColor[status]}
      variant="light"
      data-testid="quote-status"
      styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } }}
    >
      {t(`quotes.status.${status}`)}
    </Badge>
  );
}

export default function QuotesListPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const quotes = useQuery({
    queryKey: ['quotes', 'list', status, q],
    queryFn: ({ signal }) =>
      api<Page<Quote>>('/quotes', { query: { limit: 200, status: status ?? undefined, q: q || undefined }, signal }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('quotes.title')}</Title>
        <Group gap="xs">
          {(me?.user.role === 'manager' || me?.user.role === 'admin') && (
            <Button variant="default" onClick={() => setSettingsOpen(true)} data-testid="sales-settings">
              {t('quotes.settings.open')}
            </Button>
          )}
          <Button component={Link} to="/quotes/new" data-testid="new-quote">
            {t('quotes.new')}
          </Button>
        </Group>
        <SalesSettingsDialog opened={settingsOpen} onClose={() => setSettingsOpen(false)} />
      </Group>
      <Group>
        <TextInput
          placeholder={t('quotes.search')}
          aria-label={t('quotes.search')}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        <Select
          aria-label={t('quotes.fields.status')}
          placeholder={t('quotes.allStatuses')}
          clearable
          value={status}
          onChange={setStatus}
          data={quoteStatuses.map((value) => ({ value, label: t(`quotes.status.${value}`) }))}
        />
      </Group>
      {quotes.isPending ? (
        <LoadingState />
      ) : quotes.error ? (
        <ErrorState error={quotes.error} onRetry={() => void quotes.refetch()} />
      ) : quotes.data.data.length === 0 ? (
        <EmptyState>{t('quotes.empty')}</EmptyState>
      ) : (
        <Table striped highlightOnHover data-testid="quotes-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quotes.fields.number')}</Table.Th>
              <Table.Th>{t('quotes.fields.subject')}</Table.Th>
              <Table.Th>{t('quotes.fields.customer')}</Table.Th>
              <Table.Th>{t('quotes.fields.quoteDate')}</Table.Th>
              <Table.Th>{t('quotes.fields.validUntil')}</Table.Th>
              <Table.Th>{t('quotes.fields.status')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('quotes.fields.netTotal')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {quotes.data.data.map((quote) => (
              <Table.Tr key={quote.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/quotes/${quote.id}`}>
                    {quote.number ?? t('quotes.noNumber')}
                  </Anchor>
                </Table.Td>
                <Table.Td>{quote.subject}</Table.Td>
                <Table.Td>{[quote.companyName, quote.contactName].filter(Boolean).join(' · ')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(quote.quoteDate, locale)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(quote.validUntil, locale)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge status={quote.status} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  {formatMoney({ amount: quote.netTotal, currency: quote.currency }, locale)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
