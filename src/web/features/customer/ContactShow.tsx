// The customer page (360-degree view) of a contact: header with contact data and in-place
// editing, the figure strip, quick entry, the timeline, and the open tasks and deals.
import { Anchor, Badge, Grid, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Contact } from '../../../contract/contacts.ts';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { customerKeys, fetchContact, fetchDeals, fetchOpenTasks } from './customerApi.ts';
import { FigureStrip } from './FigureStrip.tsx';
import { InlineLifecycle, InlineText } from './InlineEdit.tsx';
import { QuickEntry } from './QuickEntry.tsx';
import { Timeline } from './Timeline.tsx';

export function fullName(contact: Contact): string {
  return [contact.salutation, contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

function Header({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid="contact-header">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2}>{fullName(contact)}</Title>
            <InlineText contact={contact} field="jobTitle" label={t('customer.jobTitle')} />
          </Stack>
          <InlineLifecycle contact={contact} />
        </Group>
        {contact.companies.length > 0 && (
          <Group gap="xs" data-testid="contact-companies">
            {contact.companies.map((company) => (
              <Badge key={company.affiliationId} variant={company.isPrimary ? 'filled' : 'light'} tt="none">
                {company.name}{company.jobTitle ? ` · ${company.jobTitle}` : ''}
              </Badge>
            ))}
          </Group>
        )}
        <Group gap="lg" wrap="wrap">
          {contact.emails.map((entry) => (
            <Anchor key={entry.email} href={`mailto:${entry.email}`} size="sm">
              {entry.email}{entry.label ? ` (${entry.label})` : ''}
            </Anchor>
          ))}
          {contact.phones.map((entry) => (
            <Anchor key={entry.number} href={`tel:${entry.e164 ?? entry.number}`} size="sm">
              {entry.number}{entry.label ? ` (${entry.label})` : ''}
            </Anchor>
          ))}
          {contact.emails.length === 0 && contact.phones.length === 0 && (
            <Text size="sm" c="dimmed">{t('customer.noContactData')}</Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function OpenTasks({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({ queryKey: customerKeys.tasks(contactId), queryFn: ({ signal }) => fetchOpenTasks(contactId, signal) });
  // Due first, undated last: what needs doing next is on top.
  const tasks = [...(query.data?.data ?? [])].sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
  return (
    <Paper withBorder p="sm" data-testid="contact-tasks">
      <Text fw={600} size="sm" mb="xs">{t('customer.tasks.title')}</Text>
      {query.isPending ? <LoadingState />
        : query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        : tasks.length === 0 ? <Text size="sm" c="dimmed">{t('customer.tasks.empty')}</Text>
        : (
          <List spacing={4} size="sm" listStyleType="none" p={0}>
            {tasks.map((task) => (
              <List.Item key={task.id}>
                <Text size="sm">{task.title}</Text>
                <Text size="xs" c={task.dueAt && task.dueAt < new Date().toISOString() ? 'red' : 'dimmed'}>
                  {task.dueAt ? t('customer.tasks.due', { when: formatDateTime(task.dueAt, locale) }) : t('customer.tasks.noDue')}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
    </Paper>
  );
}

function OpenDeals({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({ queryKey: customerKeys.deals(contactId, 'open'), queryFn: ({ signal }) => fetchDeals(contactId, 'open', signal) });
  return (
    <Paper withBorder p="sm" data-testid="contact-deals">
      <Text fw={600} size="sm" mb="xs">{t('customer.deals.title')}</Text>
      {query.isPending ? <LoadingState />
        : query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        : query.data.data.length === 0 ? <Text size="sm" c="dimmed">{t('customer.deals.empty')}</Text>
        : (
          <List spacing={4} size="sm" listStyleType="none" p={0}>
            {query.data.data.map((deal) => (
              <List.Item key={deal.id}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" truncate>{deal.title}</Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {deal.amount ? formatMoney(deal.amount, locale) : ''} · {deal.probability} %
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
    </Paper>
  );
}

export default function ContactShow() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: customerKeys.contact(id), queryFn: ({ signal }) => fetchContact(id, signal) });

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const contact = query.data;
  if (!contact) return <EmptyState>{t('customer.notFound')}</EmptyState>;
  return (
    <>
      <Anchor component={Link} to="/contacts" size="sm" mb="xs" display="inline-block">← {t('customer.back')}</Anchor>
      <Header contact={contact} />
      <FigureStrip contact={contact} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <QuickEntry contactId={contact.id} />
            <Title order={3} size="h4">{t('customer.timeline.title')}</Title>
            <Timeline contactId={contact.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <OpenTasks contactId={contact.id} />
            <OpenDeals contactId={contact.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
