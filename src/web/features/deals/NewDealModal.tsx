// "New deal": title, amount and stage, checked with the API's own schema before sending;
// the server's field errors land at their fields.
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { dealCreate, type DealCreate } from '../../../contract/deals.ts';
import type { Pipeline } from '../../../contract/pipelines.ts';
import { ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useErrorMessage } from '../../ui/states.tsx';
import { useCreateDeal } from './dealsData.ts';
import { parseAmount } from '../forms/money.ts';

type Field = 'title' | 'amount' | 'stageId';
type Errors = Partial<Record<Field, string>>;

function fieldOf(path: string): Field | null {
  const head = path.replace(/^\//, '').split(/[./]/)[0];
  return head === 'title' || head === 'amount' || head === 'stageId' ? head : null;
}

export function NewDealModal({
  opened,
  onClose,
  pipeline,
  companyId = null,
  contactId = null,
}: {
  opened: boolean;
  onClose: () => void;
  pipeline: Pipeline;
  /** The customer a deal opened from a customer page belongs to. */
  companyId?: string | null;
  contactId?: string | null;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const errorMessage = useErrorMessage();
  const create = useCreateDeal();
  const firstOpen = pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0];
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [stageId, setStageId] = useState<string | null>(firstOpen?.id ?? null);
  const [errors, setErrors] = useState<Errors>({});

  useEffect(() => {
    if (!opened) return;
    setTitle('');
    setAmount('');
    setStageId(firstOpen?.id ?? null);
    setErrors({});
  }, [opened, firstOpen?.id]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const decimal = parseAmount(amount);
    const body: DealCreate = {
      title,
      pipelineId: pipeline.id,
      ...(stageId ? { stageId } : {}),
      ...(companyId ? { companyId } : {}),
      ...(contactId ? { contactId } : {}),
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
        notifications.show({ color: 'green', message: t('deals.created', { title: deal.title }) });
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
          <TextInput
            label={t('deals.form.amount', { currency: me?.workspace.defaultCurrency ?? 'EUR' })}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors.amount}
          />
          <Select
            label={t('deals.form.stage')}
            data={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
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
