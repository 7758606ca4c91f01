// A path inside the app that matches no page.
import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" align="flex-start">
      <Text>{t('page.notFound')}</Text>
      <Anchor component={Link} to="/">
        {t('page.toStart')}
      </Anchor>
    </Stack>
  );
}
