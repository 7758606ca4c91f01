// One server of a mailbox (IMAP to read, SMTP to send): host, port and security (the port
// follows the security), user name (the address unless told otherwise), password, and trust in
// a self-signed certificate. A failed check of this server is shown on top, and the fields it
// concerns are marked.
import {
  Checkbox,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CheckFailureCode } from '../../../contract/mailboxes.ts';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import { CheckProblem } from './CheckProblem.tsx';
import { type CheckFailure, type Security, type ServerKind, type ServerValues, withSecurity } from './mailboxForm.ts';

type Field = keyof ServerValues;

/** The fields a failed check is about: they are marked where the user can fix it. */
const concerns: Record<CheckFailureCode, Field[]> = {
  dns: ['host'],
  unreachable: ['host', 'port', 'security'],
  timeout: ['host', 'port'],
  tls: ['port', 'security', 'trustSelfSigned'],
  auth: ['username', 'password'],
  protocol: ['host', 'port'],
  folder_missing: [],
};

const securities: Security[] = ['tls', 'starttls', 'none'];

export function ServerSection({
  kind,
  server,
  onChange,
  address,
  errors,
  failures,
  passwordStored,
}: {
  kind: ServerKind;
  server: ServerValues;
  onChange(server: ServerValues): void;
  /** The mailbox's address: the user name when none is typed. */
  address: string;
  errors: FieldErrors;
  failures: CheckFailure[];
  /** When changing a saved mailbox: an empty password keeps the stored one. */
  passwordStored: boolean;
}) {
  const { t } = useTranslation();
  const own = failures.filter((failure) => failure.server === kind && failure.code !== 'folder_missing');
  const marked = new Set(own.flatMap((failure) => concerns[failure.code]));
  // A field with an error of its own says it; one a failed check concerns is only outlined red.
  const error = (field: Field) => errors[`${kind}.${field}`] ?? marked.has(field);
  const set = <F extends Field>(field: F, value: ServerValues[F]) => onChange({ ...server, [field]: value });
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={`mailbox-${kind}-title`}
      data-testid={`mailbox-${kind}`}
    >
      <Stack gap="sm">
        <Title order={3} size="h5" id={`mailbox-${kind}-title`}>
          {t(`mailboxes.form.sections.${kind}`)}
        </Title>
        {own.map((failure) => (
          <CheckProblem key={failure.code} {...failure} withServer={false} />
        ))}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('mailboxes.form.host')}
            placeholder={kind === 'imap' ? 'imap.example.de' : 'smtp.example.de'}
            value={server.host}
            onChange={(event) => set('host', event.currentTarget.value)}
            error={error('host')}
            required
            autoComplete="off"
            spellCheck={false}
          />
          <NativeSelect
            label={t('mailboxes.form.security')}
            data={securities.map((value) => ({ value, label: t(`mailboxes.form.securityOptions.${value}`) }))}
            value={server.security}
            onChange={(event) => onChange(withSecurity(server, kind, event.currentTarget.value as Security))}
            error={error('security')}
          />
          <NumberInput
            label={t('mailboxes.form.port')}
            value={server.port}
            onChange={(value) => set('port', typeof value === 'number' ? value : '')}
            error={error('port')}
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={false}
            required
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('mailboxes.form.username')}
            description={t('mailboxes.form.usernameHint')}
            placeholder={address}
            value={server.username}
            onChange={(event) => set('username', event.currentTarget.value)}
            error={error('username')}
            autoComplete="off"
            spellCheck={false}
          />
          <PasswordInput
            label={t('mailboxes.form.password')}
            description={passwordStored ? t('mailboxes.form.passwordKeep') : t('mailboxes.form.passwordHint')}
            placeholder={passwordStored ? `•••••••• (${t('mailboxes.form.passwordStored')})` : undefined}
            value={server.password}
            onChange={(event) => set('password', event.currentTarget.value)}
            error={error('password')}
            required={!passwordStored}
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
          />
        </SimpleGrid>
        <Checkbox
          label={t('mailboxes.form.trustSelfSigned')}
          description={t('mailboxes.form.trustSelfSignedHint')}
          checked={server.trustSelfSigned}
          onChange={(event) => set('trustSelfSigned', event.currentTarget.checked)}
          error={marked.has('trustSelfSigned') || undefined}
        />
      </Stack>
    </Paper>
  );
}
