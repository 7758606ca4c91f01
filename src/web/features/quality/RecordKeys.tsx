// The customer number and external id on a customer page, each edited in place: the keys a
// caller reads out or another system's export names, so they sit in the page's header.
import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { InlineText, type Editable } from '../record/InlineEdit.tsx';

interface Keys {
  customerNumber: string | null;
  externalId: string | null;
}

export function RecordKeys({ record, keys }: { record: Editable; keys: Keys }) {
  const { t } = useTranslation();
  return (
    <Group gap="xl" wrap="wrap" data-testid="record-keys">
      {(['customerNumber', 'externalId'] as const).map((field) => (
        <Stack key={field} gap={0} style={{ minWidth: 0 }} data-testid={`record-${field}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(`lists.fields.${field}`)}
          </Text>
          <InlineText record={record} field={field} label={t(`lists.fields.${field}`)} value={keys[field]} />
        </Stack>
      ))}
    </Group>
  );
}
