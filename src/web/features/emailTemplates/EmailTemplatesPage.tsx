// The email templates (/email-templates): the workspace's and the user's own, by name, with
// their language and subject. Agents and above add templates of their own.
import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { useEmailTemplates } from './emailTemplatesApi.ts';

export default function EmailTemplatesPage() {
  const { t } = useTranslation();
  const templates = useEmailTemplates();
  const mayWrite = useHasRole('agent');
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('emailTemplates.title')}</Title>
        {mayWrite && (
          <Button component={Link} to="/email-templates/new">
            {t('emailTemplates.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('emailTemplates.intro')}
      </Text>
      {templates.isPending ? (
        <LoadingState />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : templates.data.length === 0 ? (
        <EmptyState>{t('emailTemplates.empty')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover data-testid="email-templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('emailTemplates.fields.name')}</Table.Th>
                <Table.Th>{t('emailTemplates.fields.scope')}</Table.Th>
                <Table.Th>{t('emailTemplates.fields.language')}</Table.Th>
                <Table.Th>{t('emailTemplates.fields.subject')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data.map((template) => (
                <Table.Tr key={template.id} data-testid="email-template-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/email-templates/${template.id}`}>
                      {template.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={template.scope === 'workspace' ? 'blue' : 'gray'}>
                      {t(`emailTemplates.scope.${template.scope}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t(`language.${template.language}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {template.subject}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
