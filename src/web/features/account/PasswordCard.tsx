// Changing my password: the current one, the new one twice. The rules are the server's (NIST
// SP 800-63B: length, no common password, none of my words); a refusal names the rule broken.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from './accountApi.ts';
import { NewPasswordFields, useNewPassword } from './NewPasswordFields.tsx';
import { useErrorMessage } from '../../ui/states.tsx';

export function PasswordCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const next = useNewPassword();
  const [error, setError] = useState<string | null>(null);
  const toggle = { 'aria-label': t('signIn.togglePassword') };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!next.ready) return;
    setError(null);
    change.mutate(
      { currentPassword: current, newPassword: next.password },
      {
        onSuccess: () => {
          setCurrent('');
          next.clear();
          notifications.show({ color: 'green', message: t('account.password.changed') });
        },
        onError: (failure) => setError(errorMessage(failure)),
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-password">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4} id="account-password">
            {t('account.password.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('account.password.rules')}
          </Text>
          {error && (
            <Alert color="red" role="alert" data-testid="password-error">
              {error}
            </Alert>
          )}
          <PasswordInput
            label={t('account.password.current')}
            autoComplete="current-password"
            required
            maw={420}
            value={current}
            visibilityToggleButtonProps={toggle}
            onChange={(event) => setCurrent(event.currentTarget.value)}
          />
          <NewPasswordFields state={next} maw={420} />
          <Text size="sm" c="dimmed">
            {t('account.password.endsOthers')}
          </Text>
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!current || !next.ready}>
              {t('account.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
