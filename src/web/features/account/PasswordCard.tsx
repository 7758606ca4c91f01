// Changing my password: the current one, the new one twice. The rules are the server's (NIST
// SP 800-63B: length, no common password, none of my words); a refusal names the rule broken.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from './accountApi.ts';
import { useErrorMessage } from '../../ui/states.tsx';

export function PasswordCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mismatch = repeated.length > 0 && next !== repeated;
  const toggle = { 'aria-label': t('signIn.togglePassword') };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setError(null);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeated('');
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
          <PasswordInput
            label={t('account.password.new')}
            autoComplete="new-password"
            required
            maw={420}
            value={next}
            visibilityToggleButtonProps={toggle}
            onChange={(event) => setNext(event.currentTarget.value)}
          />
          <PasswordInput
            label={t('account.password.repeat')}
            autoComplete="new-password"
            required
            maw={420}
            value={repeated}
            error={mismatch ? t('account.password.mismatch') : undefined}
            visibilityToggleButtonProps={toggle}
            onChange={(event) => setRepeated(event.currentTarget.value)}
          />
          <Text size="sm" c="dimmed">
            {t('account.password.endsOthers')}
          </Text>
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!current || !next || mismatch}>
              {t('account.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
