// The access rules page (/access): per role and record type the records it sees and changes
// (all, its teams', its own), and per role the sensitive fields hidden or read-only. The
// database enforces the record scopes; the page only edits them. Admins save, others read.
import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type AccessRecordType,
  type AccessRules,
  accessRecordTypes,
  type FieldRecordType,
  type RestrictableRole,
  restrictableRoles,
  type Scope,
  scopes,
  sensitiveFields,
} from '../../../contract/access.ts';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';

type FieldAccess = 'visible' | 'read' | 'hidden';
const fieldChoices: FieldAccess[] = ['visible', 'read', 'hidden'];

const fieldList = (Object.keys(sensitiveFields) as FieldRecordType[]).flatMap((recordType) =>
  Object.keys(sensitiveFields[recordType]).map((field) => ({ recordType, field })),
);

function scopeOf(rules: AccessRules, role: RestrictableRole, recordType: AccessRecordType) {
  const rule = rules.rules.find((r) => r.role === role && r.recordType === recordType);
  return { read: rule?.read ?? 'all', write: rule?.write ?? 'all' };
}

function withScope(
  rules: AccessRules,
  role: RestrictableRole,
  recordType: AccessRecordType,
  change: { read?: Scope; write?: Scope },
): AccessRules {
  const current = scopeOf(rules, role, recordType);
  const next = { ...current, ...change };
  // Changing more than one sees makes no sense: a narrower view narrows the changes too.
  const breadth: Record<Scope, number> = { own: 0, team: 1, all: 2 };
  if (breadth[next.write] > breadth[next.read]) next.write = next.read;
  const others = rules.rules.filter((r) => !(r.role === role && r.recordType === recordType));
  return { ...rules, rules: [...others, { role, recordType, ...next }] };
}

function fieldAccessOf(rules: AccessRules, role: RestrictableRole, recordType: FieldRecordType, field: string) {
  return (
    rules.fields.find((f) => f.role === role && f.recordType === recordType && f.field === field)?.access ?? 'visible'
  );
}

function withFieldAccess(
  rules: AccessRules,
  role: RestrictableRole,
  recordType: FieldRecordType,
  field: string,
  access: FieldAccess,
): AccessRules {
  const others = rules.fields.filter((f) => !(f.role === role && f.recordType === recordType && f.field === field));
  return { ...rules, fields: access === 'visible' ? others : [...others, { role, recordType, field, access }] };
}

export default function AccessPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const canEdit = me?.user.role === 'admin';
  const saved = useQuery({
    queryKey: ['access-rules'],
    queryFn: ({ signal }) => api<AccessRules>('/access-rules', { signal }),
  });
  const [draft, setDraft] = useState<AccessRules | null>(null);
  useEffect(() => {
    if (saved.data) setDraft(saved.data);
  }, [saved.data]);
  const save = useMutation({
    mutationFn: (rules: AccessRules) => api<AccessRules>('/access-rules', { method: 'PUT', body: rules }),
    onSuccess: (rules) => {
      client.setQueryData(['access-rules'], rules);
      // Lists and records may show other rows now.
      void client.invalidateQueries();
      notifications.show({ color: 'green', message: t('access.saved') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  if (saved.isPending || !draft) return <LoadingState />;
  if (saved.isError) return <ErrorState error={saved.error} onRetry={() => saved.refetch()} />;
  const changed = JSON.stringify(draft) !== JSON.stringify(saved.data);
  const scopeData = scopes.map((s) => ({ value: s, label: t(`access.scope.${s}`) }));
  const fieldData = fieldChoices.map((f) => ({ value: f, label: t(`access.field.${f}`) }));

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('access.title')}</Title>
          <Text c="dimmed" size="sm" maw={760}>
            {t('access.intro')}
          </Text>
        </div>
        {canEdit && (
          <Group gap="xs">
            <Button variant="default" disabled={!changed || save.isPending} onClick={() => setDraft(saved.data)}>
              {t('access.reset')}
            </Button>
            <Button
              disabled={!changed}
              loading={save.isPending}
              onClick={() => save.mutate(draft)}
              data-testid="access-save"
            >
              {t('access.save')}
            </Button>
          </Group>
        )}
      </Group>
      {!canEdit && <Alert color="gray">{t('access.readOnly')}</Alert>}

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb={4}>
          {t('access.records')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('access.recordsHint')}{' '}
          <Anchor component={Link} to="/teams" size="sm" data-testid="access-teams-link">
            {t('access.teamsLink')}
          </Anchor>
        </Text>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={6} data-testid="access-records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.recordType')}</Table.Th>
                {restrictableRoles.map((role) => (
                  <Table.Th key={role}>{t(`access.role.${role}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accessRecordTypes.map((recordType) => (
                <Table.Tr key={recordType}>
                  <Table.Td fw={500}>{t(`access.type.${recordType}`)}</Table.Td>
                  {restrictableRoles.map((role) => {
                    const scope = scopeOf(draft, role, recordType);
                    const label = `${t(`access.role.${role}`)} · ${t(`access.type.${recordType}`)}`;
                    const shown = (s: Scope) => (role === 'partner' && s === 'all' ? 'team' : s);
                    return (
                      <Table.Td key={role}>
                        <Stack gap={4}>
                          <Select
                            size="xs"
                            aria-label={`${label}: ${t('access.sees')}`}
                            leftSection={<Text size="10px">{t('access.seesShort')}</Text>}
                            leftSectionWidth={46}
                            data={role === 'partner' ? scopeData.filter((d) => d.value !== 'all') : scopeData}
                            value={shown(scope.read)}
                            allowDeselect={false}
                            disabled={!canEdit}
                            onChange={(value) =>
                              value && setDraft(withScope(draft, role, recordType, { read: value as Scope }))
                            }
                          />
                          <Select
                            size="xs"
                            aria-label={`${label}: ${t('access.changes')}`}
                            leftSection={<Text size="10px">{t('access.changesShort')}</Text>}
                            leftSectionWidth={46}
                            data={role === 'partner' ? scopeData.filter((d) => d.value !== 'all') : scopeData}
                            value={shown(scope.write)}
                            allowDeselect={false}
                            disabled={!canEdit}
                            onChange={(value) =>
                              value && setDraft(withScope(draft, role, recordType, { write: value as Scope }))
                            }
                          />
                        </Stack>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb={4}>
          {t('access.fields')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('access.fieldsHint')}
        </Text>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={6} data-testid="access-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.fieldName')}</Table.Th>
                {restrictableRoles.map((role) => (
                  <Table.Th key={role}>{t(`access.role.${role}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fieldList.map(({ recordType, field }) => (
                <Table.Tr key={`${recordType}.${field}`}>
                  <Table.Td fw={500}>{t(`access.sensitive.${recordType}.${field}`)}</Table.Td>
                  {restrictableRoles.map((role) => (
                    <Table.Td key={role}>
                      <Select
                        size="xs"
                        aria-label={`${t(`access.role.${role}`)} · ${t(`access.sensitive.${recordType}.${field}`)}`}
                        data={fieldData}
                        value={fieldAccessOf(draft, role, recordType, field)}
                        allowDeselect={false}
                        disabled={!canEdit}
                        onChange={(value) =>
                          value && setDraft(withFieldAccess(draft, role, recordType, field, value as FieldAccess))
                        }
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
