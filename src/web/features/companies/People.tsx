// A company's people (its buying centre) as a dense table: each person with job title and
// buying-centre role, linking to their customer page; the role is chosen in place and saved
// with If-Match; a person is added through the contact form (asking for the role, coming back
// here) or taken off the company from the row's menu after a confirmation (the contact stays).
// Long lists show their first rows until asked, so tasks and deals below stay in view.
import { ActionIcon, Anchor, Button, Group, Menu, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buyingRoles, type Affiliation, type CompanyPerson } from '../../../contract/affiliations.ts';
import { api, type Page } from '../../app/api.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { shownPersonName } from '../../ui/names.ts';
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
  const name = shownPersonName(person, t);
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
      // Choosing the current role again clears it: no clear button, so the name keeps the room.
      allowDeselect
      onChange={(role) => {
        if (role !== person.affiliation.buyingRole) mutation.mutate(role as BuyingRole | null);
      }}
      error={mutation.error ? (fieldError(mutation.error, 'buyingRole') ?? message(mutation.error)) : null}
      w={120}
      comboboxProps={{ withinPortal: true, width: 170, position: 'bottom-end' }}
    />
  );
}

/** The row's menu: taking the person off the company, after a confirmation; the contact and its history stay. */
function PersonMenu({ companyId, person }: { companyId: string; person: CompanyPerson }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const name = shownPersonName(person, t);
  const mutation = useMutation({
    mutationFn: async () => {
      const path = `/contacts/${person.id}/affiliations/${person.affiliation.id}`;
      const current = await api<Affiliation>(path);
      await api<void>(path, { method: 'DELETE', headers: { 'if-match': `"${current.version}"` } });
    },
    onSuccess: () => {
      setAsking(false);
      void queryClient.invalidateQueries({ queryKey: peopleKey(companyId) });
      void queryClient.invalidateQueries({
        queryKey: recordKeys.detail({ type: 'contact', id: person.id }),
        exact: true,
      });
    },
  });
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('company.people.menuOf', { name })}>
            <span aria-hidden="true">⋯</span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item color="red" onClick={() => setAsking(true)}>
            {t('company.people.remove')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={asking}
        onClose={() => setAsking(false)}
        title={t('company.people.removeOf', { name })}
        centered
        data-testid="remove-person-dialog"
      >
        <Stack gap="sm">
          <Text size="sm">{t('company.people.removeConfirm', { name })}</Text>
          {mutation.error && (
            <Text size="sm" c="red" role="alert">
              {message(mutation.error)}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setAsking(false)}>
              {t('company.people.removeNo')}
            </Button>
            <Button
              color="red"
              loading={mutation.isPending}
              onClick={() => mutation.mutate()}
              data-testid="remove-person-confirm"
            >
              {t('company.people.removeYes')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Rows shown before "Show all": a typical buying centre, short enough to keep the tasks in view. */
const firstRows = 5;

export function People({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const canWrite = me?.user.role !== 'viewer';
  const [showAll, setShowAll] = useState(false);
  const query = useQuery({
    queryKey: peopleKey(companyId),
    queryFn: ({ signal }) =>
      api<Page<CompanyPerson>>(`/companies/${companyId}/people`, { query: { limit: smallListLimit }, signal }),
  });
  const people = query.data?.data ?? [];
  const shown = showAll ? people : people.slice(0, firstRows);
  const back = `/companies/${companyId}`;
  return (
    <Panel
      title={people.length ? t('company.people.titleCount', { count: people.length }) : t('company.people.title')}
      testId="company-people"
      action={
        canWrite && (
          <Anchor
            component={Link}
            to={`/contacts/new?companyId=${companyId}&returnTo=${encodeURIComponent(back)}`}
            size="sm"
            data-testid="add-person"
          >
            {t('company.people.add')}
          </Anchor>
        )
      }
    >
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : people.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('company.people.empty')}
        </Text>
      ) : (
        <Table verticalSpacing={4} horizontalSpacing={4} layout="fixed" data-testid="company-people-table">
          <Table.Tbody>
            {shown.map((person) => (
              <Table.Tr key={person.affiliation.id} data-testid="company-person">
                <Table.Td>
                  {/* One line per person: the name, then the job title where it fits. */}
                  <Text size="sm" truncate>
                    {/* Without the salutation: in a narrow column the name itself matters. */}
                    <Anchor component={Link} to={`/contacts/${person.id}`} size="sm" fw={600}>
                      {shownPersonName({ ...person, salutation: null }, t)}
                    </Anchor>
                    {person.affiliation.jobTitle && (
                      <Text span size="xs" c="dimmed">
                        {` · ${person.affiliation.jobTitle}`}
                      </Text>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td w={128}>
                  {canWrite ? (
                    <RoleSelect companyId={companyId} person={person} />
                  ) : (
                    <Text size="xs">
                      {person.affiliation.buyingRole
                        ? t(`customer.buyingRole.${person.affiliation.buyingRole}`)
                        : t('company.people.noRole')}
                    </Text>
                  )}
                </Table.Td>
                {canWrite && (
                  <Table.Td w={32}>
                    <PersonMenu companyId={companyId} person={person} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {people.length > firstRows && (
        <Button
          variant="subtle"
          size="compact-xs"
          mt={4}
          onClick={() => setShowAll((all) => !all)}
          data-testid="people-more"
        >
          {showAll ? t('company.people.showFewer') : t('company.people.showAll', { count: people.length })}
        </Button>
      )}
      {query.data?.nextCursor && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('company.people.more', { count: smallListLimit })}
        </Text>
      )}
    </Panel>
  );
}
