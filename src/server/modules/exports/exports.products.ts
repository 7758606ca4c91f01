// The columns of a product export: headed and worded as the product import reads them back
// (the unit as "Stück" or "piece", the VAT rate as a number), so that an exported price list,
// changed in Excel, can be imported again matched by SKU.
import type { Product } from '../../../contract/products.ts';
import { unitNames } from '../imports/formats/productFields.ts';
import { type ExportColumn, tagsColumn, text, timestamps } from './exports.columns.ts';

export const productColumns: ExportColumn<Product>[] = [
  text<Product>('sku', 'Artikelnummer', 'SKU', ['sku'], (p) => p.sku),
  text<Product>('name', 'Bezeichnung', 'Name', ['name'], (p) => p.name),
  text<Product>('description', 'Beschreibung', 'Description', ['description'], (p) => p.description),
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
  {
    key: 'costPrice',
    label: { de: 'Einkaufspreis', en: 'Cost price' },
    kind: 'decimal',
    lists: ['costPrice'],
    value: (p) => p.costPrice,
  },
  text<Product>('currency', 'Währung', 'Currency', ['listPrice', 'currency'], (p) => p.currency),
  {
    key: 'vatRate',
    label: { de: 'USt.-Satz', en: 'VAT rate' },
    kind: 'decimal',
    lists: ['vatRate'],
    value: (p) => p.vatRate,
  },
  text<Product>('productGroup', 'Warengruppe', 'Product group', ['productGroup'], (p) => p.productGroup),
  { key: 'active', label: { de: 'Aktiv', en: 'Active' }, kind: 'boolean', lists: ['active'], value: (p) => p.active },
  tagsColumn<Product>(),
  // Products have no last activity: the export leaves that optional column out.
  ...timestamps<Product>(),
];
