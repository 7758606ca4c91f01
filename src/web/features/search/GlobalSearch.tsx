// Global search (Ctrl/Cmd-K): a dialog that asks GET /search (records) and GET /emails (mail,
// the newest five) as the user types and lists the hits by type; arrow keys choose, Enter or a
// click opens the record or the message.
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchHit, SearchType } from '../../../contract/search.ts';
import { api } from '../../app/api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { shownName } from '../../ui/names.ts';
import { ErrorState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { emailPath, searchEmails } from '../emails/index.ts';

const typeOrder: SearchType[] = ['contact', 'company', 'deal'];

const pageOf: Record<SearchType, string> = { contact: 'contacts', company: 'companies', deal: 'deals' };

/** Where a hit leads: every hit opens its own record's page. */
export function hitPath(hit: Pick<SearchHit, 'type' | 'id'>): string {
  return `/${pageOf[hit.type]}/${hit.id}`;
}

/** One line of the results: a record or a message, with where it leads. */
interface Hit {
  key: string;
  title: string;
  subtitle: string | null;
  path: string;
}

type Section = { name: SearchType | 'email'; hits: Hit[] };

export function GlobalSearch({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const listId = useId();
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 200);
  const [active, setActive] = useState(0);

  const query = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api<{ data: SearchHit[] }>('/search', { query: { q, limit: 20 }, signal }),
    enabled: opened && q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const mail = useQuery({
    queryKey: ['emails', 'search', q],
    queryFn: ({ signal }) => searchEmails(q, signal),
    enabled: opened && q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  // Grouped by type in a fixed order, mail last; `ordered` is the keyboard order across the groups.
  const { sections, ordered } = useMemo(() => {
    const hits = q.length > 0 ? (query.data?.data ?? []) : [];
    const records: Section[] = typeOrder.map((type) => ({
      name: type,
      hits: hits
        .filter((hit) => hit.type === type)
        .map((hit) => ({
          key: `${hit.type}-${hit.id}`,
          title: shownName(hit.title, t),
          subtitle: hit.subtitle,
          path: hitPath(hit),
        })),
    }));
    const emails: Section = {
      name: 'email',
      hits: (q.length > 0 ? (mail.data?.data ?? []) : []).map((email) => ({
        key: `email-${email.id}`,
        title: email.subject || t('search.noSubject'),
        subtitle: [email.from?.name || email.from?.address, formatDateTime(email.sentAt, locale)]
          .filter(Boolean)
          .join(' · '),
        path: emailPath(email.id),
      })),
    };
    const sections = [...records, emails].filter((section) => section.hits.length > 0);
    return { sections, ordered: sections.flatMap((section) => section.hits) };
  }, [q, query.data, mail.data, t, locale]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new hits or a new query put the highlight back on the first hit
  useEffect(() => setActive(0), [query.data, mail.data, q]);
  useEffect(() => {
    if (!opened) setInput('');
  }, [opened]);

  const open = (hit: Hit) => {
    onClose();
    navigate(hit.path);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && ordered.length > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % ordered.length);
    } else if (event.key === 'ArrowUp' && ordered.length > 0) {
      event.preventDefault();
      setActive((i) => (i - 1 + ordered.length) % ordered.length);
    } else if (event.key === 'Enter' && ordered[active]) {
      event.preventDefault();
      open(ordered[active]);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  const waiting = input.trim() !== q || query.isFetching || mail.isFetching;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('search.title')}
      size="lg"
      yOffset="10vh"
      data-testid="global-search"
    >
      <TextInput
        data-autofocus
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        role="combobox"
        aria-expanded={ordered.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={ordered[active] ? optionId(active) : undefined}
        rightSection={waiting && q.length > 0 ? <Loader size="xs" /> : null}
        mb="sm"
        data-testid="global-search-input"
      />
      {(query.isError || mail.isError) && q.length > 0 ? (
        <ErrorState
          error={query.error ?? mail.error}
          onRetry={() => {
            void query.refetch();
            void mail.refetch();
          }}
        />
      ) : (
        <div id={listId} role="listbox" aria-label={t('search.results')}>
          {q.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('search.hint')}
            </Text>
          ) : sections.length === 0 && !waiting ? (
            <Text size="sm" c="dimmed" data-testid="global-search-empty">
              {t('search.empty', { q })}
            </Text>
          ) : (
            sections.map((section) => (
              <Stack key={section.name} gap={2} mb="sm" role="group" aria-label={t(`search.type.${section.name}`)}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                  {t(`search.type.${section.name}`)}
                </Text>
                {section.hits.map((hit) => {
                  const index = ordered.indexOf(hit);
                  const selected = index === active;
                  return (
                    <UnstyledButton
                      key={hit.key}
                      id={optionId(index)}
                      role="option"
                      aria-selected={selected}
                      tabIndex={-1}
                      onMouseEnter={() => setActive(index)}
                      onClick={() => open(hit)}
                      px="sm"
                      py={6}
                      style={{
                        borderRadius: 'var(--mantine-radius-sm)',
                        background: selected ? 'var(--mantine-color-blue-light)' : undefined,
                      }}
                      data-testid="global-search-hit"
                      data-type={section.name}
                    >
                      <Text size="sm" fw={500}>
                        {hit.title}
                      </Text>
                      {hit.subtitle && (
                        <Text size="xs" c="dimmed">
                          {hit.subtitle}
                        </Text>
                      )}
                    </UnstyledButton>
                  );
                })}
              </Stack>
            ))
          )}
        </div>
      )}
      <Group gap={4} mt="xs" visibleFrom="sm">
        <Text size="xs" c="dimmed">
          {t('search.keys')}
        </Text>
        <Kbd size="xs">↑</Kbd>
        <Kbd size="xs">↓</Kbd>
        <Kbd size="xs">{t('search.enter')}</Kbd>
        <Kbd size="xs">{t('search.escape')}</Kbd>
      </Group>
    </Modal>
  );
}
