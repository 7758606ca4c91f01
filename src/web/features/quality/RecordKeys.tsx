// The customer number and external id on a customer page, each edited in place (the keys a
// caller reads out or another system's export names), and the record's data-quality score
// with its reasons: they sit in the page's header.
import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QualityReason } from '../../../contract/quality.ts';
import { InlineText, type Editable } from '../record/InlineEdit.tsx';
import { RecordQuality } from './QualityBadge.tsx';

interface Keys {
  customerNumber: string | null;
  externalId: string | null;
  quality: number | null;
  qualityReasons: QualityReason[];
}

/** The two keys as facts of their own, for a page that has room for them in its grid of facts. */
export function KeyFacts({ record, keys }: { record: Editable; keys: Pick<Keys, 'customerNumber' | 'externalId'> }) {
  const { t } = useTranslation();
  return (
    <>
      {(['customerNumber', 'externalId'] as const).map((field) => (
        <Stack key={field} gap={0} style={{ minWidth: 0 }} data-testid={`record-${field}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(`lists.fields.${field}`)}
          </Text>
          <InlineText record={record} field={field} label={t(`lists.fields.${field}`)} value={keys[field]} />
        </Stack>
      ))}
    </>
  );
}

export function RecordKeys({ record, keys }: { record: Editable; keys: Keys }) {
  const { t } = useTranslation();
  return (
    <Group gap="xl" wrap="wrap" data-testid="record-keys">
      <KeyFacts record={record} keys={keys} />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('lists.fields.quality')}
        </Text>
        <RecordQuality quality={keys.quality} reasons={keys.qualityReasons} />
      </Stack>
    </Group>
  );
}
