// "Create contact" for an unknown sender: a short form filled from the signature (name, phone,
// position, company) that creates the contact with the address, and links the company when
// the CRM has one of that name.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Company } from '../../../contract/companies.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { api, type Page } from '../../app/api.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { serverErrors } from '../forms/fieldErrors.ts';
import { RecordSelect } from '../forms/pickers.tsx';
import { dismissSender, emailKeys, type UnknownSender } from './emailsApi.ts';

/** First and last name from "Jonas Weber" (the last word is the last name). */
function splitName(name: string | null | undefined): { firstName: string; lastName: string } {
  const words = (name ?? '').replace(/[<>"]/g, '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
}

/** The company of the signature, when the CRM has one of exactly that name. */
function useSignatureCompany(name: string | undefined) {
  return useQuery({
    queryKey: ['companies', 'list', { q: name, purpose: 'signature' }],
    queryFn: ({ signal }) => api<Page<Company>>('/companies', { query: { q: name, limit: 5 }, signal }),
    enabled: !!name,
    select: (page) => page.data.find((company) => company.name.toLowerCase() === name?.toLowerCase()) ?? null,
  });
}

export function NewContactDialog({ sender, onClose }: { sender: UnknownSender; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState({
    ...splitName(sender.signature.name ?? sender.name),
    jobTitle: sender.signature.jobTitle ?? '',
    phone: sender.signature.phone ?? '',
  });
  const [companyId, setCompanyId] = useState<string | null>(null);
  const known = useSignatureCompany(sender.signature.company);
  useEffect(() => {
    if (known.data) setCompanyId((current) => current ?? known.data?.id ?? null);
  }, [known.data]);
  const create = useMutation({
    mutationFn: async () => {
      const contact = await api<Contact>('/contacts', {
        method: 'POST',
        body: {
          firstName: values.firstName.trim() || null,
          lastName: values.lastName.trim() || null,
          jobTitle: values.jobTitle.trim() || null,
          emails: [{ email: sender.address, primary: true }],
          phones: values.phone.trim() ? [{ number: values.phone.trim() }] : [],
        },
      });
      if (companyId) await api(`/contacts/${contact.id}/affiliations`, { method: 'POST', body: { companyId } });
      // Known now: the server keeps counting the address until it is dismissed.
      await dismissSender(sender.address);
      return contact;
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: emailKeys.senders });
      void client.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'green', message: t('emails.senders.created', { address: sender.address }) });
      onClose();
    },
  });
  const errors = create.error ? serverErrors(create.error, t) : {};
  const text = (name: keyof typeof values, testId: string) => (
    <TextInput
      label={t(`emails.senders.fields.${name}`)}
      value={values[name]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setValues((current) => ({ ...current, [name]: value }));
      }}
      error={errors[name] ?? (name === 'phone' ? errors['phones.0.number'] : undefined)}
      data-testid={testId}
    />
  );
  return (
    <Modal opened onClose={onClose} title={t('emails.senders.createTitle')} data-testid="sender-create-dialog">
      <Stack gap="sm">
        <Text size="sm">{t('emails.senders.createText', { address: sender.address })}</Text>
        <SimpleGrid cols={2} spacing="sm">
          {text('firstName', 'sender-first-name')}
          {text('lastName', 'sender-last-name')}
        </SimpleGrid>
        {text('jobTitle', 'sender-job-title')}
        {text('phone', 'sender-phone')}
        <RecordSelect
          type="company"
          label={t('emails.senders.fields.company')}
          value={companyId}
          onChange={setCompanyId}
          description={
            sender.signature.company && known.isSuccess && !known.data
              ? t('emails.senders.companyUnknown', { name: sender.signature.company })
              : undefined
          }
          data-testid="sender-company"
        />
        {create.isError && Object.keys(errors).length === 0 && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('emails.confirm.cancel')}
          </Button>
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="sender-create-confirm">
            {t('emails.senders.createConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
