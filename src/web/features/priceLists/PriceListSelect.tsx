// A customer's price list on the company and contact forms and pages: a select of the live
// lists ("none" means the default list applies), and the list's name linked to its page.
import { Anchor, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePriceLists } from './priceListsApi.ts';
import { onlyIf } from '../../app/auth.tsx';

function PriceListSelectShown({
  value,
  onChange,
  error,
  description,
}: {
  value: string | null;
  onChange(id: string | null): void;
  error?: string;
  description?: string;
}) {
  const { t } = useTranslation();
  const lists = usePriceLists();
  const data = (lists.data ?? [])
    .filter((list) => !list.isDefault)
    .map((list) => ({ value: list.id, label: list.name }));
  // A list the record keeps after it went to the trash is still shown by name.
  if (value && !data.some((option) => option.value === value))
    data.push({ value, label: t('priceLists.select.unavailable') });
  return (
    <Select
      label={t('priceLists.select.label')}
      description={description ?? t('priceLists.select.hint')}
      placeholder={t('priceLists.select.none')}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      error={error}
      data-testid="price-list-select"
    />
  );
}

/** The customer's own price list, linked; nothing when the default list applies. */
function PriceListNameShown({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const lists = usePriceLists();
  if (!id) return null;
  const list = lists.data?.find((candidate) => candidate.id === id);
  return (
    <Text size="sm" data-testid="customer-price-list">
      {t('priceLists.select.label')}:{' '}
      <Anchor component={Link} to={`/price-lists/${id}`} size="sm">
        {list?.name ?? t('priceLists.select.unavailable')}
      </Anchor>
    </Text>
  );
}

export const PriceListName = /* @__PURE__ */ onlyIf('read', 'priceList', PriceListNameShown);

export const PriceListSelect = /* @__PURE__ */ onlyIf('read', 'priceList', PriceListSelectShown);
