// The "record consent" dialog: purpose, granted or withdrawn, how and when, the wording agreed
// to and where it came from. The defaults fit the usual case: a consent given now, by form.
import { useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { consentMethods, type ConsentPurpose } from '../../../contract/consents.ts';
import { problemText } from '../../ui/problems.ts';
import { useRecordConsent } from './consentsApi.ts';

/** A purpose's name: the workspace's label, or the built-in one's in the user's language. */
export function purposeName(purpose: Pick<ConsentPurpose, 'label'> | undefined, key: string, t: TFunction): string {
  return purpose?.label ?? t(`consents.purpose.${key}`, { defaultValue: key });
}

export function ConsentForm({
  contactId,
  purposes,
  opened,
  onClose,
}: {
  contactId: string;
  purposes: ConsentPurpose[];
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordConsent(contactId);
  const [purpose, setPurpose] = useState<string | null>('newsletter');
  const [status, setStatus] = useState<'granted' | 'withdrawn'>('granted');
  const [method, setMethod] = useState<(typeof consentMethods)[number]>('form');
  const [wording, setWording] = useState('');
  const [source, setSource] = useState('');
  const [note, setNote] = useState('');
  const submit = () => {
    if (!purpose) return;
    record.mutate(
      { purpose, status, method, wording: wording || undefined, source: source || undefined, note: note || undefined },
      {
        onSuccess: () => {
          setWording('');
          setSource('');
          setNote('');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('consents.record.title')} size="lg">
      <Stack gap="sm" data-testid="consent-form">
        <Select
          label={t('consents.record.purpose')}
          data={purposes.map((p) => ({ value: p.key, label: purposeName(p, p.key, t) }))}
          value={purpose}
          onChange={setPurpose}
          allowDeselect={false}
          data-testid="consent-purpose"
        />
        <Group grow>
          <Select
            label={t('consents.record.status')}
            data={[
              { value: 'granted', label: t('consents.status.granted') },
              { value: 'withdrawn', label: t('consents.status.withdrawn') },
            ]}
            value={status}
            onChange={(value) => setStatus((value as 'granted' | 'withdrawn') ?? 'granted')}
            allowDeselect={false}
            data-testid="consent-status"
          />
          <Select
            label={t('consents.record.method')}
            data={consentMethods.map((m) => ({ value: m, label: t(`consents.method.${m}`) }))}
            value={method}
            onChange={(value) => setMethod((value as typeof method) ?? 'form')}
            allowDeselect={false}
            data-testid="consent-method"
          />
        </Group>
        <Textarea
          label={t('consents.record.wording')}
          description={t('consents.record.wordingHint')}
          value={wording}
          onChange={(event) => setWording(event.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="consent-wording"
        />
        <TextInput
          label={t('consents.record.source')}
          description={t('consents.record.sourceHint')}
          value={source}
          onChange={(event) => setSource(event.currentTarget.value)}
          data-testid="consent-source"
        />
        <TextInput
          label={t('consents.record.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        {record.isError && (
          <Text c="red" size="sm">
            {problemText(record.error, t)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button onClick={submit} loading={record.isPending} data-testid="consent-save">
            {t('consents.record.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
