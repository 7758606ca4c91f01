// The customer page (360-degree view) of a company: header with key facts and contact data,
// edited in place, and "+ Task"/"+ Deal"; the figure strip; quick entry and the company's whole
// timeline (its people's activities included); its people with their buying-centre roles;
// tasks and deals.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Anchor, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { legalForms, type Company } from '../../../contract/companies.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { fetchRecord, recordKeys, useUserName, type RecordRef } from '../record/recordApi.ts';
import { useRecentView } from '../record/recentViews.ts';
import { FigureStrip } from '../record/FigureStrip.tsx';
import { PurchasesPanel } from '../orders/PurchasesPanel.tsx';
import { CustomerValuePanel } from '../analytics/CustomerValuePanel.tsx';
import { NextActionsPanel } from '../nextActions/index.ts';
import { InlineSelect, InlineText, type Editable } from '../record/InlineEdit.tsx';
import { People } from './People.tsx';
import { KeyFacts } from '../quality/RecordKeys.tsx';
import { RecordQuality } from '../quality/QualityBadge.tsx';
import { CustomerActions, DealList, OpenTasks, RecordBody } from '../record/RecordPanels.tsx';
import { QuotesPanel } from '../quotes/QuotesPanel.tsx';
import { EmailsPanel } from '../emails/index.ts';
import { customerNewDeal } from '../deals/index.ts';
import { MergeWith } from '../duplicates/MergeWith.tsx';
import { PriceListName } from '../priceLists/PriceListSelect.tsx';
import { MergeHistory } from '../duplicates/MergeHistory.tsx';

const NewDeal = lazy(customerNewDeal);

/** A web address as a link target: people type "example.de" as often as "https://example.de". */
export function webHref(website: string): string {
  return /^https?:\/\//i.test(website) ? website : `https://${website}`;
}

function formatAddress(address: Company['addresses'][number]): string {
  return [address.street, [address.postalCode, address.city].filter(Boolean).join(' '), address.country]
    .filter(Boolean)
    .join(', ');
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Header({ company, onNewDeal }: { company: Company; onNewDeal: () => void }) {
  const { t } = useTranslation();
  const userName = useUserName();
  const record: Editable = { ref: { type: 'company', id: company.id }, version: company.version };
  const address = company.addresses.find((entry) => entry.primary) ?? company.addresses[0];
  const owner = userName(company.ownerId);
  return (
    <Paper withBorder p="md" data-testid="company-header">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {t('company.kind')}
            </Text>
            <InlineText
              record={record}
              field="name"
              label={t('company.fields.name')}
              value={company.name}
              size="title"
            />
            <Group gap="md" wrap="wrap">
              <Anchor component={Link} to={`/companies/${company.id}/edit`} size="sm" data-testid="edit-company">
                {t('forms.edit')}
              </Anchor>
              <MergeWith type="companies" id={company.id} />
              <PriceListName id={company.priceListId} />
            </Group>
            <RecordQuality quality={company.quality} reasons={company.qualityReasons} />
          </Stack>
          <CustomerActions record={record.ref} onNewDeal={onNewDeal} />
        </Group>
        {/* Eight facts: two full rows of four on a wide screen, so the keys add no height. */}
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" data-testid="record-keys">
          <Fact label={t('company.fields.legalForm')}>
            <InlineSelect
              record={record}
              field="legalForm"
              label={t('company.fields.legalForm')}
              value={company.legalForm}
              clearable
              hideLabel
              w="100%"
              data={legalForms.map((form) => ({
                value: form,
                label: form === 'other' ? t('company.legalFormOther') : form,
              }))}
            />
          </Fact>
          <Fact label={t('company.fields.industry')}>
            <InlineText
              record={record}
              field="industry"
              label={t('company.fields.industry')}
              value={company.industry}
            />
          </Fact>
          <Fact label={t('company.fields.website')}>
            <InlineText
              record={record}
              field="website"
              label={t('company.fields.website')}
              value={company.website}
              display={
                company.website && (
                  <Anchor href={webHref(company.website)} target="_blank" rel="noopener noreferrer" size="sm">
                    {company.website}
                  </Anchor>
                )
              }
            />
          </Fact>
          <Fact label={t('company.fields.vatId')}>
            <InlineText record={record} field="vatId" label={t('company.fields.vatId')} value={company.vatId} />
          </Fact>
          <Fact label={t('company.fields.address')}>
            <Text size="sm" c={address ? undefined : 'dimmed'} data-testid="company-address">
              {address ? formatAddress(address) : t('company.noAddress')}
            </Text>
          </Fact>
          <Fact label={t('company.fields.owner')}>
            <Text size="sm" c={owner ? undefined : 'dimmed'} data-testid="company-owner">
              {owner ?? t('company.noOwner')}
            </Text>
          </Fact>
          <KeyFacts record={record} keys={company} />
        </SimpleGrid>
        <Group gap="lg" wrap="wrap" data-testid="company-contact-data">
          {company.emails.map((entry) => (
            <Anchor key={entry.email} href={`mailto:${entry.email}`} size="sm">
              {entry.email}
              {entry.label ? ` (${entry.label})` : ''}
            </Anchor>
          ))}
          {company.phones.map((entry) => (
            <Anchor key={entry.number} href={`tel:${entry.e164 ?? entry.number}`} size="sm">
              {entry.number}
              {entry.label ? ` (${entry.label})` : ''}
            </Anchor>
          ))}
          {company.emails.length === 0 && company.phones.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('customer.noContactData')}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

export default function CompanyShow() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const record: RecordRef = { type: 'company', id };
  const query = useQuery({
    queryKey: recordKeys.detail(record),
    queryFn: ({ signal }) => fetchRecord<Company>(record, signal),
  });
  // The dialog's chunk loads on the first click, and the dialog stays mounted to close gently.
  const [dealDialog, setDealDialog] = useState<'never' | 'open' | 'closed'>('never');
  useRecentView(record, !!query.data && !query.data.deletedAt);

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const company = query.data;
  if (!company) return <EmptyState>{t('company.notFound')}</EmptyState>;
  return (
    <>
      <Anchor component={Link} to="/companies" size="sm" mb="xs" display="inline-block">
        ← {t('company.back')}
      </Anchor>
      <Header company={company} onNewDeal={() => setDealDialog('open')} />
      <MergeHistory type="companies" id={company.id} />
      <FigureStrip record={record} lastActivityAt={company.lastActivityAt} includeTimeline />
      <RecordBody
        record={record}
        name={company.name}
        emptyText={t('company.timelineEmpty')}
        side={
          <>
            <People companyId={company.id} />
            <OpenTasks record={record} />
            <EmailsPanel record={record} />
            <PurchasesPanel record={record} />
            <CustomerValuePanel record={record} />
            <NextActionsPanel record={record} />
            <DealList record={record} />
            <QuotesPanel record={record} />
          </>
        }
      />
      {dealDialog !== 'never' && (
        <Suspense fallback={null}>
          <NewDeal
            opened={dealDialog === 'open'}
            onClose={() => setDealDialog('closed')}
            companyId={company.id}
            contactId={null}
          />
        </Suspense>
      )}
    </>
  );
}
