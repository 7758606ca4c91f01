// My account (/account, from the user menu): one card per concern, so that new ones (two-factor
// sign-in) slot in beside the others. The two forms side by side on a wide screen, the lists
// below at full width.
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PasswordCard } from './PasswordCard.tsx';
import { ProfileCard } from './ProfileCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';
import { TokensCard } from './TokensCard.tsx';

export default function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={1200}>
      <Title order={2}>{t('account.title')}</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ProfileCard />
        <PasswordCard />
      </SimpleGrid>
      <SessionsCard />
      <TokensCard />
    </Stack>
  );
}
