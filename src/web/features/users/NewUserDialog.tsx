// A new colleague: name, email, role, language, and no password: the admin gets a one-time
// link for them to choose their own (an invitation to hand over).
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roles } from '../../../contract/users.ts';
import { languages } from '../../i18n/index.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { type User, useCreateUser } from './usersApi.ts';

export function NewUserDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  onCreated(user: User): void;
}) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<User['role']>('agent');
  const [locale, setLocale] = useState<'de' | 'en'>('de');

  const close = () => {
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), email: email.trim(), role, locale },
      {
        onSuccess: (user) => {
          setName('');
          setEmail('');
          onCreated(user);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('users.new.title')}>
      <form onSubmit={submit}>
        <Stack gap="sm" data-testid="new-user">
          {create.isError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <TextInput
            label={t('users.name')}
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label={t('users.email')}
            type="email"
            required
            maxLength={254}
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <Select
            label={t('users.role')}
            data={roles.map((value) => ({ value, label: t(`users.roles.${value}`) }))}
            value={role}
            allowDeselect={false}
            onChange={(value) => setRole((value as User['role'] | null) ?? 'agent')}
          />
          <Select
            label={t('users.language')}
            data={languages.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
            value={locale}
            allowDeselect={false}
            onChange={(value) => setLocale(value === 'en' ? 'en' : 'de')}
          />
          <Alert color="blue">{t('users.new.hint')}</Alert>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('users.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || !email.trim()}>
              {t('users.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
