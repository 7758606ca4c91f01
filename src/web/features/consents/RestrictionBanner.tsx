// The notice at the top of a restricted contact's page (GDPR Art. 18): why, since when and by
// whom, and for managers and admins the way to lift it.
import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../contract/contacts.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { problemText } from '../../ui/problems.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { useUserNames } from '../users/usersApi.ts';
import { useRestriction } from './consentsApi.ts';

export function RestrictionBanner({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const users = useUserNames();
  const { lift } = useRestriction(contact.id);
  const restriction = contact.restriction;
  if (!restriction) return null;
  const by = users.data?.data.find((u) => u.id === restriction.restrictedBy)?.name ?? '';
  const mayLift = me?.user.role === 'manager' || me?.user.role === 'admin';
  return (
    <Alert color="red" variant="light" mb="sm" title={t('consents.restricted.title')} data-testid="restriction-banner">
      <Text size="sm">{t('consents.restricted.body')}</Text>
      <Text size="sm" mt={4}>
        {t('consents.restricted.since', { when: formatDateTime(restriction.restrictedAt, locale), by })}
      </Text>
      <Text size="sm" mt={4} fw={500} data-testid="restriction-reason">
        {t('consents.restricted.reason')}: {restriction.reason}
      </Text>
      {mayLift && (
        <Group mt="xs">
          <Button
            size="compact-sm"
            variant="white"
            color="red"
            loading={lift.isPending}
            onClick={() => lift.mutate()}
            data-testid="lift-restriction"
          >
            {t('consents.restricted.lift')}
          </Button>
          {lift.isError && (
            <Text size="sm" c="red">
              {problemText(lift.error, t)}
            </Text>
          )}
        </Group>
      )}
    </Alert>
  );
}
