// The bar over a list while records are selected: assign an owner, add a tag, move to the
// trash (after a confirmation). The list is fetched again afterwards and a notification
// says how many records changed.
import { useState } from 'react';
import { Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { AccessRecordType } from '../../../contract/access.ts';
import type { ListResource } from './listTypes.ts';
import { useBulk, type BulkAction } from './listApi.ts';
import { useProblemText } from './ViewPicker.tsx';
import { useOwnersAllowed } from '../forms/pickers.tsx';
import { useUserNames } from '../users/usersApi.ts';

/** The record type whose owners the list's records take (products have none). */
const recordTypeOf: Record<ListResource, AccessRecordType | undefined> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  products: undefined,
};

interface BulkBarProps {
  resource: ListResource;
  ids: string[];
  actions: Array<'assignOwner' | 'addTag' | 'trash'>;
  onDone(): void;
}

type Dialog = 'assignOwner' | 'addTag' | 'trash' | null;

export function BulkBar({ resource, ids, actions, onDone }: BulkBarProps) {
  const { t } = useTranslation();
  const bulk = useBulk(resource);
  const users = useUserNames();
  const allowed = useOwnersAllowed(recordTypeOf[resource]);
  const problem = useProblemText();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [tag, setTag] = useState('');

  const run = (action: BulkAction) => {
    bulk.mutate(
      { ids, action },
      {
        onSuccess: (result) => {
          setDialog(null);
          notifications.show({
            color: 'green',
            message: t(`lists.bulk.done.${action.action}`, { count: result.affected }),
          });
          onDone();
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: t('lists.bulk.failed'), message: problem(error) }),
      },
    );
  };
  const open = (next: Dialog) => {
    setOwner(null);
    setTag('');
    setDialog(next);
  };

  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      bg="var(--mantine-color-blue-light)"
      data-testid="bulk-bar"
      role="region"
      aria-label={t('lists.bulk.label')}
    >
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} data-testid="selected-count">
          {t('lists.bulk.selected', { count: ids.length })}
        </Text>
        {actions.includes('assignOwner') && (
          <Button size="xs" variant="default" onClick={() => open('assignOwner')}>
            {t('lists.bulk.assignOwner')}
          </Button>
        )}
        {actions.includes('addTag') && (
          <Button size="xs" variant="default" onClick={() => open('addTag')}>
            {t('lists.bulk.addTag')}
          </Button>
        )}
        {actions.includes('trash') && (
          <Button size="xs" variant="default" color="red" onClick={() => open('trash')}>
            {t('lists.bulk.trash')}
          </Button>
        )}
        <Button size="xs" variant="subtle" onClick={onDone}>
          {t('lists.bulk.clear')}
        </Button>
      </Group>

      <Modal opened={dialog !== null} onClose={() => setDialog(null)} title={dialog ? t(`lists.bulk.${dialog}`) : ''}>
        <Stack>
          {dialog === 'assignOwner' && (
            <Select
              label={t('lists.bulk.owner')}
              data={(users.data?.data ?? [])
                .filter((u) => u.active && (!allowed || allowed.has(u.id)))
                .map((u) => ({ value: u.id, label: u.name }))}
              value={owner}
              onChange={setOwner}
              searchable
              data-autofocus
              data-testid="bulk-owner"
              comboboxProps={{ withinPortal: false }}
            />
          )}
          {dialog === 'addTag' && (
            <TextInput
              label={t('lists.bulk.tag')}
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
              data-autofocus
              data-testid="bulk-tag"
              maxLength={50}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && tag.trim()) run({ action: 'addTag', tag: tag.trim() });
              }}
            />
          )}
          {dialog === 'trash' && <Text>{t('lists.bulk.trashConfirm', { count: ids.length })}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('lists.cancel')}
            </Button>
            <Button
              color={dialog === 'trash' ? 'red' : undefined}
              loading={bulk.isPending}
              data-testid="bulk-confirm"
              disabled={(dialog === 'assignOwner' && !owner) || (dialog === 'addTag' && !tag.trim())}
              onClick={() => {
                if (dialog === 'assignOwner' && owner) run({ action: 'assignOwner', ownerId: owner });
                if (dialog === 'addTag' && tag.trim()) run({ action: 'addTag', tag: tag.trim() });
                if (dialog === 'trash') run({ action: 'trash' });
              }}
            >
              {dialog === 'trash' ? t('lists.bulk.trash') : t('lists.bulk.apply')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
