// Beside a contact's own open deals: the open deals of the contact's companies that are not
// the contact's, each marked with its company, so the whole pipeline of the customer is in view.
import { List, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../contract/contacts.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { fetchDeals, recordKeys, type RecordRef } from '../record/recordApi.ts';
import { DealRow, Panel } from '../record/RecordPanels.tsx';

export function CompanyPipeline({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const companies = contact.companies;
  // The same keys as the company page's deal list, so both share one cache.
  const queries = useQueries({
    queries: companies.map((company) => {
      const ref: RecordRef = { type: 'company', id: company.companyId };
      return {
        queryKey: recordKeys.deals(ref, 'open'),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchDeals(ref, 'open', signal),
      };
    }),
  });
  if (companies.length === 0) return null;
  const failed = queries.find((query) => query.isError);
  const deals = queries.flatMap((query, index) =>
    (query.data?.data ?? [])
      .filter((deal) => deal.contactId !== contact.id)
      .map((deal) => ({ deal, company: companies[index]!.name })),
  );
  const title =
    companies.length === 1
      ? t('customer.companyDeals.titleOf', { name: companies[0]!.name })
      : t('customer.companyDeals.title');
  return (
    <Panel title={title} testId="company-deals">
      {queries.some((query) => query.isPending) ? (
        <LoadingState />
      ) : failed ? (
        <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
      ) : deals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customer.companyDeals.empty')}
        </Text>
      ) : (
        <List spacing={6} size="sm" listStyleType="none" p={0}>
          {deals.map(({ deal, company }) => (
            <DealRow key={deal.id} deal={deal} mark={company} />
          ))}
        </List>
      )}
    </Panel>
  );
}
