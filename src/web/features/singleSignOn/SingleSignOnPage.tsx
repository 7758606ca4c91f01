// Sign-in through an identity provider (/single-sign-on): one card with the workspace's
// OpenID Connect settings (issuer, client, button label, domains, who may sign in how), and
// what to register at the provider (the redirect URI) and share with users (the sign-in link).
// Admins only; the server decides, others see why they cannot.
import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { staffRoles as roles } from '../../../contract/users.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { serverErrors, type FieldErrors } from '../forms/fieldErrors.ts';
import {
  type OidcSettingsInput,
  type OidcSetup,
  useOidcSetup,
  useRemoveOidcSettings,
  useSaveOidcSettings,
} from './singleSignOnApi.ts';

type Values = Required<Omit<OidcSettingsInput, 'clientSecret'>> & { clientSecret: string };

const valuesOf = (setup: OidcSetup): Values => ({
  enabled: setup.settings?.enabled ?? true,
  issuer: setup.settings?.issuer ?? '',
  clientId: setup.settings?.clientId ?? '',
  clientSecret: '',
  label: setup.settings?.label ?? '',
  allowedDomains: setup.settings?.allowedDomains ?? [],
  passwordSignIn: setup.settings?.passwordSignIn ?? true,
  autoCreate: setup.settings?.autoCreate ?? false,
  defaultRole: setup.settings?.defaultRole ?? 'agent',
});

function Copyable({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="subtle" onClick={copy}>
              {copied ? t('singleSignOn.copied') : t('singleSignOn.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

function SettingsForm({ setup }: { setup: OidcSetup }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSaveOidcSettings();
  const remove = useRemoveOidcSettings();
  const [values, setValues] = useState<Values>(() => valuesOf(setup));
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => setValues(valuesOf(setup)), [setup]);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { clientSecret, ...rest } = values;
    save.mutate(clientSecret ? { ...rest, clientSecret } : rest, {
      onSuccess: () => {
        setErrors({});
        notifications.show({ color: 'green', message: t('singleSignOn.saved') });
      },
      onError: (error) => {
        const found = serverErrors(error, t);
        // The issuer did not answer its discovery: say so at the field, in the user's words.
        if (error instanceof ApiError && error.code === 'oidc_discovery_failed')
          found.issuer = t('problems.codes.oidc_discovery_failed');
        setErrors(found);
        if (Object.keys(found).length === 0) notifications.show({ color: 'red', message: errorMessage(error) });
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="oidc-settings">
      <Stack gap="md">
        <Switch
          label={t('singleSignOn.enabled')}
          checked={values.enabled}
          onChange={(event) => set('enabled', event.currentTarget.checked)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('singleSignOn.label')}
            description={t('singleSignOn.labelHint')}
            name="label"
            required
            value={values.label}
            error={errors.label}
            onChange={(event) => set('label', event.currentTarget.value)}
          />
          <TextInput
            label={t('singleSignOn.issuer')}
            description={t('singleSignOn.issuerHint')}
            name="issuer"
            type="url"
            required
            value={values.issuer}
            error={errors.issuer}
            onChange={(event) => set('issuer', event.currentTarget.value)}
          />
          <TextInput
            label={t('singleSignOn.clientId')}
            name="clientId"
            required
            value={values.clientId}
            error={errors.clientId}
            onChange={(event) => set('clientId', event.currentTarget.value)}
          />
          <PasswordInput
            label={t('singleSignOn.clientSecret')}
            description={
              setup.settings?.hasClientSecret ? t('singleSignOn.clientSecretKept') : t('singleSignOn.clientSecretHint')
            }
            name="clientSecret"
            autoComplete="off"
            required={!setup.settings?.hasClientSecret}
            value={values.clientSecret}
            error={errors.clientSecret}
            onChange={(event) => set('clientSecret', event.currentTarget.value)}
          />
        </SimpleGrid>
        <TagsInput
          label={t('singleSignOn.allowedDomains')}
          description={t('singleSignOn.allowedDomainsHint')}
          placeholder={t('singleSignOn.allowedDomainsPlaceholder')}
          value={values.allowedDomains}
          error={
            errors.allowedDomains ?? Object.entries(errors).find(([path]) => path.startsWith('allowedDomains'))?.[1]
          }
          onChange={(domains) => set('allowedDomains', domains)}
          splitChars={[',', ' ', ';']}
        />
        <Switch
          label={t('singleSignOn.passwordSignIn')}
          description={t('singleSignOn.passwordSignInHint')}
          checked={values.passwordSignIn}
          onChange={(event) => set('passwordSignIn', event.currentTarget.checked)}
        />
        <Switch
          label={t('singleSignOn.autoCreate')}
          description={t('singleSignOn.autoCreateHint')}
          checked={values.autoCreate}
          onChange={(event) => set('autoCreate', event.currentTarget.checked)}
        />
        {values.autoCreate && (
          <Select
            label={t('singleSignOn.defaultRole')}
            data={[...roles].reverse().map((role) => ({ value: role, label: t(`singleSignOn.roles.${role}`) }))}
            value={values.defaultRole}
            allowDeselect={false}
            maw={260}
            onChange={(role) => role && set('defaultRole', role as Values['defaultRole'])}
          />
        )}
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="oidc-save">
            {t('singleSignOn.save')}
          </Button>
          {setup.settings && (
            <Button
              variant="light"
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => notifications.show({ color: 'green', message: t('singleSignOn.removed') }),
                  onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                })
              }
            >
              {t('singleSignOn.remove')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

export default function SingleSignOnPage() {
  const { t } = useTranslation();
  const setup = useOidcSetup();
  return (
    <Stack p="md" gap="md" maw={900}>
      <div>
        <Title order={1} size="h2">
          {t('singleSignOn.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('singleSignOn.intro')}
        </Text>
      </div>
      {setup.isPending ? (
        <LoadingState />
      ) : setup.error ? (
        setup.error instanceof ApiError && setup.error.status === 403 ? (
          <Alert color="gray" data-testid="oidc-admins-only">
            {t('singleSignOn.adminsOnly')}
          </Alert>
        ) : (
          <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />
        )
      ) : (
        <Paper withBorder p="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              {t('singleSignOn.card')}
            </Title>
            <Copyable label={t('singleSignOn.redirectUri')} value={setup.data.redirectUri} testId="oidc-redirect-uri" />
            <SettingsForm setup={setup.data} />
            <Copyable label={t('singleSignOn.signInUrl')} value={setup.data.signInUrl} testId="oidc-sign-in-url" />
            <Text size="xs" c="dimmed">
              {t('singleSignOn.mfaNote')}
            </Text>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
