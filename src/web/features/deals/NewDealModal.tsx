// "New deal": title, company and contact (pre-filled when opened from a customer), amount
// and stage, checked with the API's own schema before sending; the server's field errors
// land at their fields.
import { useEffect, useState, type FormEvent } from 'react';
import { Anchor, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { dealCreate, type Deal, type DealCreate } from '../../../contract/deals.ts';
import type { Pipeline } from '../../../contract/pipelines.ts';
import { ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useErrorMessage } from '../../ui/states.tsx';
import { useCreateDeal, usePipelines } from './dealsData.ts';
import { parseAmount } from '../forms/money.ts';
import { CompanyPicker, ContactPicker } from '../forms/CustomerPickers.tsx';

type Field = 'title' | 'amount' | 'stageId' | 'companyId' | 'contactId';
const fields: readonly string[] = ['title', 'amount', 'stageId', 'companyId', 'contactId'];
type Errors = Partial<Record<Field, string>>;

function fieldOf(path: string): Field | null {
  const head = path.replace(/^\//, '').split(/[./]/)[0];
  return fields.includes(head) ? (head as Field) : null;
}

/**
 * `pipeline`: where the deal goes (default: the workspace's default pipeline);
 * `companyId`, `contactId`: the customer it is pre-filled with, e.g. from a contact's page;
 * `offerWayOn`: the notice of the new deal offers its page and the board (when the dialog was
 * opened away from the board, where the next step with a new deal usually is).
 */
export function NewDealModal({
  opened,
  onClose,
  pipeline: given,
  companyId: initialCompany = null,
  contactId: initialContact = null,
  onCreated,
  offerWayOn = false,
}: {
  opened: boolean;
  onClose: () => void;
  pipeline?: Pipeline;
  companyId?: string | null;
  contactId?: string | null;
  onCreated?: (deal: Deal) => void;
  offerWayOn?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useAuth();
  const errorMessage = useErrorMessage();
  const create = useCreateDeal();
  const pipelines = usePipelines();
  const pipeline = given ?? pipelines.data?.[0];
  const stages = pipeline?.stages ?? [];
  const firstOpen = stages.find((s) => s.kind === 'open') ?? stages[0];
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [stageId, setStageId] = useState<string | null>(firstOpen?.id ?? null);
  const [companyId, setCompanyId] = useState<string | null>(initialCompany);
  const [contactId, setContactId] = useState<string | null>(initialContact);
  const [errors, setErrors] = useState<Errors>({});

  useEffect(() => {
    if (!opened) return;
    setTitle('');
    setAmount('');
    setStageId(firstOpen?.id ?? null);
    setCompanyId(initialCompany);
    setContactId(initialContact);
    setErrors({});
  }, [opened, firstOpen?.id, initialCompany, initialContact]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const decimal = parseAmount(amount);
    const body: DealCreate = {
      title,
      ...(pipeline ? { pipelineId: pipeline.id } : {}),
      ...(stageId ? { stageId } : {}),
      companyId,
      contactId,
      amount: decimal === null ? null : { amount: decimal, currency: me?.workspace.defaultCurrency ?? 'EUR' },
    };
    const checked = dealCreate.safeParse(body);
    if (!checked.success) {
      const found: Errors = {};
      for (const issue of checked.error.issues) {
        const field = fieldOf(issue.path.map(String).join('.'));
        if (field) found[field] = t(`deals.form.invalid.${field}`);
      }
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (deal) => {
        const id = `deal-created-${deal.id}`;
        const go = (path: string) => {
          notifications.hide(id);
          void navigate(path);
        };
        notifications.show({
          id,
          color: 'green',
          message: offerWayOn ? (
            <Stack gap={4} data-testid="deal-created-notice">
              <Text size="sm">{t('deals.created', { title: deal.title })}</Text>
              <Group gap="md">
                <Anchor component="button" type="button" size="sm" onClick={() => go(`/deals/${deal.id}`)}>
                  {t('deals.createdOpen')}
                </Anchor>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => go(`/deals?pipeline=${deal.pipelineId}`)}
                >
                  {t('deals.createdBoard')}
                </Anchor>
              </Group>
            </Stack>
          ) : (
            t('deals.created', { title: deal.title })
          ),
        });
        onCreated?.(deal);
        onClose();
      },
      onError: (error) => {
        const found: Errors = {};
        if (error instanceof ApiError) {
          for (const fieldError of error.problem?.errors ?? []) {
            const field = fieldOf(fieldError.path);
            if (field) found[field] = fieldError.message;
          }
        }
        setErrors(found);
        if (Object.keys(found).length === 0) notifications.show({ color: 'red', message: errorMessage(error) });
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('deals.new')} centered>
      <form onSubmit={submit} noValidate data-testid="new-deal-form">
        <Stack gap="sm">
          <TextInput
            label={t('deals.form.title')}
            required
            data-autofocus
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
          />
          <CompanyPicker
            label={t('deals.form.company')}
            value={companyId}
            onChange={(id) => {
              setCompanyId(id);
            }}
            error={errors.companyId}
          />
          <ContactPicker
            label={t('deals.form.contact')}
            companyId={companyId}
            value={contactId}
            onChange={setContactId}
            onOnlyCompany={(company) => setCompanyId((current) => current ?? company.id)}
            error={errors.contactId}
          />
          <TextInput
            label={t('deals.form.amount', { currency: me?.workspace.defaultCurrency ?? 'EUR' })}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors.amount}
          />
          <Select
            label={t('deals.form.stage')}
            data={stages.map((s) => ({ value: s.id, label: s.name }))}
            value={stageId}
            onChange={setStageId}
            allowDeselect={false}
            error={errors.stageId}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('deals.form.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('deals.form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
