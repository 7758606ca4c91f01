// "Forgot password?" (/forgot-password): the email to send a one-time link to, when this server
// sends mail (FARLEY_SMTP_URL); otherwise the way that is left: ask an admin for a link. The
// answer is the same whether or not the email is known.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PasswordResetOptions } from '../../../contract/account.ts';
import { api } from '../../app/api.ts';
import { LoadingState, useErrorMessage } from '../../ui/states.tsx';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const options = useQuery({
    queryKey: ['auth', 'password-reset'],
    queryFn: ({ signal }) => api<PasswordResetOptions>('/auth/password-reset', { signal }),
  });
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password-reset', { method: 'POST', body: { email: email.trim() } });
      setSent(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  let body: ReactNode;
  if (options.isPending) body = <LoadingState />;
  else if (!options.data?.byEmail)
    body = (
      <Alert color="blue" data-testid="ask-admin">
        {t('passwordReset.askAdmin')}
      </Alert>
    );
  else if (sent)
    body = (
      <Alert color="green" role="status" data-testid="reset-sent">
        {t('passwordReset.sent', { email: email.trim() })}
      </Alert>
    );
  else
    body = (
      <form onSubmit={(event) => void submit(event)}>
        <Stack>
          <Text size="sm">{t('passwordReset.intro')}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('signIn.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <Button type="submit" loading={busy} fullWidth>
            {t('passwordReset.send')}
          </Button>
        </Stack>
      </form>
    );

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            {t('passwordReset.forgotTitle')}
          </Title>
          {body}
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('passwordReset.backToSignIn')}
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}
