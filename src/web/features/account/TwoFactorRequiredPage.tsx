// What a user sees after signing in when the workspace requires two-factor sign-in and they
// have none: its setup, before any other page (the API answers nothing else until then).
import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { TwoFactorSetup } from './TwoFactorSetup.tsx';

export default function TwoFactorRequiredPage() {
  const { t } = useTranslation();
  const { me, reload, signOut } = useAuth();
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={560}>
        <Stack>
          <Title order={1} size="h2">
            {t('twoFactor.setupRequiredTitle')}
          </Title>
          <Text size="sm">{t('twoFactor.setupRequiredIntro', { workspace: me?.workspace.name ?? '' })}</Text>
          <Text size="sm" c="dimmed">
            {t('twoFactor.intro')}
          </Text>
          <TwoFactorSetup onDone={() => void reload()} />
          <Button variant="subtle" color="gray" style={{ alignSelf: 'flex-start' }} onClick={() => void signOut()}>
            {t('twoFactor.signOut')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
