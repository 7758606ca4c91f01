// A new password typed twice (the account page's change, a reset link's page), with the
// mismatch shown at the second field. The rules themselves are the server's.
import { useState } from 'react';
import { PasswordInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The new password and its repetition; `password` is what to send once `ready`. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const mismatch = repeated.length > 0 && password !== repeated;
  return {
    password,
    repeated,
    setPassword,
    setRepeated,
    mismatch,
    ready: password.length > 0 && password === repeated,
    clear: () => {
      setPassword('');
      setRepeated('');
    },
  };
}

export function NewPasswordFields({
  state,
  autoFocus,
  maw,
}: {
  state: ReturnType<typeof useNewPassword>;
  autoFocus?: boolean;
  maw?: number;
}) {
  const { t } = useTranslation();
  const toggle = { 'aria-label': t('signIn.togglePassword') };
  return (
    <>
      <PasswordInput
        label={t('account.password.new')}
        autoComplete="new-password"
        required
        autoFocus={autoFocus}
        maw={maw}
        value={state.password}
        visibilityToggleButtonProps={toggle}
        onChange={(event) => state.setPassword(event.currentTarget.value)}
      />
      <PasswordInput
        label={t('account.password.repeat')}
        autoComplete="new-password"
        required
        maw={maw}
        value={state.repeated}
        error={state.mismatch ? t('account.password.mismatch') : undefined}
        visibilityToggleButtonProps={toggle}
        onChange={(event) => state.setRepeated(event.currentTarget.value)}
      />
    </>
  );
}
