// The merge dialog: the records side by side, per differing field a choice of the value that
// wins (preset to the filled-in, most recently changed one), whether to keep every email,
// phone and address, which record stays, and what moves over to it, then the merge.
import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { personName } from '../../../contract/names.ts';
import { api, type Page } from '../../app/api.ts';
import type { ListCount } from '../../../contract/common.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useUserNames } from '../users/usersApi.ts';
import { type DuplicateType, type MergeRequest, useMerge } from './duplicatesApi.ts';

type Shown = { id: string; createdAt: string; updatedAt: string } & { [field: string]: unknown };

const plainFields: Record<DuplicateType, string[]> = {
  contacts: [
    'salutation',
    'title',
    'firstName',
    'lastName',
    'jobTitle',
    'birthday',
    'lifecycleStage',
    'source',
    'customerNumber',
    'externalId',
    'ownerId',
  ],
  companies: [
    'name',
    'legalForm',
    'industry',
    'employeeCount',
    'annualRevenue',
    'website',
    'vatId',
    'customerNumber',
    'externalId',
    'description',
    'ownerId',
  ],
};
const listFields = ['emails', 'phones', 'addresses'] as const;
type ListField = (typeof listFields)[number];

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** A list field by what it holds, so that the same entries in another order or label count as equal. */
function comparable(field: string, value: unknown): string {
  if (!Array.isArray(value)) return JSON.stringify(value ?? null);
  const keys = (value as Array<Record<string, unknown>>).map((entry) =>
    field === 'emails'
      ? String(entry.email).toLowerCase()
      : field === 'phones'
        ? String(entry.e164 ?? entry.number)
        : [entry.street, entry.postalCode, entry.city].join('|').toLowerCase(),
  );
  return JSON.stringify(keys.sort());
}

export function recordName(type: DuplicateType, record: Shown | undefined): string {
  if (!record) return '';
  return type === 'contacts' ? personName(record as Parameters<typeof personName>[0]) : String(record.name ?? '');
}

/** Which record stays by default: the one with most fields filled in, else the older one. */
function defaultSurvivor(records: Shown[]): string {
  const filled = (r: Shown) => Object.values(r).filter((v) => !isEmpty(v)).length;
  return [...records].sort((a, b) => filled(b) - filled(a) || a.createdAt.localeCompare(b.createdAt))[0].id;
}

/** Per field the record whose value wins by default: the filled-in one, the most recently changed first. */
function defaultWinner(records: Shown[], field: string): string {
  const filled = records.filter((r) => !isEmpty(r[field]));
  const pool = filled.length ? filled : records;
  return [...pool].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0].id;
}

function useMoves(type: DuplicateType, ids: string[]) {
  const ref = type === 'contacts' ? 'contactId' : 'companyId';
  const queries = useQueries({
    queries: ids.flatMap((id) => [
      {
        queryKey: ['activities', 'merge-moves', ref, id],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          api<Page<unknown>>('/activities', { query: { [ref]: id, limit: 100 }, signal }),
      },
      {
        queryKey: ['deals', 'merge-moves', ref, id],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          api<ListCount>('/deals/count', { query: { [ref]: id }, signal }),
      },
      {
        queryKey: ['tasks', 'merge-moves', ref, id],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          api<Page<unknown>>('/tasks', { query: { [ref]: id, limit: 100 }, signal }),
      },
    ]),
  });
  let activities = 0;
  let deals = 0;
  let tasks = 0;
  let more = false;
  queries.forEach((query, index) => {
    const data = query.data as (Page<unknown> & ListCount) | undefined;
    if (!data) return;
    const kind = index % 3;
    if (kind === 1) deals += data.total;
    else {
      const count = data.data.length;
      if (data.nextCursor) more = true;
      if (kind === 0) activities += count;
      else tasks += count;
    }
  });
  return { activities, deals, tasks, more, loading: queries.some((q) => q.isPending) };
}

export interface MergeDialogProps {
  type: DuplicateType;
  ids: string[];
  onClose: () => void;
  onMerged: (result: { mergeId: string; survivorId: string; name: string }) => void;
}

export function MergeDialog({ type, ids, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const queries = useQueries({
    queries: ids.map((id) => ({
      queryKey: [type, 'detail', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<Shown>(`/${type}/${id}`, { signal }),
      staleTime: 0,
    })),
  });
  const failed = queries.find((q) => q.isError);
  const records = queries.map((q) => q.data).filter((r): r is Shown => Boolean(r));
  const ready = records.length === ids.length;
  return (
    <Modal opened onClose={onClose} title={t('duplicates.dialog.title')} size="xl" data-testid="merge-dialog">
      {failed ? (
        <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
      ) : ready ? (
        <MergeForm type={type} records={records} onClose={onClose} onMerged={onMerged} />
      ) : (
        <LoadingState />
      )}
    </Modal>
  );
}

function MergeForm({
  type,
  records,
  onClose,
  onMerged,
}: {
  type: DuplicateType;
  records: Shown[];
  onClose: () => void;
  onMerged: MergeDialogProps['onMerged'];
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const users = useUserNames();
  const [survivorId, setSurvivorId] = useState(() => defaultSurvivor(records));
  // Only fields whose values differ need a choice; one filled in among empty ones is taken as it is.
  const differing = useMemo(
    () =>
      [...plainFields[type], ...listFields].filter(
        (field) => records.some((r) => field in r) && new Set(records.map((r) => comparable(field, r[field]))).size > 1,
      ),
    [records, type],
  );
  const [choices, setChoices] = useState<Record<string, string>>(() =>
    Object.fromEntries(differing.map((field) => [field, defaultWinner(records, field)])),
  );
  const [keepAll, setKeepAll] = useState<Record<ListField, boolean>>({ emails: true, phones: true, addresses: true });
  const mergedIds = records.map((r) => r.id).filter((id) => id !== survivorId);
  const moves = useMoves(type, mergedIds);
  const merge = useMerge(type);

  const show = (field: string, value: unknown): string => {
    if (isEmpty(value)) return t('duplicates.dialog.empty');
    if (field === 'ownerId') return users.data?.data.find((u) => u.id === value)?.name ?? String(value);
    if (field === 'lifecycleStage') return t(`customer.lifecycle.${value}`);
    if (field === 'annualRevenue') {
      const money = value as { amount: string; currency: string };
      return `${money.amount} ${money.currency}`;
    }
    if (field === 'emails') return (value as Array<{ email: string }>).map((e) => e.email).join(', ');
    if (field === 'phones') return (value as Array<{ number: string }>).map((p) => p.number).join(', ');
    if (field === 'addresses')
      return (value as Array<{ street?: string; postalCode?: string; city?: string }>)
        .map((a) => [a.street, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', '))
        .join('; ');
    return String(value);
  };

  const submit = () => {
    const fields: Record<string, string> = {};
    for (const field of differing) {
      if ((listFields as readonly string[]).includes(field) && keepAll[field as ListField]) continue;
      fields[field] = choices[field];
    }
    const request: MergeRequest = {
      survivorId,
      mergedIds,
      fields,
      keepAll: [...listFields.filter((kind) => keepAll[kind]), 'tags'],
    };
    const survivor = records.find((r) => r.id === survivorId);
    merge.mutate(request, {
      onSuccess: (result) => onMerged({ mergeId: result.mergeId, survivorId, name: recordName(type, survivor) }),
    });
  };

  return (
    <Stack gap="sm">
      <Table withTableBorder withColumnBorders data-testid="merge-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('duplicates.dialog.field')}</Table.Th>
            {records.map((r) => (
              <Table.Th key={r.id}>{recordName(type, r)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr data-testid="merge-survivor">
            <Table.Td>
              <Text fw={500} size="sm">
                {t('duplicates.dialog.survivor')}
              </Text>
            </Table.Td>
            {records.map((r) => (
              <Table.Td key={r.id}>
                <Radio
                  name="survivor"
                  checked={survivorId === r.id}
                  onChange={() => setSurvivorId(r.id)}
                  label={t('duplicates.dialog.survivor')}
                  aria-label={`${t('duplicates.dialog.survivor')}: ${recordName(type, r)}`}
                />
              </Table.Td>
            ))}
          </Table.Tr>
          {differing.map((field) => {
            const all = (listFields as readonly string[]).includes(field) && keepAll[field as ListField];
            return (
              <Table.Tr key={field} data-testid={`merge-field-${field}`}>
                <Table.Td>
                  <Stack gap={4}>
                    <Text size="sm">{t(`duplicates.fields.${field}`, { defaultValue: field })}</Text>
                    {(listFields as readonly string[]).includes(field) && (
                      <Checkbox
                        size="xs"
                        label={t(`duplicates.dialog.keepAll.${field}`)}
                        checked={all}
                        onChange={(e) => setKeepAll({ ...keepAll, [field]: e.currentTarget.checked })}
                      />
                    )}
                  </Stack>
                </Table.Td>
                {records.map((r) => (
                  <Table.Td key={r.id}>
                    {all ? (
                      <Text size="sm">{show(field, r[field])}</Text>
                    ) : (
                      <Radio
                        name={`field-${field}`}
                        checked={choices[field] === r.id}
                        onChange={() => setChoices({ ...choices, [field]: r.id })}
                        label={show(field, r[field])}
                      />
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('duplicates.dialog.survivorHint')} {t('duplicates.dialog.same')}
      </Text>
      {!moves.loading && (
        <Alert color="blue" data-testid="merge-moves">
          {t('duplicates.dialog.moves', {
            activities: moves.more ? t('duplicates.dialog.movesMore', { count: moves.activities }) : moves.activities,
            deals: moves.deals,
            tasks: moves.tasks,
          })}
        </Alert>
      )}
      {merge.isError && (
        <Alert color="red" role="alert">
          {errorMessage(merge.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('duplicates.dialog.cancel')}
        </Button>
        <Button onClick={submit} loading={merge.isPending} data-testid="merge-confirm">
          {t('duplicates.dialog.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}
