// My account (/account, from the user menu): one card per concern, so that new ones (two-factor
// sign-in) slot in beside the others.
import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PasswordCard } from './PasswordCard.tsx';
import { ProfileCard } from './ProfileCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';
import { TokensCard } from './TokensCard.tsx';

export default function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={960}>
      <Title order={2}>{t('account.title')}</Title>
      <ProfileCard />
      <PasswordCard />
      <SessionsCard />
      <TokensCard />
    </Stack>
  );
}
