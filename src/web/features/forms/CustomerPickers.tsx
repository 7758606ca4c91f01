// Who a deal or an order is with: a company found by typing, and a contact, where the chosen company's
// people come first and everyone else after. Picking a contact of exactly one company fills
// in the company when none is chosen yet.
import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CompanyPerson } from '../../../contract/affiliations.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { shownPersonName } from '../../ui/names.ts';
import { api, type Page } from '../../app/api.ts';
import { RecordSelect } from '../forms/pickers.tsx';

interface Option {
  value: string;
  label: string;
}

export function CompanyPicker({
  value,
  onChange,
  label,
  error,
}: {
  value: string | null;
  onChange(id: string | null): void;
  label: string;
  error?: string;
}) {
  return (
    <RecordSelect
      type="company"
      label={label}
      value={value}
      onChange={onChange}
      error={error}
      data-testid="pick-company"
    />
  );
}

/** The one company a contact belongs to, if exactly one (null also when it cannot be read). */
export async function onlyCompanyOf(contactId: string): Promise<{ id: string; name: string } | null> {
  const contact = await api<Contact>(`/contacts/${contactId}`).catch(() => null);
  const companies = contact?.companies ?? [];
  return companies.length === 1 ? { id: companies[0]!.companyId, name: companies[0]!.name } : null;
}

/**
 * The contact. `onChange` tells the choice at once; `onOnlyCompany`, a moment later, the one
 * company of the chosen contact, if it has exactly one.
 */
export function ContactPicker({
  companyId,
  value,
  onChange,
  onOnlyCompany,
  label,
  error,
}: {
  companyId: string | null;
  value: string | null;
  onChange(id: string | null): void;
  onOnlyCompany?(company: { id: string; name: string }): void;
  label: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const company = useQuery({
    queryKey: ['companies', 'detail', companyId],
    queryFn: ({ signal }) => api<{ name: string }>(`/companies/${companyId}`, { signal }),
    enabled: !!companyId,
    staleTime: 60_000,
  });
  const people = useQuery({
    queryKey: ['companies', 'detail', companyId, 'people', 'picker'],
    queryFn: ({ signal }) =>
      api<Page<CompanyPerson>>(`/companies/${companyId}/people`, { query: { limit: 100 }, signal }),
    enabled: !!companyId,
    staleTime: 60_000,
  });
  const hits = useQuery({
    queryKey: ['search', 'picker', 'contact', debounced],
    queryFn: ({ signal }) =>
      api<{ data: Array<{ id: string; title: string; subtitle: string | null }> }>('/search', {
        query: { q: debounced, types: 'contact', limit: 15 },
        signal,
      }),
    enabled: debounced.length > 0,
    staleTime: 30_000,
  });
  const chosen = useQuery({
    queryKey: ['contacts', 'detail', value],
    queryFn: ({ signal }) => api<Contact>(`/contacts/${value}`, { signal }),
    enabled: !!value,
    staleTime: 60_000,
  });

  const typed = search.trim().toLocaleLowerCase();
  const allOwn = (people.data?.data ?? []).map((person) => ({ value: person.id, label: shownPersonName(person, t) }));
  // The chosen person is always the first option, under one label whatever the search finds: the
  // select puts a new label of the chosen option into the search box, over what the user is typing.
  const ownLabel = allOwn.find((option) => option.value === value)?.label;
  const current: Option[] = value
    ? [{ value, label: chosen.data ? shownPersonName(chosen.data, t) : (ownLabel ?? t('forms.loading')) }]
    : [];
  const own: Option[] = allOwn.filter(
    (option) => option.value !== value && (!typed || option.label.toLocaleLowerCase().includes(typed)),
  );
  const ownIds = new Set(own.map((option) => option.value));
  const others: Option[] = (hits.data?.data ?? [])
    .filter((hit) => hit.id !== value && !ownIds.has(hit.id))
    .map((hit) => ({ value: hit.id, label: hit.subtitle ? `${hit.title} · ${hit.subtitle}` : hit.title }));
  const data = companyId
    ? [
        {
          group: t('deals.form.peopleOf', { company: company.data?.name ?? '…' }),
          items: [...current, ...own],
        },
        { group: t('deals.form.everyone'), items: others },
      ].filter((group) => group.items.length > 0)
    : [...current, ...others];

  const pick = async (id: string | null) => {
    onChange(id);
    if (!id || !onOnlyCompany) return;
    const only = await onlyCompanyOf(id);
    if (only) onOnlyCompany(only);
  };

  return (
    <Select
      label={label}
      error={error}
      data-testid="pick-contact"
      data={data}
      value={value}
      onChange={(id) => void pick(id)}
      searchable
      clearable
      // Choosing the chosen person again keeps them (the clear button removes them).
      allowDeselect={false}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched (umlaut- and typo-tolerant) and the people are filtered above.
      filter={({ options }) => options}
      placeholder={companyId ? t('deals.form.pickPerson') : t('forms.typeToSearch')}
      nothingFoundMessage={search.trim() ? t('forms.nothingFound') : t('forms.typeToSearch')}
    />
  );
}
