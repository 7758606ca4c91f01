// Sign-in: email and password against POST /auth/login, then for users with two-factor
// sign-in a code of their authenticator app (or a recovery code) against
// POST /auth/login/second-factor; the server's problem on failure. A workspace with an
// identity provider gets its "Sign in with …" button, found by the domain of the typed email
// or by the workspace in the link an admin shared (`?workspace=`); a sign-in at the provider
// that failed comes back here with `?error=<problem code>`.
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
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
import { ApiError } from '../../app/api.ts';
import { safeNext } from '../../../contract/safeNext.ts';
import { returnedError, startUrl, useProviders } from './oidcApi.ts';

export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const { me, signIn, completeSignIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After a right password of a user with two-factor sign-in: the code, from the app or a recovery code.
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const next = safeNext(params.get('next'), startPath);
  const providers = useProviders(email, params.get('workspace'));
  const providerError = returnedError(params.get('error'));

  // The form shows at once, not after the first /auth/me: a spinner that the form replaced
  // when the answer came would lose what was typed meanwhile. A session that turns up
  // (already signed in) leaves for the app.
  if (me && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (step === 'code') await completeSignIn(code.trim());
      else if ((await signIn(email.trim(), password)) === 'second-factor') {
        setStep('code');
        setBusy(false);
        return;
      }
      navigate(next, { replace: true });
    } catch (failure) {
      setError(errorMessage(failure));
      // A pending sign-in that expired or was tried too often needs the password again.
      if (failure instanceof ApiError && failure.code === 'sign_in_expired') backToPassword();
      setBusy(false);
    }
  };

  const backToPassword = () => {
    setStep('password');
    setCode('');
    setRecovery(false);
    setPassword('');
  };

  const codeStep = (
    <>
      <Text size="sm">{t(recovery ? 'signIn.recoveryHint' : 'signIn.codeHint')}</Text>
      <TextInput
        key={recovery ? 'recovery' : 'app'}
        label={t(recovery ? 'signIn.recoveryCode' : 'signIn.code')}
        name="code"
        autoComplete="one-time-code"
        inputMode={recovery ? 'text' : 'numeric'}
        maxLength={recovery ? 20 : 7}
        required
        autoFocus
        data-testid="sign-in-code"
        value={code}
        onChange={(event) => setCode(event.currentTarget.value)}
      />
      <Button type="submit" loading={busy} fullWidth>
        {t('signIn.verify')}
      </Button>
      <Anchor
        component="button"
        type="button"
        size="sm"
        data-testid="use-recovery-code"
        onClick={() => {
          setRecovery(!recovery);
          setCode('');
          setError(null);
        }}
      >
        {t(recovery ? 'signIn.useApp' : 'signIn.useRecoveryCode')}
      </Anchor>
      <Anchor component="button" type="button" size="sm" c="dimmed" onClick={backToPassword}>
        {t('signIn.back')}
      </Anchor>
    </>
  );

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
            {providerError && !error && (
              <Alert color="red" title={t('signIn.failed')} role="alert" data-testid="sign-in-error">
                {t(`problems.codes.${providerError}`)}
              </Alert>
            )}
            {error && (
              <Alert color="red" title={t('signIn.failed')} role="alert" data-testid="sign-in-error">
                {error}
              </Alert>
            )}
            {step === 'code' ? (
              codeStep
            ) : (
              <>
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
                {providers.length > 0 && (
                  <>
                    <Divider label={t('signIn.or')} labelPosition="center" />
                    {providers.map((provider) => (
                      <Button
                        key={provider.workspaceId}
                        component="a"
                        href={startUrl(provider, next, email)}
                        variant="default"
                        fullWidth
                        data-testid="sign-in-provider"
                      >
                        {t('signIn.withProvider', { label: provider.label })}
                      </Button>
                    ))}
                  </>
                )}
              </>
            )}
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
