// The contacts list: the first page of GET /contacts as a table (the data path of the app;
// virtual scrolling, filters and views come with the full list screen).
import { Table, Text, Title, Anchor, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Contact } from '../../../contract/contacts.ts';
import { api, type Page } from '../../app/api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';

const pageSize = 50;

export function contactName(contact: Pick<Contact, 'title' | 'firstName' | 'lastName'>): string {
  return [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

function primary<T extends { primary?: boolean }>(entries: T[]): T | undefined {
  return entries.find((entry) => entry.primary) ?? entries[0];
}

export default function ContactsPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['contacts', 'list', { limit: pageSize, sort: 'lastName,firstName' }],
    queryFn: ({ signal }) => api<Page<Contact>>('/contacts', { query: { limit: pageSize, sort: 'lastName,firstName' }, signal }),
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('contacts.title')}</Title>
      </Group>
      {query.isPending ? <LoadingState />
        : query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        : query.data.data.length === 0 ? <EmptyState>{t('contacts.empty')}</EmptyState>
        : (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover data-testid="contacts-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('contacts.name')}</Table.Th>
                    <Table.Th>{t('contacts.email')}</Table.Th>
                    <Table.Th>{t('contacts.phone')}</Table.Th>
                    <Table.Th>{t('contacts.city')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {query.data.data.map((contact) => {
                    const email = primary(contact.emails)?.email;
                    const phone = primary(contact.phones);
                    return (
                      <Table.Tr key={contact.id}>
                        <Table.Td><Anchor component={Link} to={`/contacts/${contact.id}`} size="sm">{contactName(contact)}</Anchor></Table.Td>
                        <Table.Td>{email && <Anchor href={`mailto:${email}`} size="sm">{email}</Anchor>}</Table.Td>
                        <Table.Td>{phone && <Anchor href={`tel:${phone.e164 ?? phone.number}`} size="sm">{phone.number}</Anchor>}</Table.Td>
                        <Table.Td>{primary(contact.addresses)?.city}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {query.data.nextCursor && (
              <Text size="sm" c="dimmed" mt="sm">{t('contacts.more', { count: query.data.data.length })}</Text>
            )}
          </>
        )}
    </>
  );
}
