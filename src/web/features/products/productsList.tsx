// The products list: its columns (name, SKU, price with currency, unit, VAT rate, group,
// active, tags), the fields the server filters and sorts by, and the page a row opens.
import { Badge } from '@mantine/core';
import { productUnits } from '../../../contract/products.ts';
import { col, tagsColumn, timestamps } from '../lists/columns.tsx';
import type { ResourceConfig } from '../lists/listTypes.ts';
import { formatPrice, formatVatRate } from './price.ts';

export const productsConfig: ResourceConfig = {
  resource: 'products',
  title: 'products.title',
  href: (record) => `/products/${record.id}`,
  primary: 'name',
  columns: [
    col('name', 260),
    col('sku', 140),
    col('listPrice', 170, {
      render: (record, context) =>
        typeof record.listPrice === 'string' && typeof record.currency === 'string'
          ? formatPrice(record.listPrice, record.currency, context.locale)
          : null,
    }),
    col('unit', 110, {
      render: (record, context) => context.t(`products.units.${String(record.unit)}`, { defaultValue: record.unit }),
    }),
    col('vatRate', 90, {
      render: (record, context) =>
        typeof record.vatRate === 'string' ? formatVatRate(record.vatRate, context.locale) : null,
    }),
    col('productGroup', 170),
    col('active', 100, {
      render: (record, context) =>
        record.active ? (
          context.t('products.active')
        ) : (
          <Badge color="gray" variant="light" size="sm">
            {context.t('products.inactive')}
          </Badge>
        ),
    }),
    tagsColumn,
    col('currency', 90),
    ...timestamps.filter((column) => column.key !== 'lastActivityAt'),
  ],
  defaultColumns: ['name', 'sku', 'listPrice', 'unit', 'vatRate', 'productGroup', 'active'],
  defaultSort: 'name',
  fields: [
    { name: 'sku', kind: 'text' },
    { name: 'name', kind: 'text' },
    { name: 'unit', kind: 'enum', values: productUnits },
    { name: 'listPrice', kind: 'decimal' },
    { name: 'currency', kind: 'text' },
    { name: 'vatRate', kind: 'decimal' },
    { name: 'productGroup', kind: 'text', nullable: true },
    { name: 'active', kind: 'boolean' },
    { name: 'tags', kind: 'array' },
    { name: 'createdAt', kind: 'timestamp' },
    { name: 'updatedAt', kind: 'timestamp' },
  ],
  commonFields: ['active', 'productGroup', 'tags', 'unit', 'listPrice'],
  bulk: [],
  newHref: '/products/new',
  views: false,
};
