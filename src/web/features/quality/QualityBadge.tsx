// A record's data-quality score as a coloured badge, and with its reasons for the customer
// pages; also the list column. The reasons are the server's stable keys, translated here.
import { Badge, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FieldWarning } from '../../../contract/problems.ts';
import type { QualityReason } from '../../../contract/quality.ts';
import type { ColumnDef } from '../lists/listTypes.ts';

/** Red below 40, orange below 60 (the lists' "quality below 60"), yellow below 80, else green. */
export function qualityColor(score: number): string {
  if (score < 40) return 'red';
  if (score < 60) return 'orange';
  if (score < 80) return 'yellow';
  return 'green';
}

export function QualityBadge({ quality }: { quality: number | null }) {
  const { t } = useTranslation();
  if (quality === null)
    return (
      <Badge variant="light" color="gray" tt="none">
        {t('quality.unscored')}
      </Badge>
    );
  return (
    <Badge variant="light" color={qualityColor(quality)} tt="none" data-testid="quality-badge">
      {t('quality.badge', { score: quality })}
    </Badge>
  );
}

/** The score and, beside it, each reason it is lower (on the customer pages). */
export function RecordQuality({ quality, reasons }: { quality: number | null; reasons: QualityReason[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="record-quality">
      <Group gap="xs" wrap="wrap">
        <QualityBadge quality={quality} />
        {quality !== null && reasons.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('quality.noProblems')}
          </Text>
        )}
        {reasons.map((reason) => (
          <Badge key={reason} variant="outline" color="gray" tt="none" size="sm">
            {t(`quality.reasons.${reason}`)}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}

/** The lists' column: the score as a badge, sortable. */
export const qualityColumn: ColumnDef = {
  key: 'quality',
  width: 120,
  sortBy: ['quality'],
  render: (record) => (typeof record.quality === 'number' ? <QualityBadge quality={record.quality} /> : null),
};

/** Tells what a write stored but found suspect (the answer's `warnings`), translated by code. */
export function showWriteWarnings(saved: { warnings?: FieldWarning[] }, t: TFunction) {
  if (!saved.warnings?.length) return;
  notifications.show({
    color: 'yellow',
    title: t('quality.warnings.title'),
    message: saved.warnings.map((warning) => t(`quality.warnings.${warning.code}`)).join(' '),
    autoClose: 10_000,
  });
}
