// The customer page (360-degree view) of a contact: header with contact data, in-place
// editing and "+ Task"/"+ Deal", its companies (each linking to the company page), the figure
// strip, quick entry, the timeline, the open tasks, its open deals and its companies' others.
import { lazy, Suspense, useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { lifecycleStages, type Contact } from '../../../contract/contacts.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { fetchRecord, recordKeys } from '../record/recordApi.ts';
import { useRecentView } from '../record/recentViews.ts';
import { shownPersonName } from '../../ui/names.ts';
import { FigureStrip } from '../record/FigureStrip.tsx';
import { PurchasesPanel } from '../orders/PurchasesPanel.tsx';
import { CustomerValuePanel } from '../analytics/CustomerValuePanel.tsx';
import { NextActionsPanel } from '../nextActions/index.ts';
import { InlineSelect, InlineText } from '../record/InlineEdit.tsx';
import { CustomerActions, DealList, OpenTasks, RecordBody } from '../record/RecordPanels.tsx';
import { QuotesPanel } from '../quotes/QuotesPanel.tsx';
import { EmailsPanel } from '../emails/index.ts';
import { customerNewDeal } from '../deals/index.ts';
import { appointmentDialog } from '../calendar/index.ts';
import { contactChoice } from '../calendar/AttendeesField.tsx';
import { useAuth } from '../../app/auth.tsx';
import { CompanyPipeline } from './CompanyPipeline.tsx';
import { RecordKeys } from '../quality/RecordKeys.tsx';
import { MergeWith } from '../duplicates/MergeWith.tsx';
import { PriceListName } from '../priceLists/PriceListSelect.tsx';
import { MergeHistory } from '../duplicates/MergeHistory.tsx';
import { ContactPrivacy } from '../privacy/index.ts';
import { PrivacyPanel, RestrictionBanner } from '../consents/index.ts';

const NewDeal = lazy(customerNewDeal);
const NewAppointment = lazy(appointmentDialog);

/** The company a contact is first of all with: the primary one, else the first. */
const primaryCompanyId = (contact: Contact) =>
  (contact.companies.find((company) => company.isPrimary) ?? contact.companies[0])?.companyId ?? null;

/** The contact's lifecycle stage as a select that saves on change. */
function InlineLifecycle({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <InlineSelect
      record={{ ref: { type: 'contact', id: contact.id }, version: contact.version }}
      field="lifecycleStage"
      label={t('customer.lifecycleStage')}
      value={contact.lifecycleStage}
      data={lifecycleStages.map((stage) => ({ value: stage, label: t(`customer.lifecycle.${stage}`) }))}
    />
  );
}

function Header({
  contact,
  onNewDeal,
  onNewAppointment,
}: {
  contact: Contact;
  onNewDeal: () => void;
  onNewAppointment: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <Paper withBorder p="md" data-testid="contact-header">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2}>{shownPersonName(contact, t)}</Title>
            <InlineText
              record={{ ref: { type: 'contact', id: contact.id }, version: contact.version }}
              field="jobTitle"
              label={t('customer.jobTitle')}
              value={contact.jobTitle}
            />
          </Stack>
          <InlineLifecycle contact={contact} />
          <Group gap="sm" wrap="wrap">
            <Anchor component={Link} to={`/contacts/${contact.id}/edit`} size="sm" data-testid="edit-contact">
              {t('forms.edit')}
            </Anchor>
            <CustomerActions record={{ type: 'contact', id: contact.id }} onNewDeal={onNewDeal} />
            {me?.user.role !== 'viewer' && (
              <Button size="compact-sm" variant="light" onClick={onNewAppointment} data-testid="new-appointment">
                {t('calendar.customerAction')}
              </Button>
            )}
            <MergeWith type="contacts" id={contact.id} />
            <PriceListName id={contact.priceListId} />
            <ContactPrivacy
              id={contact.id}
              name={shownPersonName(contact, t)}
              confirmName={
                [contact.firstName, contact.lastName].filter(Boolean).join(' ') || shownPersonName(contact, t)
              }
            />
          </Group>
        </Group>
        {contact.companies.length > 0 && (
          <Group gap="xs" data-testid="contact-companies">
            {contact.companies.map((company) => (
              <Badge
                key={company.affiliationId}
                variant={company.isPrimary ? 'filled' : 'light'}
                tt="none"
                component={Link}
                to={`/companies/${company.companyId}`}
                style={{ cursor: 'pointer' }}
              >
                {company.name}
                {company.jobTitle ? ` · ${company.jobTitle}` : ''}
                {company.buyingRole ? ` · ${t(`customer.buyingRole.${company.buyingRole}`)}` : ''}
              </Badge>
            ))}
          </Group>
        )}
        <Group gap="lg" wrap="wrap">
          {contact.emails.map((entry) => (
            <Anchor key={entry.email} href={`mailto:${entry.email}`} size="sm">
              {entry.email}
              {entry.label ? ` (${entry.label})` : ''}
            </Anchor>
          ))}
          {contact.phones.map((entry) => (
            <Anchor key={entry.number} href={`tel:${entry.e164 ?? entry.number}`} size="sm">
              {entry.number}
              {entry.label ? ` (${entry.label})` : ''}
            </Anchor>
          ))}
          {contact.emails.length === 0 && contact.phones.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('customer.noContactData')}
            </Text>
          )}
        </Group>
        <RecordKeys record={{ ref: { type: 'contact', id: contact.id }, version: contact.version }} keys={contact} />
      </Stack>
    </Paper>
  );
}

export default function ContactShow() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const ref = { type: 'contact' as const, id };
  const query = useQuery({
    queryKey: recordKeys.detail(ref),
    queryFn: ({ signal }) => fetchRecord<Contact>(ref, signal),
  });
  // The dialog's chunk loads on the first click, and the dialog stays mounted to close gently.
  const [dealDialog, setDealDialog] = useState<'never' | 'open' | 'closed'>('never');
  const [appointmentOpen, setAppointmentOpen] = useState<'never' | 'open' | 'closed'>('never');
  useRecentView(ref, !!query.data && !query.data.deletedAt);

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const contact = query.data;
  if (!contact) return <EmptyState>{t('customer.notFound')}</EmptyState>;
  const record = { type: 'contact' as const, id: contact.id };
  return (
    <>
      <Anchor component={Link} to="/contacts" size="sm" mb="xs" display="inline-block">
        ← {t('customer.back')}
      </Anchor>
      <RestrictionBanner contact={contact} />
      <Header
        contact={contact}
        onNewDeal={() => setDealDialog('open')}
        onNewAppointment={() => setAppointmentOpen('open')}
      />
      <MergeHistory type="contacts" id={contact.id} />
      <FigureStrip record={record} lastActivityAt={contact.lastActivityAt} />
      <RecordBody
        record={record}
        name={shownPersonName(contact, t)}
        emptyText={t('customer.timeline.empty')}
        side={
          <>
            <OpenTasks record={record} />
            <PrivacyPanel contact={contact} />
            <EmailsPanel record={record} extra={{ companyId: primaryCompanyId(contact) }} />
            <PurchasesPanel record={record} />
            <CustomerValuePanel record={record} />
            <NextActionsPanel record={record} />
            <DealList record={record} status="open" />
            <QuotesPanel record={record} />
            <CompanyPipeline contact={contact} />
          </>
        }
      />
      {dealDialog !== 'never' && (
        <Suspense fallback={null}>
          <NewDeal
            opened={dealDialog === 'open'}
            onClose={() => setDealDialog('closed')}
            contactId={contact.id}
            companyId={primaryCompanyId(contact)}
          />
        </Suspense>
      )}
      {appointmentOpen !== 'never' && (
        <Suspense fallback={null}>
          {/* The contact is invited, and the appointment belongs to them and their company. */}
          <NewAppointment
            opened={appointmentOpen === 'open'}
            onClose={() => setAppointmentOpen('closed')}
            preset={{
              attendees: [contactChoice(contact.id, shownPersonName(contact, t))],
              links: {
                contactIds: [contact.id],
                companyIds: primaryCompanyId(contact) ? [primaryCompanyId(contact)!] : [],
                dealIds: [],
              },
            }}
          />
        </Suspense>
      )}
    </>
  );
}
