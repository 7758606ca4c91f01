// The contact page's privacy controls: the legal hold (shown to everyone with its reason; set
// and lifted by managers and admins) and, for admins, erasure on request (GDPR Art. 17) in the
// chosen mode, confirmed by typing the contact's name.
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Radio, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import {
  type ErasureMode,
  eraseContact,
  liftLegalHold,
  privacyKeys,
  setLegalHold,
  useLegalHold,
} from './privacyApi.ts';
import { onlyIf } from '../../app/auth.tsx';

function HoldDialog({ id, opened, onClose }: { id: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => setLegalHold('contact', id, reason.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: privacyKeys.holds('contact', id) });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('privacy.hold.title')}>
      <Stack>
        <Text size="sm">{t('privacy.hold.explain')}</Text>
        <TextInput
          label={t('privacy.hold.reason')}
          placeholder={t('privacy.hold.reasonPlaceholder')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={500}
          data-autofocus
          data-testid="hold-reason"
        />
        {save.error && <Alert color="red">{message(save.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('privacy.cancel')}
          </Button>
          <Button
            disabled={!reason.trim()}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="hold-save"
          >
            {t('privacy.hold.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EraseDialog({
  id,
  name,
  confirmName,
  opened,
  onClose,
}: {
  id: string;
  name: string;
  confirmName: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<ErasureMode>('anonymise');
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => eraseContact(id, mode),
    onSuccess: async (report) => {
      notifications.show({
        color: 'green',
        message: t(report.mode === 'delete' ? 'privacy.erase.deleted' : 'privacy.erase.anonymised'),
      });
      onClose();
      if (report.mode === 'delete') {
        // The contact is gone: its queries are dropped, not fetched again (a 404 each).
        const aboutIt = (key: readonly unknown[]) => JSON.stringify(key).includes(id);
        queryClient.removeQueries({ predicate: (q) => aboutIt(q.queryKey) });
        navigate('/contacts');
        await queryClient.invalidateQueries({ predicate: (q) => !aboutIt(q.queryKey) });
      } else await queryClient.invalidateQueries();
    },
  });
  const confirmed = typed.trim().replace(/\s+/g, ' ').toLowerCase() === confirmName.trim().toLowerCase();
  return (
    <Modal opened={opened} onClose={onClose} title={t('privacy.erase.title', { name })} size="lg">
      <Stack>
        <Text size="sm">{t('privacy.erase.explain')}</Text>
        <Radio.Group value={mode} onChange={(value) => setMode(value as ErasureMode)} label={t('privacy.erase.mode')}>
          <Stack gap="xs" mt="xs">
            <Radio
              value="anonymise"
              label={t('privacy.erase.anonymise')}
              description={t('privacy.erase.anonymiseHint')}
            />
            <Radio
              value="delete"
              label={t('privacy.erase.delete')}
              description={t('privacy.erase.deleteHint')}
              data-testid="erase-mode-delete"
            />
          </Stack>
        </Radio.Group>
        <Alert color="orange">{t('privacy.erase.blocking')}</Alert>
        <TextInput
          label={t('privacy.erase.confirm', { name: confirmName })}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          data-testid="erase-confirm"
        />
        {erase.error && <Alert color="red">{message(erase.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('privacy.cancel')}
          </Button>
          <Button
            color="red"
            disabled={!confirmed}
            loading={erase.isPending}
            onClick={() => erase.mutate()}
            data-testid="erase-submit"
          >
            {t(mode === 'delete' ? 'privacy.erase.submitDelete' : 'privacy.erase.submitAnonymise')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The hold badge and the privacy buttons of a contact's header; erasing asks for `confirmName`
 * (first and last name, without salutation or title) to be typed.
 */
function ContactPrivacyShown({ id, name, confirmName }: { id: string; name: string; confirmName: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const manager = useHasRole('manager');
  const admin = useHasRole('admin');
  const hold = useLegalHold('contact', id);
  const [dialog, setDialog] = useState<'none' | 'hold' | 'erase'>('none');
  const lift = useMutation({
    mutationFn: () => liftLegalHold('contact', id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: privacyKeys.holds('contact', id) }),
    onError: (error) => notifications.show({ color: 'red', message: message(error) }),
  });
  const held = hold.data ?? null;
  return (
    <>
      {held && (
        <Tooltip label={held.reason} multiline maw={320}>
          <Badge color="orange" variant="light" tt="none" data-testid="legal-hold-badge">
            {t('privacy.hold.badge', { reason: held.reason })}
          </Badge>
        </Tooltip>
      )}
      {manager && !held && (
        <Button size="compact-sm" variant="subtle" onClick={() => setDialog('hold')} data-testid="legal-hold-set">
          {t('privacy.hold.set')}
        </Button>
      )}
      {manager && held && (
        <Button size="compact-sm" variant="subtle" loading={lift.isPending} onClick={() => lift.mutate()}>
          {t('privacy.hold.lift')}
        </Button>
      )}
      {admin && (
        <Tooltip label={t('privacy.erase.heldHint')} disabled={!held}>
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            disabled={Boolean(held)}
            onClick={() => setDialog('erase')}
            data-testid="erase-contact"
          >
            {t('privacy.erase.open')}
          </Button>
        </Tooltip>
      )}
      {dialog === 'hold' && <HoldDialog id={id} opened onClose={() => setDialog('none')} />}
      {dialog === 'erase' && (
        <EraseDialog id={id} name={name} confirmName={confirmName} opened onClose={() => setDialog('none')} />
      )}
    </>
  );
}

export const ContactPrivacy = /* @__PURE__ */ onlyIf('read', 'legalHold', ContactPrivacyShown);
