// A customer's potential in the customer-value panel: always marked as an assumption, with its
// basis and who set it when (or the rule it comes from), the share of wallet and the portfolio
// field; agents and up enter or remove it.
import { Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPotential } from '../../../contract/analytics.ts';
import { api } from '../../app/api.ts';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { type FieldErrors, serverErrors } from '../forms/fieldErrors.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import { collectionOf, type RecordRef } from '../record/recordApi.ts';
import { portfolioColor } from './PortfolioMatrix.tsx';
import { parsePrice, priceInputText } from '../products/price.ts';

const potentialKey = (record: RecordRef) => [collectionOf[record.type], 'detail', record.id, 'potential'] as const;

export function PotentialSection({ record, currency }: { record: RecordRef; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const canEdit = useHasRole('agent');
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [amount, setAmount] = useState('');
  const [basis, setBasis] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const path = `/${collectionOf[record.type]}/${record.id}/potential`;
  const query = useQuery({
    queryKey: potentialKey(record),
    queryFn: ({ signal }) => api<CustomerPotential>(path, { signal }),
  });
  const done = (saved: CustomerPotential) => {
    client.setQueryData(potentialKey(record), saved);
    void client.invalidateQueries({ queryKey: ['analytics', 'portfolio'] });
    setEditing(false);
    setErrors({});
  };
  const save = useMutation({
    mutationFn: (body: { amount: string; basis: string }) => api<CustomerPotential>(path, { method: 'PUT', body }),
    onSuccess: done,
    onError: (error) => {
      const found = serverErrors(error, t);
      setErrors(found);
      if (Object.keys(found).length === 0) notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });
  const remove = useMutation({
    mutationFn: () => api<CustomerPotential>(path, { method: 'DELETE' }),
    onSuccess: done,
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const data = query.data;
  if (!data) return null;
  const potential = data.potential;
  const open = () => {
    setAmount(potential && potential.source !== 'rule' ? priceInputText(potential.amount, locale) : '');
    setBasis(potential && potential.source !== 'rule' ? potential.basis : '');
    setErrors({});
    setEditing(true);
  };
  const submit = () => {
    const parsed = parsePrice(amount, locale);
    // The API takes cents at most; anything else is said here, in the user's words.
    if (!parsed || !/^\d+(\.\d{1,2})?$/.test(parsed)) {
      setErrors({ amount: t('analytics.potential.badAmount') });
      return;
    }
    save.mutate({ amount: parsed, basis: basis.trim() });
  };
  return (
    <Stack gap={4} data-testid="value-potential">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          {t('analytics.potential.title')}
        </Text>
        {data.field && (
          <Badge size="sm" variant="light" color={portfolioColor[data.field]} data-testid="value-portfolio-field">
            {t(`analytics.portfolio.fields.${data.field}.name`)}
          </Badge>
        )}
      </Group>
      {potential ? (
        <>
          <Text size="sm" data-testid="value-potential-amount">
            {formatMoney({ amount: potential.amount, currency }, locale)}{' '}
            <Badge size="xs" variant="outline" color="gray" tt="none">
              {t('analytics.potential.assumption')}
            </Badge>
          </Text>
          <Text size="xs" c="dimmed" data-testid="value-potential-basis">
            {potential.source === 'rule'
              ? t('analytics.potential.byRule', { basis: potential.basis })
              : t('analytics.potential.entered', {
                  basis: potential.basis,
                  date: potential.setAt ? formatDate(potential.setAt.slice(0, 10), locale) : '',
                })}
          </Text>
          {data.shareOfWallet !== null && (
            <Text size="xs" data-testid="value-share-of-wallet">
              {t('analytics.potential.share', {
                share: formatNumber(data.shareOfWallet, locale, { style: 'percent', maximumFractionDigits: 0 }),
              })}
            </Text>
          )}
        </>
      ) : (
        <Text size="xs" c="dimmed">
          {t('analytics.potential.none')}
        </Text>
      )}
      {canEdit && (
        <Group gap="xs">
          <Button size="compact-xs" variant="light" onClick={open} data-testid="potential-edit">
            {t(potential && potential.source !== 'rule' ? 'analytics.potential.change' : 'analytics.potential.enter')}
          </Button>
          {potential && potential.source !== 'rule' && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              loading={remove.isPending}
              onClick={() => remove.mutate()}
              data-testid="potential-remove"
            >
              {t('analytics.potential.remove')}
            </Button>
          )}
        </Group>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('analytics.potential.dialog')}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={t('analytics.potential.amount', { currency })}
              description={t('analytics.potential.amountHint')}
              value={amount}
              onChange={(event) => setAmount(event.currentTarget.value)}
              error={errors.amount}
              data-testid="potential-amount"
              required
            />
            <TextInput
              label={t('analytics.potential.basis')}
              description={t('analytics.potential.basisHint')}
              value={basis}
              onChange={(event) => setBasis(event.currentTarget.value)}
              error={errors.basis}
              data-testid="potential-basis"
              required
            />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} data-testid="potential-save">
                {t('analytics.potential.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
