// The workspace's rule of who must sign in with a second factor (admins only): nobody,
// admins, or everyone.
import { Alert, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { TwoFactorRequirement } from '../../../contract/twoFactor.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useChangeTwoFactorRule, useTwoFactorRule, useTwoFactorStatus } from './twoFactorApi.ts';

const choices: TwoFactorRequirement[] = ['nobody', 'admins', 'everyone'];

export function TwoFactorRuleCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const rule = useTwoFactorRule();
  const status = useTwoFactorStatus();
  const change = useChangeTwoFactorRule();
  // The rule may now apply to the admins themselves: /auth/me says so, and the app then shows the setup first.
  const { reload } = useAuth();

  return (
    <Paper withBorder p="md" data-testid="two-factor-rule-card">
      <Stack gap="sm">
        <Title order={4}>{t('twoFactor.rule.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('twoFactor.rule.intro')}
        </Text>
        {rule.isPending ? (
          <LoadingState />
        ) : rule.isError ? (
          <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />
        ) : (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="two-factor-rule-label">
              {t('twoFactor.rule.label')}
            </Text>
            <SegmentedControl
              aria-labelledby="two-factor-rule-label"
              style={{ alignSelf: 'flex-start' }}
              value={rule.data.requiredFor}
              disabled={change.isPending}
              data={choices.map((value) => ({ value, label: t(`twoFactor.rule.${value}`) }))}
              onChange={(value) =>
                change.mutate(
                  { requiredFor: value as TwoFactorRequirement },
                  {
                    onSuccess: () => {
                      notifications.show({ color: 'green', message: t('twoFactor.rule.saved') });
                      void reload();
                    },
                    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                  },
                )
              }
              data-testid="two-factor-rule"
            />
          </Stack>
        )}
        {rule.data && rule.data.requiredFor !== 'nobody' && status.data && !status.data.enabled && (
          <Alert color="yellow" p="xs">
            {t('twoFactor.rule.ownMissing')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
