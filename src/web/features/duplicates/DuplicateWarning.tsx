// The warning of likely duplicates in the create forms of contacts and companies: once enough
// is typed to tell (a name plus an email, a phone or a company), the form asks the matcher
// (debounced) and lists the likely matches with links. Saving stays possible: the user may
// confirm with "create anyway", which hides the warning until the entry changes.
import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { type Candidate, type DuplicateType, percent } from './duplicatesApi.ts';

/** How long typing must pause before the form asks. */
const debounceMs = 400;

interface Entry {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  emails?: Array<{ email: string }>;
  phones?: Array<{ number: string }>;
  companyId?: string | null;
}

/** Whether enough is typed for a useful question. */
function enough(type: DuplicateType, entry: Entry): boolean {
  const direct = Boolean(
    entry.emails?.some((e) => e.email.includes('@')) ||
      entry.phones?.some((p) => p.number.replace(/\D/g, '').length >= 6),
  );
  // A contact without a last name (an email or phone only) is asked about by that email or phone.
  if (type === 'contacts') return entry.lastName?.trim() ? direct || Boolean(entry.companyId) : direct;
  return (entry.name?.trim().length ?? 0) >= 3;
}

/** Only what the check can use, and only well-formed entries (a half-typed email would be refused). */
function question({ companyId: _company, ...entry }: Entry): Entry {
  return {
    ...entry,
    emails: entry.emails?.filter((e) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e.email.trim())),
    phones: entry.phones?.filter((p) => p.number.replace(/\D/g, '').length >= 6),
  };
}

/** The likely duplicates of what is typed (an empty list while too little is typed). `entry` null: editing, no check. */
export function useDuplicateCheck(type: DuplicateType, entry: Entry | null) {
  const wanted = entry && enough(type, entry) ? JSON.stringify(question(entry)) : null;
  const [asked, setAsked] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setAsked(wanted), debounceMs);
    return () => clearTimeout(timer);
  }, [wanted]);
  const query = useQuery({
    queryKey: ['duplicates', 'check', type, asked],
    queryFn: ({ signal }) =>
      api<{ candidates: Candidate[] }>(`/${type}/duplicates`, {
        method: 'POST',
        body: JSON.parse(asked as string),
        signal,
      }),
    enabled: asked !== null,
    staleTime: 30_000,
    retry: false,
  });
  return { candidates: asked !== null ? (query.data?.candidates ?? []) : [], key: asked };
}

export function DuplicateWarning({
  type,
  check,
}: {
  type: DuplicateType;
  check: ReturnType<typeof useDuplicateCheck>;
}) {
  const { t } = useTranslation();
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  if (check.candidates.length === 0 || confirmedFor === check.key) return null;
  return (
    <Alert color="yellow" title={t('duplicates.warning.title')} data-testid="duplicate-warning">
      <Text size="sm">{t('duplicates.warning.text')}</Text>
      <List size="sm" my="xs">
        {check.candidates.map((c) => (
          <List.Item key={c.id}>
            <Anchor component={Link} to={`/${type}/${c.id}`} target="_blank">
              {c.record?.name ?? c.id}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              {[c.record?.emails?.[0], c.record?.companyName, c.record?.city].filter(Boolean).join(' · ')}
              {' · '}
              {t('duplicates.score', { percent: percent(c.score) })}
            </Text>
          </List.Item>
        ))}
      </List>
      <Group>
        <Button size="xs" variant="default" onClick={() => setConfirmedFor(check.key)}>
          {t('duplicates.warning.createAnyway')}
        </Button>
      </Group>
    </Alert>
  );
}
