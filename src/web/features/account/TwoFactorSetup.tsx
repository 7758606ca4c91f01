// The setup of two-factor sign-in: a new secret as QR code (and as text), a first code from
// the app to turn it on, then the recovery codes shown once. Used on the account page and on
// the page a workspace's rule sends users to before anything else.
import { useState, type FormEvent } from 'react';
import { Button, Code, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../ui/states.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';
import { useConfirmSetup, useStartSetup } from './twoFactorApi.ts';

export function TwoFactorSetup({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const start = useStartSetup();
  const confirm = useConfirmSetup();
  const [code, setCode] = useState('');

  if (confirm.data) return <RecoveryCodesPanel codes={confirm.data.recoveryCodes} onDone={onDone} />;

  if (!start.data)
    return (
      <Stack gap="xs" align="flex-start">
        <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="two-factor-start">
          {t('twoFactor.start')}
        </Button>
        {start.isError && (
          <Text c="red" size="sm" role="alert">
            {errorMessage(start.error)}
          </Text>
        )}
      </Stack>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) confirm.mutate(code.trim());
  };

  return (
    <Stack gap="sm" data-testid="two-factor-setup">
      <Text size="sm">{t('twoFactor.scan')}</Text>
      <Image src={start.data.qrCode} alt={t('twoFactor.qrAlt')} w={200} h={200} data-testid="two-factor-qr" />
      <Text size="sm" c="dimmed">
        {t('twoFactor.manual')}{' '}
        <Code data-testid="two-factor-secret">{start.data.secret.match(/.{1,4}/g)?.join(' ')}</Code>
      </Text>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Text size="sm">{t('twoFactor.enterCode')}</Text>
          <Group align="flex-start">
            <TextInput
              aria-label={t('twoFactor.code')}
              placeholder="123456"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={7}
              w={140}
              value={code}
              error={confirm.isError ? errorMessage(confirm.error) : undefined}
              onChange={(event) => setCode(event.currentTarget.value)}
              data-testid="two-factor-code"
            />
            <Button type="submit" loading={confirm.isPending} disabled={!code.trim()}>
              {t('twoFactor.confirm')}
            </Button>
            {onCancel && (
              <Button variant="subtle" onClick={onCancel}>
                {t('twoFactor.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
