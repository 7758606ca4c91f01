// Failed sign-ins with the user's email: how many, whether a new browser must wait, and the
// way to let it in at once (the unlock path that needs no CAPTCHA: this signed-in session).
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useClearSignInThrottle, useSignInThrottle } from './twoFactorApi.ts';

export function SignInThrottleCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const throttle = useSignInThrottle();
  const clear = useClearSignInThrottle();

  return (
    <Paper withBorder p="md" data-testid="sign-in-throttle-card">
      <Stack gap="sm">
        <Title order={4}>{t('twoFactor.throttle.title')}</Title>
        {throttle.isPending ? (
          <LoadingState />
        ) : throttle.isError ? (
          <ErrorState error={throttle.error} onRetry={() => void throttle.refetch()} />
        ) : throttle.data.failures === 0 ? (
          <Text size="sm">{t('twoFactor.throttle.none')}</Text>
        ) : (
          <>
            <Text size="sm">{t('twoFactor.throttle.some', { count: throttle.data.failures })}</Text>
            {throttle.data.retryAfterSeconds > 0 && (
              <Text size="sm">{t('twoFactor.throttle.waiting', { seconds: throttle.data.retryAfterSeconds })}</Text>
            )}
            <Text size="sm" c="dimmed">
              {t('twoFactor.throttle.unknownHint')}
            </Text>
            <Button
              variant="default"
              style={{ alignSelf: 'flex-start' }}
              loading={clear.isPending}
              data-testid="clear-sign-in-throttle"
              onClick={() =>
                clear.mutate(undefined, {
                  onSuccess: () => notifications.show({ color: 'green', message: t('twoFactor.throttle.cleared') }),
                  onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                })
              }
            >
              {t('twoFactor.throttle.clear')}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
