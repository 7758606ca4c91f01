// Asks for the password or a code before a change of two-factor sign-in (turning it off, new
// recovery codes): a session left open on someone else's screen must not be enough.
import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TwoFactorProof } from './twoFactorApi.ts';

export function ProofModal({
  opened,
  title,
  hint,
  busy,
  error,
  onClose,
  onProof,
}: {
  opened: boolean;
  title: string;
  hint: string;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onProof: (proof: TwoFactorProof) => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onProof(password ? { password } : { code: code.trim() });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">{hint}</Text>
          <Text size="sm" c="dimmed">
            {t('twoFactor.proofHint')}
          </Text>
          <PasswordInput
            label={t('twoFactor.password')}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            data-testid="proof-password"
          />
          <TextInput
            label={t('twoFactor.orCode')}
            autoComplete="one-time-code"
            maxLength={20}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            data-testid="proof-code"
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('twoFactor.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!password && !code.trim()} data-testid="proof-submit">
              {t('twoFactor.proofSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
