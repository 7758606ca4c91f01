// A price list's name, and its currency and percentage off side by side: on the new list's
// dialog and on the list's page.
import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currencies } from '../forms/formValues.ts';

export function PriceListBasics({
  name,
  onName,
  autoFocus,
  currency,
  onCurrency,
  percent,
  onPercent,
  percentHint,
  percentError,
}: {
  name: string;
  onName(name: string): void;
  autoFocus?: boolean;
  currency: string;
  onCurrency(currency: string): void;
  percent: string;
  onPercent(percent: string): void;
  percentHint?: string;
  percentError?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t('priceLists.fields.name')}
        value={name}
        onChange={(event) => onName(event.currentTarget.value)}
        maxLength={100}
        required
        data-autofocus={autoFocus || undefined}
      />
      <Group grow align="flex-start">
        <Select
          label={t('priceLists.fields.currency')}
          data={currencies}
          value={currency}
          allowDeselect={false}
          onChange={(value) => value && onCurrency(value)}
        />
        <TextInput
          label={t('priceLists.fields.discountPercent')}
          description={percentHint}
          inputMode="decimal"
          value={percent}
          onChange={(event) => onPercent(event.currentTarget.value)}
          error={percentError}
        />
      </Group>
    </>
  );
}
