// My name and language: what colleagues see and what the app (and Farley's mail) speaks.
import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { languages } from '../../i18n/index.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { useUpdateProfile } from './accountApi.ts';

export function ProfileCard() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const update = useUpdateProfile();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState(me?.user.name ?? '');
  const [locale, setLocale] = useState<string>(me?.user.locale ?? 'de');
  if (!me) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const language = locale === 'en' ? 'en' : 'de';
    update.mutate(
      { name: name.trim(), locale: language },
      {
        onSuccess: () => {
          void i18n.changeLanguage(language);
          notifications.show({ color: 'green', message: t('account.profile.saved') });
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-profile">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4} id="account-profile">
            {t('account.profile.title')}
          </Title>
          <TextInput label={t('account.profile.email')} value={me.user.email} readOnly maw={420} />
          <TextInput
            label={t('account.profile.name')}
            value={name}
            maxLength={200}
            required
            maw={420}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Select
            label={t('account.profile.language')}
            description={t('account.profile.languageHint')}
            data={languages.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
            value={locale}
            allowDeselect={false}
            maw={420}
            onChange={(value) => setLocale(value ?? 'de')}
          />
          <Group>
            <Button type="submit" loading={update.isPending} disabled={!name.trim()}>
              {t('account.profile.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
