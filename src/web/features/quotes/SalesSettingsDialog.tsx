// The workspace's sales settings (managers and admins): small business (§ 19 UStG), how long a
// new quote is valid, and the terms and closing text new quotes start with.
import { useState } from 'react';
import { Button, Checkbox, Modal, NumberInput, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SalesSettings, SalesSettingsPatch } from '../../../contract/quotes.ts';
import { api } from '../../app/api.ts';
import { problemText } from '../../ui/problems.ts';
import { LoadingState } from '../../ui/states.tsx';

function SettingsForm({ settings, onClose }: { settings: SalesSettings; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    smallBusiness: settings.smallBusiness,
    quoteValidityDays: settings.quoteValidityDays,
    quoteTerms: settings.quoteTerms ?? '',
    quoteClosing: settings.quoteClosing ?? '',
  });
  const save = useMutation({
    mutationFn: (body: SalesSettingsPatch) => api<SalesSettings>('/sales-settings', { method: 'PATCH', body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['sales-settings'], saved);
      notifications.show({ color: 'green', message: t('quotes.settings.saved') });
      onClose();
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(error, t) }),
  });
  return (
    <Stack>
      <Checkbox
        label={t('quotes.settings.smallBusiness')}
        description={t('quotes.settings.smallBusinessHint')}
        checked={values.smallBusiness}
        onChange={(event) => setValues({ ...values, smallBusiness: event.currentTarget.checked })}
      />
      <NumberInput
        label={t('quotes.settings.validityDays')}
        min={1}
        max={365}
        value={values.quoteValidityDays}
        onChange={(days) => setValues({ ...values, quoteValidityDays: Number(days) || 30 })}
      />
      <Textarea
        label={t('quotes.settings.terms')}
        autosize
        minRows={2}
        value={values.quoteTerms}
        onChange={(event) => setValues({ ...values, quoteTerms: event.currentTarget.value })}
      />
      <Textarea
        label={t('quotes.settings.closing')}
        autosize
        minRows={2}
        value={values.quoteClosing}
        onChange={(event) => setValues({ ...values, quoteClosing: event.currentTarget.value })}
      />
      <Button
        loading={save.isPending}
        onClick={() =>
          save.mutate({
            smallBusiness: values.smallBusiness,
            quoteValidityDays: values.quoteValidityDays,
            quoteTerms: values.quoteTerms.trim() || null,
            quoteClosing: values.quoteClosing.trim() || null,
          })
        }
      >
        {t('quotes.actions.save')}
      </Button>
    </Stack>
  );
}

export function SalesSettingsDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['sales-settings'],
    queryFn: ({ signal }) => api<SalesSettings>('/sales-settings', { signal }),
    enabled: opened,
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('quotes.settings.title')}>
      {settings.data ? <SettingsForm settings={settings.data} onClose={onClose} /> : <LoadingState />}
    </Modal>
  );
}
