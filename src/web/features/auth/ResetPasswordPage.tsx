// A one-time link's page (/reset-password#token=…): choose a new password. The secret stays in
// the fragment, which the browser never sends to a server; the page posts it once.
import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { NewPasswordFields, useNewPassword } from '../account/NewPasswordFields.tsx';

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const next = useNewPassword();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!next.ready) return;
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password-reset/complete', { method: 'POST', body: { token, password: next.password } });
      setDone(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            {t('passwordReset.resetTitle')}
          </Title>
          {done ? (
            <Alert color="green" role="status" data-testid="reset-done">
              {t('passwordReset.done')}
            </Alert>
          ) : !token ? (
            <Alert color="red" role="alert">
              {t('problems.codes.reset_link_invalid')}
            </Alert>
          ) : (
            <form onSubmit={(event) => void submit(event)}>
              <Stack>
                <Text size="sm">{t('account.password.rules')}</Text>
                {error && (
                  <Alert color="red" role="alert" data-testid="reset-error">
                    {error}
                  </Alert>
                )}
                <NewPasswordFields state={next} autoFocus />
                <Button type="submit" loading={busy} disabled={!next.ready} fullWidth>
                  {t('passwordReset.save')}
                </Button>
              </Stack>
            </form>
          )}
          <Anchor component={Link} to="/sign-in" size="sm">
            {done ? t('passwordReset.signIn') : t('passwordReset.backToSignIn')}
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}
