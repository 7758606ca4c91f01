// The columns of a product export: headed and worded as the product import reads them back
// (the unit as "Stück" or "piece", the VAT rate as a number), so that an exported price list,
// changed in Excel, can be imported again matched by SKU.
import type { Product } from '../../../contract/products.ts';
import { unitNames } from '../imports/formats/productFields.ts';
import type { ExportColumn } from './exports.columns.ts';

const text = (key: string, de: string, en: string, lists: string[], read: (p: Product) => string | null) =>
  ({ key, label: { de, en }, kind: 'text', lists, value: read }) satisfies ExportColumn<Product>;

export const productColumns: ExportColumn<Product>[] = [
  text('sku', 'Artikelnummer', 'SKU', ['sku'], (p) => p.sku),
  text('name', 'Bezeichnung', 'Name', ['name'], (p) => p.name),
  text('description', 'Beschreibung', 'Description', ['description'], (p) => p.description),
  {
    key: 'unit',
    label: { de: 'Einheit', en: 'Unit' },
    kind: 'text',
    lists: ['unit'],
    value: (p, lookups) => unitNames[p.unit][lookups.language ?? 'de'],
  },
  {
    key: 'listPrice',
    label: { de: 'Listenpreis', en: 'List price' },
    kind: 'decimal',
    lists: ['listPrice'],
    value: (p) => p.listPrice,
  },
  text('currency', 'Währung', 'Currency', ['listPrice', 'currency'], (p) => p.currency),
  {
    key: 'vatRate',
    label: { de: 'USt.-Satz', en: 'VAT rate' },
    kind: 'decimal',
    lists: ['vatRate'],
    value: (p) => p.vatRate,
  },
  text('productGroup', 'Warengruppe', 'Product group', ['productGroup'], (p) => p.productGroup),
  { key: 'active', label: { de: 'Aktiv', en: 'Active' }, kind: 'boolean', lists: ['active'], value: (p) => p.active },
  text('tags', 'Schlagwörter', 'Tags', ['tags'], (p) => (p.tags.length ? p.tags.join('; ') : null)),
  {
    key: 'createdAt',
    label: { de: 'Angelegt', en: 'Created' },
    kind: 'timestamp',
    lists: ['createdAt'],
    value: (p) => p.createdAt,
  },
  {
    key: 'updatedAt',
    label: { de: 'Geändert', en: 'Updated' },
    kind: 'timestamp',
    lists: ['updatedAt'],
    value: (p) => p.updatedAt,
  },
];
