// The merges into a record that can still be undone, on its page: "Merged in on … : X — Undo
// merge". The toast after a merge goes after seconds; a wrong merge is often noticed later,
// and the merged record's old links lead here (to the survivor). A merge the server would
// refuse to undo (a merged record restored since) says why instead of offering the button.
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MergeIntoRecord } from '../../../contract/merges.ts';
import { api } from '../../app/api.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { type DuplicateType, useUndoMerge } from './duplicatesApi.ts';

/** Under the record's detail key: a merge or an undo anywhere refreshes it (duplicatesApi.refreshAll). */
const mergesKey = (type: DuplicateType, id: string) => [type, 'detail', id, 'merges'] as const;

function MergeNote({ type, recordId, merge }: { type: DuplicateType; recordId: string; merge: MergeIntoRecord }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const canUndo = useHasRole('agent');
  const undo = useUndoMerge(type);
  const [refusal, setRefusal] = useState<string | null>(null);
  const names = (state?: 'merged' | 'restored') =>
    merge.merged
      .filter((record) => record.state !== 'gone' && (!state || record.state === state))
      .map((record) => record.name || t('duplicates.history.unnamed'))
      .join(', ');
  const gone = merge.merged.some((record) => record.state === 'gone');
  const why = gone ? t('duplicates.history.gone') : t('duplicates.history.restored', { names: names('restored') });
  return (
    <Alert color="gray" variant="light" p="xs" role="note" data-testid="merge-note">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {t('duplicates.history.mergedIn', { date: formatDateTime(merge.createdAt, locale), names: names() })}
        </Text>
        {merge.undoable && canUndo && (
          <Button
            size="compact-sm"
            variant="default"
            loading={undo.isPending}
            onClick={() => {
              setRefusal(null);
              undo.mutate(merge.id, {
                onSuccess: () => notifications.show({ color: 'green', message: t('duplicates.undone') }),
                // The server's refusal (undone already, a record restored or a field edited since) in the user's words.
                onError: (error) => {
                  setRefusal(errorMessage(error));
                  void client.invalidateQueries({ queryKey: mergesKey(type, recordId) });
                },
              });
            }}
          >
            {t('duplicates.history.undo')}
          </Button>
        )}
      </Group>
      {!merge.undoable && (
        <Text size="sm" c="dimmed" mt={4}>
          {why}
        </Text>
      )}
      {refusal && (
        <Text size="sm" c="red.8" mt={4} role="alert">
          {refusal}
        </Text>
      )}
    </Alert>
  );
}

export function MergeHistory({ type, id }: { type: DuplicateType; id: string }) {
  const query = useQuery({
    queryKey: mergesKey(type, id),
    queryFn: ({ signal }) => api<{ data: MergeIntoRecord[] }>(`/${type}/${id}/merges`, { signal }),
  });
  // A note about the past: while it loads or if it fails, the page goes on without it.
  const merges = query.data?.data ?? [];
  if (merges.length === 0) return null;
  return (
    <Stack gap="xs" mt="xs" data-testid="merge-history">
      {merges.map((merge) => (
        <MergeNote key={merge.id} type={type} recordId={id} merge={merge} />
      ))}
    </Stack>
  );
}
