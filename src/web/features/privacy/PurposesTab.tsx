// The purposes consents are recorded for (/privacy, tab "Zwecke"): the built-in ones and the
// workspace's own, each with its usual channel and legal basis, and a form to add one (a
// webinar invitation, a customer magazine). A purpose's key is what the API, imports and the
// history name it by: derived from the name as it is typed, and fixed once the purpose exists.
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type ConsentChannel, consentChannels, type LegalBasis, legalBases } from '../../../contract/consents.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { purposeName } from '../consents/ConsentForm.tsx';
import { addPurpose, privacyKeys as consentKeys, usePurposes } from '../consents/consentsApi.ts';
import { keyFor } from './purposeKey.ts';

function NewPurpose() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [channel, setChannel] = useState<ConsentChannel>('email');
  const [legalBasis, setLegalBasis] = useState<LegalBasis>('a');
  const shownKey = key ?? keyFor(label);
  const adding = useMutation({
    mutationFn: addPurpose,
    onSuccess: (purpose) => {
      void queryClient.invalidateQueries({ queryKey: consentKeys.purposes });
      notifications.show({ color: 'green', message: t('privacy.purposes.added', { name: purpose.label }) });
      setLabel('');
      setKey(null);
      setDescription('');
    },
  });
  return (
    <Paper withBorder p="md" maw={720}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          adding.mutate({
            key: shownKey,
            label: label.trim(),
            description: description.trim() || undefined,
            channel,
            legalBasis,
          });
        }}
      >
        <Stack gap="sm">
          <Title order={4}>{t('privacy.purposes.add')}</Title>
          <Group grow align="flex-start">
            <TextInput
              label={t('privacy.purposes.name')}
              placeholder={t('privacy.purposes.namePlaceholder')}
              value={label}
              onChange={(event) => setLabel(event.currentTarget.value)}
              required
              maxLength={200}
              data-testid="purpose-label"
            />
            <TextInput
              label={t('privacy.purposes.key')}
              description={t('privacy.purposes.keyHint')}
              value={shownKey}
              onChange={(event) => setKey(event.currentTarget.value)}
              required
              maxLength={40}
              data-testid="purpose-key"
            />
          </Group>
          <Textarea
            label={t('privacy.purposes.description')}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
            data-testid="purpose-description"
          />
          <Group grow>
            <Select
              label={t('privacy.purposes.channel')}
              data={consentChannels.map((c) => ({ value: c, label: t(`consents.channel.${c}`) }))}
              value={channel}
              onChange={(value) => value && setChannel(value as ConsentChannel)}
              allowDeselect={false}
              data-testid="purpose-channel"
            />
            <Select
              label={t('privacy.purposes.legalBasis')}
              data={legalBases.map((b) => ({ value: b, label: t(`consents.legalBasis.${b}`) }))}
              value={legalBasis}
              onChange={(value) => value && setLegalBasis(value as LegalBasis)}
              allowDeselect={false}
              data-testid="purpose-basis"
            />
          </Group>
          {adding.error && <Alert color="red">{message(adding.error)}</Alert>}
          <Group>
            <Button type="submit" loading={adding.isPending} disabled={!label.trim()} data-testid="purpose-save">
              {t('privacy.purposes.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function PurposesTab() {
  const { t } = useTranslation();
  const purposes = usePurposes();
  if (purposes.isPending) return <LoadingState />;
  if (purposes.isError) return <ErrorState error={purposes.error} />;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('privacy.purposes.explain')}
      </Text>
      <Table data-testid="purposes" maw={960}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.purposes.name')}</Table.Th>
            <Table.Th>{t('privacy.purposes.key')}</Table.Th>
            <Table.Th>{t('privacy.purposes.channel')}</Table.Th>
            <Table.Th>{t('privacy.purposes.legalBasis')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {purposes.data.data.map((purpose) => (
            <Table.Tr key={purpose.key} data-testid="purpose">
              <Table.Td>
                <Text size="sm">{purposeName(purpose, purpose.key, t)}</Text>
                {purpose.description && (
                  <Text size="xs" c="dimmed">
                    {purpose.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{purpose.key}</Code>
              </Table.Td>
              <Table.Td>{t(`consents.channel.${purpose.channel}`)}</Table.Td>
              <Table.Td>{t(`consents.legalBasis.${purpose.legalBasis}`)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={purpose.builtIn ? 'gray' : 'blue'}>
                  {t(purpose.builtIn ? 'privacy.purposes.builtIn' : 'privacy.purposes.own')}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <NewPurpose />
    </Stack>
  );
}
