// "Why was it lost?": asked whenever a deal is marked lost (the board's lost column, the deal
// page's button or stage select). The reasons are one-click chips, a note is optional, one
// more click confirms. After it, a notice offers to undo the move.
import { useState, type ReactNode } from 'react';
import { Anchor, Button, Chip, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { LoadingState } from '../../ui/states.tsx';
import { useLostReasons, useReasonName } from './lostReasonsData.ts';
import { LostReasonsSettings } from './LostReasonsSettings.tsx';

/** What the user said about a lost deal: a reason of the list, a note, or both. */
export interface LostChoice {
  lostReasonId: string | null;
  lostReason: string | null;
}

function LostReasonDialog({
  title,
  onConfirm,
  onCancel,
}: {
  title: string | null;
  onConfirm(choice: LostChoice): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const reasons = useLostReasons(false, title !== null);
  const name = useReasonName();
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const list = reasons.data ?? [];
  const ready = Boolean(reasonId || note.trim() || (reasons.isSuccess && list.length === 0));
  const close = () => {
    setReasonId(null);
    setNote('');
    onCancel();
  };
  const confirm = () => {
    onConfirm({ lostReasonId: reasonId, lostReason: note.trim() || null });
    setReasonId(null);
    setNote('');
  };
  return (
    <>
      <Modal
        opened={title !== null && !editing}
        onClose={close}
        title={t('lostReasons.dialogTitle', { title })}
        centered
      >
        <Stack gap="sm" data-testid="lost-dialog">
          {reasons.isPending ? (
            <LoadingState />
          ) : list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('lostReasons.none')}
            </Text>
          ) : (
            <Chip.Group value={reasonId} onChange={(value) => setReasonId(value as string)}>
              <Group gap="xs" role="radiogroup" aria-label={t('lostReasons.choose')}>
                {list.map((reason) => (
                  <Chip key={reason.id} value={reason.id} type="radio" data-testid="lost-reason">
                    {name(reason)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          <Textarea
            label={t('lostReasons.note')}
            placeholder={t('lostReasons.notePlaceholder')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          <Group justify="space-between" mt="xs">
            {me?.user.role === 'admin' ? (
              <Anchor component="button" type="button" size="sm" onClick={() => setEditing(true)}>
                {t('lostReasons.edit')}
              </Anchor>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={close}>
                {t('lostReasons.cancel')}
              </Button>
              <Button color="red" disabled={!ready} onClick={confirm} data-testid="lost-confirm">
                {t('lostReasons.confirm')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Modal>
      {editing && <LostReasonsSettings opened onClose={() => setEditing(false)} />}
    </>
  );
}

/**
 * Asks for the reason of one deal at a time: `ask(title)` opens the dialog and resolves with
 * the choice, or null when the user cancels. Render `dialog` once.
 */
export function useLostReasonQuestion(): { ask(title: string): Promise<LostChoice | null>; dialog: ReactNode } {
  const [asked, setAsked] = useState<{ title: string; resolve(choice: LostChoice | null): void } | null>(null);
  const answer = (choice: LostChoice | null) => {
    asked?.resolve(choice);
    setAsked(null);
  };
  return {
    ask: (title) => new Promise((resolve) => setAsked({ title, resolve })),
    dialog: <LostReasonDialog title={asked?.title ?? null} onConfirm={answer} onCancel={() => answer(null)} />,
  };
}

/** The notice after a deal was marked lost, with the one click that takes it back. */
export function showLostNotice(
  t: (key: string, options?: Record<string, unknown>) => string,
  title: string,
  undo: () => void,
) {
  const id = `lost-${Date.now()}`;
  notifications.show({
    id,
    color: 'gray',
    autoClose: 10_000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{t('lostReasons.markedLost', { title })}</Text>
        <Button
          size="compact-sm"
          variant="light"
          data-testid="undo-lost"
          onClick={() => {
            notifications.hide(id);
            undo();
          }}
        >
          {t('lostReasons.undo')}
        </Button>
      </Group>
    ),
  });
}
