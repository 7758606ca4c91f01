// My account (/account, from the user menu): one card per concern. The two forms side by side
// on a wide screen, the lists and two-factor sign-in below at full width; for admins, the
// workspace's two-factor rule.
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { PasswordCard } from './PasswordCard.tsx';
import { ProfileCard } from './ProfileCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';
import { SignInThrottleCard } from './SignInThrottleCard.tsx';
import { TokensCard } from './TokensCard.tsx';
import { TwoFactorCard } from './TwoFactorCard.tsx';
import { TwoFactorRuleCard } from './TwoFactorRuleCard.tsx';

export default function AccountPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <Stack gap="md" maw={1200}>
      <Title order={2}>{t('account.title')}</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ProfileCard />
        <PasswordCard />
      </SimpleGrid>
      <TwoFactorCard />
      <SessionsCard />
      <TokensCard />
      <SignInThrottleCard />
      {me?.user.role === 'admin' && <TwoFactorRuleCard />}
    </Stack>
  );
}
