// The "Two-factor sign-in" card of the account page: whether it is on, its setup, new
// recovery codes and turning it off (both after the password or a code).
import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { ProofModal } from './ProofModal.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';
import { TwoFactorSetup } from './TwoFactorSetup.tsx';
import { type TwoFactorProof, useNewRecoveryCodes, useTurnOff, useTwoFactorStatus } from './twoFactorApi.ts';

export function TwoFactorCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const status = useTwoFactorStatus();
  const turnOff = useTurnOff();
  const renew = useNewRecoveryCodes();
  const [settingUp, setSettingUp] = useState(false);
  const [asking, setAsking] = useState<'off' | 'codes' | null>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  const closeProof = () => {
    setAsking(null);
    turnOff.reset();
    renew.reset();
  };
  const prove = (proof: TwoFactorProof) => {
    if (asking === 'off')
      turnOff.mutate(proof, {
        onSuccess: () => {
          closeProof();
          notifications.show({ color: 'green', message: t('twoFactor.turnedOff') });
        },
      });
    else
      renew.mutate(proof, {
        onSuccess: (answer) => {
          closeProof();
          setNewCodes(answer.recoveryCodes);
        },
      });
  };
  const failure = asking === 'off' ? turnOff.error : renew.error;

  let body: ReactNode;
  if (status.isPending) body = <LoadingState />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else if (newCodes) body = <RecoveryCodesPanel codes={newCodes} onDone={() => setNewCodes(null)} />;
  // The setup stays until its recovery codes were seen, though the status says "on" before.
  else if (settingUp) body = <TwoFactorSetup onDone={() => setSettingUp(false)} onCancel={() => setSettingUp(false)} />;
  else if (!status.data.enabled)
    body = (
      <Button onClick={() => setSettingUp(true)} style={{ alignSelf: 'flex-start' }} data-testid="two-factor-begin">
        {t('twoFactor.start')}
      </Button>
    );
  else {
    const { enabledAt, recoveryCodesLeft } = status.data;
    body = (
      <Stack gap="xs">
        {enabledAt && <Text size="sm">{t('twoFactor.onSince', { date: formatDateTime(enabledAt, locale) })}</Text>}
        <Text size="sm" data-testid="recovery-codes-left">
          {t('twoFactor.codesLeft', { count: recoveryCodesLeft })}
        </Text>
        {recoveryCodesLeft <= 3 && (
          <Alert color="yellow" p="xs">
            {t('twoFactor.codesLow')}
          </Alert>
        )}
        <Group gap="xs">
          <Button variant="default" onClick={() => setAsking('codes')} data-testid="new-recovery-codes">
            {t('twoFactor.newCodes')}
          </Button>
          <Button variant="default" color="red" onClick={() => setAsking('off')} data-testid="two-factor-off">
            {t('twoFactor.turnOff')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Paper withBorder p="md" data-testid="two-factor-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('twoFactor.title')}</Title>
          {status.data && (
            <Badge color={status.data.enabled ? 'green' : 'gray'} data-testid="two-factor-state">
              {status.data.enabled ? t('twoFactor.on') : t('twoFactor.off')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('twoFactor.intro')}
        </Text>
        {status.data?.required && !status.data.enabled && (
          <Alert color="yellow" p="xs">
            {t('twoFactor.requiredHint')}
          </Alert>
        )}
        {body}
      </Stack>
      <ProofModal
        key={asking ?? 'closed'}
        opened={asking !== null}
        title={asking === 'off' ? t('twoFactor.turnOff') : t('twoFactor.newCodes')}
        hint={asking === 'off' ? t('twoFactor.turnOffHint') : t('twoFactor.newCodesHint')}
        busy={turnOff.isPending || renew.isPending}
        error={failure ? errorMessage(failure) : null}
        onClose={closeProof}
        onProof={prove}
      />
    </Paper>
  );
}
