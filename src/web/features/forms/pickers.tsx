// Choosing other records in a form: a user (owner, assignee), one company/contact/deal found
// by search as you type, or any number of linked records (tasks and activities).
import { useState, type CSSProperties, type ReactNode } from 'react';
import { type ComboboxProps, Group, MultiSelect, Select, TagsInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AccessRecordType, MyAccess } from '../../../contract/access.ts';
import type { LinkedRecord } from '../../../contract/activities.ts';
import { personName } from '../../../contract/names.ts';
import type { SearchType } from '../../../contract/search.ts';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useUserNames } from '../users/usersApi.ts';

interface Hit {
  type: SearchType;
  id: string;
  title: string;
  subtitle: string | null;
}
const plural: Record<SearchType, string> = { contact: 'contacts', company: 'companies', deal: 'deals' };

interface FieldProps {
  label: string;
  error?: string;
  onBlur?(): void;
  description?: ReactNode;
  style?: CSSProperties;
  required?: boolean;
  'data-testid'?: string;
}

/**
 * The users a record of `type` may be given as owner by the caller: null for anyone, else
 * those within the caller's write scope (GET /access-rules/mine). An owner outside it would be
 * refused (403 `outside_scope`), so the form does not offer one. Partners, who see no rules,
 * hand records only to themselves.
 */
export function useOwnersAllowed(type: AccessRecordType | undefined): Set<string> | null {
  const { me } = useAuth();
  const role = me?.user.role;
  const restricted = type !== undefined && role !== undefined && role !== 'admin' && role !== 'partner';
  const partner = type !== undefined && role === 'partner';
  const mine = useQuery({
    queryKey: ['access-rules', 'mine'],
    queryFn: ({ signal }) => api<MyAccess>('/access-rules/mine', { signal }),
    enabled: restricted,
    staleTime: 60_000,
  });
  if (partner && me) return new Set([me.user.id]);
  if (!restricted || !mine.data || !me) return null;
  const scope = mine.data.scopes.find((s) => s.recordType === type)?.write ?? 'all';
  if (scope === 'all') return null;
  return new Set(scope === 'team' ? mine.data.teamUserIds : [me.user.id]);
}

/**
 * A user of the workspace, e.g. the owner of a record or the assignee of a task; with
 * `ownerOf`, only the users the caller may make owner of such a record (and the current one).
 */
export function UserSelect({
  value,
  onChange,
  ownerOf,
  ...field
}: FieldProps & { value: string | null; onChange(id: string | null): void; ownerOf?: AccessRecordType }) {
  const { t } = useTranslation();
  const users = useUserNames();
  const allowed = useOwnersAllowed(ownerOf);
  const data = (users.data?.data ?? [])
    .filter((u) => (u.active && (!allowed || allowed.has(u.id))) || u.id === value)
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Select
      {...field}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      placeholder={users.isPending ? t('forms.loading') : t('forms.nobody')}
      nothingFoundMessage={t('forms.nothingFound')}
    />
  );
}

/** The name a record is shown by: a contact's full name, a company's name, a deal's title. */
function titleOf(type: SearchType, record: Record<string, unknown>): string {
  if (type === 'contact') return personName(record);
  return String(type === 'deal' ? record.title : record.name);
}

/** The names of some records (for a picker's chosen value, or a list filter's chip). */
export function useRecordTitles(refs: Array<{ type: SearchType; id: string }>) {
  return useQueries({
    queries: refs.map(({ type, id }) => ({
      queryKey: [plural[type], 'detail', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Record<string, unknown>>(`/${plural[type]}/${id}`, { signal }),
      staleTime: 60_000,
    })),
    combine: (results) =>
      new Map(
        results.flatMap((result, i) =>
          result.data ? [[`${refs[i]!.type}:${refs[i]!.id}`, titleOf(refs[i]!.type, result.data)] as const] : [],
        ),
      ),
  });
}

function useSearch(search: string, types: SearchType[]) {
  const [debounced] = useDebouncedValue(search.trim(), 250);
  return useQuery({
    queryKey: ['search', 'picker', types.join(','), debounced],
    queryFn: ({ signal }) =>
      api<{ data: Hit[] }>('/search', { query: { q: debounced, types: types.join(','), limit: 15 }, signal }),
    enabled: debounced.length > 0,
    staleTime: 30_000,
  });
}

/** One company, contact or deal, found by typing part of its name. */
export function RecordSelect({
  type,
  value,
  onChange,
  ...field
}: FieldProps & {
  type: SearchType;
  value: string | null;
  onChange(id: string | null): void;
  comboboxProps?: ComboboxProps;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const titles = useRecordTitles(value ? [{ type, id: value }] : []);
  const hits = useSearch(search, [type]);
  const options = new Map<string, string>();
  if (value) options.set(value, titles.get(`${type}:${value}`) ?? t('forms.loading'));
  // The chosen record keeps its label when a hit repeats it: the select puts a new label of the
  // chosen option into the search box, over what the user is typing.
  for (const hit of hits.data?.data ?? [])
    if (hit.id !== value) options.set(hit.id, hit.subtitle ? `${hit.title} · ${hit.subtitle}` : hit.title);
  return (
    <Select
      {...field}
      data={[...options].map(([id, label]) => ({ value: id, label }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched (umlaut- and typo-tolerant); filtering again would drop its hits.
      filter={({ options: all }) => all}
      placeholder={t('forms.typeToSearch')}
      nothingFoundMessage={search.trim() ? t('forms.nothingFound') : t('forms.typeToSearch')}
    />
  );
}

export interface Links {
  contactIds: string[];
  companyIds: string[];
  dealIds: string[];
}

const linkKey = { contact: 'contactIds', company: 'companyIds', deal: 'dealIds' } as const;

/** The contacts, companies and deals a task or an activity belongs to, in one search field. */
export function LinksSelect({
  value,
  onChange,
  known = [],
  ...field
}: FieldProps & {
  value: Links;
  onChange(links: Links): void;
  /** The stored record's `linked`: names it already has, so only newly chosen ones are fetched (a trashed one never is). */
  known?: LinkedRecord[];
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const refs = (Object.keys(linkKey) as SearchType[]).flatMap((type) =>
    value[linkKey[type]].map((id) => ({ type, id })),
  );
  const knownTitles = new Map(
    known.map((link) => [
      `${link.type}:${link.id}`,
      link.trashed ? `${link.name} ${t('customer.linkInTrash')}` : link.name,
    ]),
  );
  const fetched = useRecordTitles(refs.filter((ref) => !knownTitles.has(`${ref.type}:${ref.id}`)));
  const titles = new Map([...fetched, ...knownTitles]);
  const hits = useSearch(search, ['contact', 'company', 'deal']);
  const byType = new Map<SearchType, Map<string, string>>([
    ['contact', new Map()],
    ['company', new Map()],
    ['deal', new Map()],
  ]);
  for (const ref of refs)
    byType.get(ref.type)!.set(`${ref.type}:${ref.id}`, titles.get(`${ref.type}:${ref.id}`) ?? t('forms.loading'));
  for (const hit of hits.data?.data ?? []) byType.get(hit.type)!.set(`${hit.type}:${hit.id}`, hit.title);
  const data = [...byType]
    .filter(([, items]) => items.size > 0)
    .map(([type, items]) => ({
      group: t(`forms.linkTypes.${type}`),
      items: [...items].map(([key, label]) => ({ value: key, label })),
    }));

  const change = (keys: string[]) => {
    const next: Links = { contactIds: [], companyIds: [], dealIds: [] };
    for (const key of keys) {
      const [type, id] = key.split(':') as [SearchType, string];
      next[linkKey[type]].push(id);
    }
    onChange(next);
  };

  return (
    <MultiSelect
      {...field}
      data={data}
      value={refs.map((ref) => `${ref.type}:${ref.id}`)}
      onChange={change}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      placeholder={t('forms.typeToSearch')}
      nothingFoundMessage={search.trim() ? t('forms.nothingFound') : t('forms.typeToSearch')}
    />
  );
}

interface FormFields {
  error(path: string): string | undefined;
  field(path: string): { error?: string; onBlur(): void };
}

/** The tags and the owner of a contact, company or deal, side by side (wrapping on a phone). */
export function TagsAndOwner({
  form,
  tags,
  onTags,
  ownerId,
  onOwner,
  recordType,
}: {
  form: FormFields;
  tags: string[];
  onTags(tags: string[]): void;
  ownerId: string | null;
  onOwner(id: string | null): void;
  recordType: 'contact' | 'company' | 'deal';
}) {
  const { t } = useTranslation();
  return (
    <Group grow align="flex-start" wrap="wrap">
      <TagsInput
        label={t('forms.tags')}
        value={tags}
        onChange={onTags}
        error={form.error('tags') ?? form.error('tags.0')}
        clearable
        style={{ minWidth: 220 }}
      />
      <UserSelect
        label={t('forms.owner')}
        value={ownerId}
        onChange={onOwner}
        ownerOf={recordType}
        {...form.field('ownerId')}
        style={{ minWidth: 220 }}
      />
    </Group>
  );
}
