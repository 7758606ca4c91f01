// A past or running import (/imports/:id): its file and record type above the run's progress or result.
import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useImportRun } from './importApi.ts';
import { RunView } from './RunView.tsx';

export default function ImportRunPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const run = useImportRun(id);
  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{run.data?.fileName ?? t('imports.history.title')}</Title>
        <Anchor component={Link} to="/imports" size="sm">
          {t('imports.wizard.toHistory')}
        </Anchor>
      </Group>
      {run.data?.recordType && (
        <Text size="sm" c="dimmed">
          {t(`imports.recordTypes.${run.data.recordType}`)}
        </Text>
      )}
      <RunView id={id} />
    </Stack>
  );
}
