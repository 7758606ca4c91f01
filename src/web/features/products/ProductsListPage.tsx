// The products list: the shared list screen with the catalogue's columns, and a quick choice
// of active, inactive or all products (the `active` filter in the URL, as the filter builder
// writes it, so both show the same state).
import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RecordList } from '../lists/RecordList.tsx';
import { productsConfig } from './productsList.tsx';

function ActiveChoice() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const value = params.get('active') ?? 'all';
  const choose = (next: string) => {
    const updated = new URLSearchParams(params);
    if (next === 'all') updated.delete('active');
    else updated.set('active', next);
    setParams(updated, { replace: true });
  };
  return (
    <SegmentedControl
      size="sm"
      value={value}
      onChange={choose}
      aria-label={t('products.filterActive')}
      data-testid="products-active"
      data={[
        { value: 'all', label: t('products.all') },
        { value: 'true', label: t('products.activeMany') },
        { value: 'false', label: t('products.inactiveMany') },
      ]}
    />
  );
}

export default function ProductsListPage() {
  return <RecordList config={productsConfig} actions={<ActiveChoice />} />;
}
