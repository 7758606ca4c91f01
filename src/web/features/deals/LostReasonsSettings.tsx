// The workspace's list of lost reasons, for admins: rename in place, offer or not, move up or
// down, add one. Everyone else sees the list and why they cannot change it.
import { useState } from 'react';
import { ActionIcon, Button, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LostReason } from '../../../contract/lostReasons.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useChangeLostReasons, useLostReasons, useReasonName } from './lostReasonsData.ts';

function ReasonRow({
  reason,
  shownName,
  onRename,
  onActive,
  onMove,
  first,
  last,
  disabled,
}: {
  reason: LostReason;
  shownName: string;
  onRename(name: string): void;
  onActive(active: boolean): void;
  onMove(by: -1 | 1): void;
  first: boolean;
  last: boolean;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(shownName);
  const save = () => {
    const next = text.trim();
    if (next && next !== shownName) onRename(next);
    else setText(shownName);
  };
  return (
    <Group gap="xs" wrap="nowrap" data-testid="lost-reason-row">
      <TextInput
        aria-label={t('lostReasons.settings.name')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
        }}
        disabled={disabled}
        maxLength={100}
        style={{ flex: 1 }}
        size="xs"
      />
      <Switch
        aria-label={`${t('lostReasons.settings.active')}: ${shownName}`}
        checked={reason.active}
        onChange={(event) => onActive(event.currentTarget.checked)}
        disabled={disabled}
      />
      <ActionIcon
        variant="subtle"
        aria-label={t('lostReasons.settings.up', { name: shownName })}
        disabled={disabled || first}
        onClick={() => onMove(-1)}
      >
        ↑
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        aria-label={t('lostReasons.settings.down', { name: shownName })}
        disabled={disabled || last}
        onClick={() => onMove(1)}
      >
        ↓
      </ActionIcon>
    </Group>
  );
}

export function LostReasonsSettings({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const admin = me?.user.role === 'admin';
  const reasons = useLostReasons(true, opened);
  const name = useReasonName();
  const change = useChangeLostReasons();
  const message = useErrorMessage();
  const [added, setAdded] = useState('');
  const list = reasons.data ?? [];
  const move = (index: number, by: -1 | 1) => {
    const ids = list.map((r) => r.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    change.mutate({ kind: 'order', ids });
  };
  const add = () => {
    const next = added.trim();
    if (!next) return;
    change.mutate({ kind: 'create', name: next }, { onSuccess: () => setAdded('') });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('lostReasons.settings.title')} centered size="lg">
      <Stack gap="sm" data-testid="lost-reasons-settings">
        <Text size="sm" c="dimmed">
          {admin ? t('lostReasons.settings.intro') : t('lostReasons.settings.adminOnly')}
        </Text>
        {reasons.isPending ? (
          <LoadingState />
        ) : reasons.isError ? (
          <ErrorState error={reasons.error} onRetry={() => void reasons.refetch()} />
        ) : (
          list.map((reason, index) => (
            <ReasonRow
              // A new name or version starts the row afresh.
              key={`${reason.id}:${reason.version}`}
              reason={reason}
              shownName={name(reason)}
              first={index === 0}
              last={index === list.length - 1}
              disabled={!admin || change.isPending}
              onRename={(next) => change.mutate({ kind: 'patch', reason, patch: { name: next } })}
              onActive={(active) => change.mutate({ kind: 'patch', reason, patch: { active } })}
              onMove={(by) => move(index, by)}
            />
          ))
        )}
        {change.error && (
          <Text size="sm" c="red" role="alert">
            {message(change.error)}
          </Text>
        )}
        {admin && (
          <Group gap="xs" align="flex-end">
            <TextInput
              label={t('lostReasons.settings.newName')}
              value={added}
              onChange={(event) => setAdded(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') add();
              }}
              maxLength={100}
              style={{ flex: 1 }}
              size="xs"
            />
            <Button size="xs" variant="light" onClick={add} disabled={!added.trim()} loading={change.isPending}>
              {t('lostReasons.settings.add')}
            </Button>
          </Group>
        )}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('lostReasons.settings.close')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
