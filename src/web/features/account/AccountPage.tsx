// The user's own account (/account): two-factor sign-in and failed sign-ins, and for admins
// the workspace's two-factor rule. (Password, sessions and tokens join it from the account work.)
import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { SignInThrottleCard } from './SignInThrottleCard.tsx';
import { TwoFactorCard } from './TwoFactorCard.tsx';
import { TwoFactorRuleCard } from './TwoFactorRuleCard.tsx';

export default function AccountPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t('nav.account')}</Title>
      <TwoFactorCard />
      <SignInThrottleCard />
      {me?.user.role === 'admin' && <TwoFactorRuleCard />}
    </Stack>
  );
}
