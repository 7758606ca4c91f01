// Sign-in: email and password against POST /auth/login; the server's problem detail on failure.
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { startPath } from '../../app/areas.tsx';
import { languages, currentLanguage } from '../../i18n/index.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { safeNext } from './safeNext.ts';

export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const { me, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'), startPath);

  // The form shows at once, not after the first /auth/me: a spinner that the form replaced
  // when the answer came would lose what was typed meanwhile. A session that turns up
  // (already signed in) leaves for the app.
  if (me && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={(event) => void submit(event)} noValidate={false}>
          <Stack>
            <div>
              <Title order={1} size="h2">
                {t('signIn.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('app.tagline')}
              </Text>
            </div>
            {error && (
              <Alert color="red" title={t('signIn.failed')} role="alert" data-testid="sign-in-error">
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
            <PasswordInput
              label={t('signIn.password')}
              name="password"
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('signIn.submit')}
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
              {t('passwordReset.forgot')}
            </Anchor>
            <SegmentedControl
              size="xs"
              aria-label={t('user.language')}
              value={currentLanguage()}
              onChange={(lng) => void i18n.changeLanguage(lng)}
              data={languages.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
            />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
