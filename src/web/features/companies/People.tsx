// A company's people (its buying centre): each person with job title and buying-centre role,
// linking to their customer page; the role is chosen in place and saved with If-Match; a person
// is added through the contact form or taken off the company (the contact itself stays).
import { Anchor, Button, Group, List, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buyingRoles, type Affiliation, type CompanyPerson } from '../../../contract/affiliations.ts';
import { api, type Page } from '../../app/api.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { personName } from '../../../contract/names.ts';
import { fieldError, recordKeys, smallListLimit } from '../record/recordApi.ts';
import { Panel } from '../record/RecordPanels.tsx';

export const peopleKey = (companyId: string) =>
  [...recordKeys.detail({ type: 'company', id: companyId }), 'people'] as const;

type BuyingRole = (typeof buyingRoles)[number];

/**
 * The people list carries no affiliation version, so the current one is read first and sent
 * as If-Match: a role changed elsewhere in between is then not overwritten unnoticed by a retry.
 */
async function saveRole(person: CompanyPerson, buyingRole: BuyingRole | null) {
  const path = `/contacts/${person.id}/affiliations/${person.affiliation.id}`;
  const current = await api<Affiliation>(path);
  return api<Affiliation>(path, {
    method: 'PATCH',
    body: { buyingRole },
    headers: { 'if-match': `"${current.version}"` },
  });
}

function RoleSelect({ companyId, person }: { companyId: string; person: CompanyPerson }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const name = personName(person);
  const mutation = useMutation({
    mutationFn: (role: BuyingRole | null) => saveRole(person, role),
    onSuccess: (saved) => {
      queryClient.setQueryData<Page<CompanyPerson>>(
        peopleKey(companyId),
        (page) =>
          page && {
            ...page,
            data: page.data.map((entry) =>
              entry.affiliation.id === saved.id
                ? { ...entry, affiliation: { ...entry.affiliation, buyingRole: saved.buyingRole } }
                : entry,
            ),
          },
      );
      void queryClient.invalidateQueries({
        queryKey: recordKeys.detail({ type: 'contact', id: person.id }),
        exact: true,
      });
    },
  });
  const value = mutation.isPending ? mutation.variables : person.affiliation.buyingRole;
  return (
    <Select
      size="xs"
      aria-label={t('company.people.roleOf', { name })}
      placeholder={t('company.people.noRole')}
      data-testid="buying-role"
      data={buyingRoles.map((role) => ({ value: role, label: t(`customer.buyingRole.${role}`) }))}
      value={value}
      clearable
      onChange={(role) => {
        if (role !== person.affiliation.buyingRole) mutation.mutate(role as BuyingRole | null);
      }}
      error={mutation.error ? (fieldError(mutation.error, 'buyingRole') ?? message(mutation.error)) : null}
      w={170}
    />
  );
}

/** Takes the person off the company after a confirmation; the contact and its history stay. */
function RemovePerson({ companyId, person }: { companyId: string; person: CompanyPerson }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const name = personName(person);
  const mutation = useMutation({
    mutationFn: async () => {
      const path = `/contacts/${person.id}/affiliations/${person.affiliation.id}`;
      const current = await api<Affiliation>(path);
      await api<void>(path, { method: 'DELETE', headers: { 'if-match': `"${current.version}"` } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: peopleKey(companyId) });
      void queryClient.invalidateQueries({
        queryKey: recordKeys.detail({ type: 'contact', id: person.id }),
        exact: true,
      });
    },
  });
  if (!asking) {
    return (
      <Button
        size="compact-xs"
        variant="subtle"
        color="gray"
        onClick={() => setAsking(true)}
        aria-label={t('company.people.removeOf', { name })}
      >
        {t('company.people.remove')}
      </Button>
    );
  }
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <Text size="xs">{t('company.people.removeConfirm', { name })}</Text>
        <Button
          size="compact-xs"
          color="red"
          loading={mutation.isPending}
          onClick={() => mutation.mutate()}
          data-testid="remove-person-confirm"
        >
          {t('company.people.removeYes')}
        </Button>
        <Button size="compact-xs" variant="default" onClick={() => setAsking(false)}>
          {t('company.people.removeNo')}
        </Button>
      </Group>
      {mutation.error && (
        <Text size="xs" c="red">
          {message(mutation.error)}
        </Text>
      )}
    </Stack>
  );
}

export function People({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const canWrite = me?.user.role !== 'viewer';
  const query = useQuery({
    queryKey: peopleKey(companyId),
    queryFn: ({ signal }) =>
      api<Page<CompanyPerson>>(`/companies/${companyId}/people`, { query: { limit: smallListLimit }, signal }),
  });
  return (
    <Panel title={t('company.people.title')} testId="company-people">
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('company.people.empty')}
        </Text>
      ) : (
        <List spacing="xs" listStyleType="none" p={0}>
          {query.data.data.map((person) => (
            <List.Item key={person.affiliation.id} data-testid="company-person">
              <Stack gap={2}>
                <Anchor component={Link} to={`/contacts/${person.id}`} size="sm" fw={600}>
                  {personName(person)}
                </Anchor>
                {person.affiliation.jobTitle && (
                  <Text size="xs" c="dimmed">
                    {person.affiliation.jobTitle}
                  </Text>
                )}
                <RoleSelect companyId={companyId} person={person} />
                {canWrite && <RemovePerson companyId={companyId} person={person} />}
              </Stack>
            </List.Item>
          ))}
        </List>
      )}
      {query.data?.nextCursor && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('company.people.more', { count: smallListLimit })}
        </Text>
      )}
      {canWrite && (
        <Anchor
          component={Link}
          to={`/contacts/new?companyId=${companyId}`}
          size="sm"
          mt="xs"
          display="inline-block"
          data-testid="add-person"
        >
          {t('company.people.add')}
        </Anchor>
      )}
    </Panel>
  );
}
