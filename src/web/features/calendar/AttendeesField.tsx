// Who is invited: contacts found by name, colleagues (users) and any email address typed in,
// in one field. Each choice keeps its label, so chosen contacts stay named while the search
// moves on.
import { useState } from 'react';
import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AttendeeInput } from '../../../contract/appointments.ts';
import { api } from '../../app/api.ts';
import { useUserNames } from '../users/usersApi.ts';

export interface AttendeeChoice {
  key: string;
  label: string;
  input: AttendeeInput;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function contactChoice(id: string, name: string): AttendeeChoice {
  return { key: `contact:${id}`, label: name, input: { contactId: id } };
}

export function AttendeesField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: AttendeeChoice[];
  onChange(value: AttendeeChoice[]): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const users = useUserNames();
  const hits = useQuery({
    queryKey: ['search', 'attendees', debounced],
    queryFn: ({ signal }) =>
      api<{ data: Array<{ id: string; title: string; subtitle: string | null }> }>('/search', {
        query: { q: debounced, types: 'contact', limit: 10 },
        signal,
      }),
    enabled: debounced.length > 0,
    staleTime: 30_000,
  });

  const offered = new Map<string, AttendeeChoice>(value.map((choice) => [choice.key, choice]));
  for (const hit of hits.data?.data ?? []) {
    const choice = contactChoice(hit.id, hit.subtitle ? `${hit.title} · ${hit.subtitle}` : hit.title);
    if (!offered.has(choice.key)) offered.set(choice.key, choice);
  }
  for (const user of users.data?.data ?? []) {
    const key = `user:${user.id}`;
    if (user.active && !offered.has(key)) offered.set(key, { key, label: user.name, input: { userId: user.id } });
  }
  const typed = search.trim();
  if (emailPattern.test(typed) && !offered.has(`email:${typed.toLowerCase()}`))
    offered.set(`email:${typed.toLowerCase()}`, {
      key: `email:${typed.toLowerCase()}`,
      label: typed,
      input: { email: typed },
    });

  const group = (prefix: string) => [...offered.values()].filter((choice) => choice.key.startsWith(prefix));
  const data = (
    [
      ['contact:', t('calendar.form.attendeeGroups.contacts')],
      ['user:', t('calendar.form.attendeeGroups.users')],
      ['email:', t('calendar.form.attendeeGroups.emails')],
    ] as const
  )
    .map(([prefix, name]) => ({
      group: name,
      items: group(prefix).map((choice) => ({ value: choice.key, label: choice.label })),
    }))
    .filter((entry) => entry.items.length > 0);

  const lower = search.trim().toLowerCase();
  return (
    <MultiSelect
      label={label}
      data={data}
      value={value.map((choice) => choice.key)}
      onChange={(keys) => {
        onChange(keys.flatMap((key) => (offered.has(key) ? [offered.get(key)!] : [])));
        setSearch('');
      }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // Contacts are searched by the server; users and a typed address are filtered here.
      filter={({ options }) =>
        options
          .map((entry) =>
            'group' in entry
              ? {
                  ...entry,
                  items: entry.items.filter(
                    (item) =>
                      !item.value.startsWith('user:') || (lower !== '' && item.label.toLowerCase().includes(lower)),
                  ),
                }
              : entry,
          )
          .filter((entry) => !('group' in entry) || entry.items.length > 0)
      }
      placeholder={t('calendar.form.attendeesPlaceholder')}
      nothingFoundMessage={typed ? t('forms.nothingFound') : t('forms.typeToSearch')}
      error={error}
      data-testid="appointment-attendees"
    />
  );
}
