// Placeholder for an area whose screens are not built yet.
import { Title, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

export default function ComingSoonPage() {
  const { t } = useTranslation();
  const area = useLocation().pathname.split('/')[1] ?? '';
  return (
    <>
      <Title order={2} mb="md">
        {t(`nav.${area}`, { defaultValue: '' })}
      </Title>
      <Text c="dimmed">{t('page.comingSoon')}</Text>
    </>
  );
}
