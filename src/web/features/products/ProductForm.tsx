// Create and edit a product (/products/new, /products/:id/edit): every field of the contract,
// checked with productCreate/productPatch before sending. The price is typed the local way
// ("1.234,50" or "1234,5" in German) and sent as an exact decimal string; the VAT rates offered
// are those of the workspace's country, as the server allows them.
import { Group, Select, SimpleGrid, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { productCreate, productPatch, type Product } from '../../../contract/products.ts';
import { normalVatRate, vatRatesFor } from '../../../contract/sales/vatRates.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { FormPage } from '../forms/FormPage.tsx';
import { blankToNull, currencies, useRecord } from '../forms/formValues.ts';
import { useRecordForm } from '../forms/useRecordForm.ts';
import { formatVatRate, parsePrice, priceInputText, tidyPrice } from './price.ts';
import { unitOptions, type ProductUnit } from './units.ts';

interface Values {
  sku: string;
  name: string;
  description: string;
  unit: ProductUnit;
  listPrice: string;
  costPrice: string;
  currency: string;
  vatRate: string;
  productGroup: string;
  active: boolean;
  tags: string[];
}

function initialValues(product: Product | null, currency: string, vatRate: string, locale: string): Values {
  return {
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    description: product?.description ?? '',
    unit: product?.unit ?? 'piece',
    listPrice: priceInputText(product?.listPrice, locale),
    costPrice: product?.costPrice ? priceInputText(product.costPrice, locale) : '',
    currency: product?.currency ?? currency,
    vatRate: product?.vatRate ?? vatRate,
    productGroup: product?.productGroup ?? '',
    active: product?.active ?? true,
    tags: product?.tags ?? [],
  };
}

function ProductForm({ product, onReload }: { product: Product | null; onReload?: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const locale = useLocale();
  const navigate = useNavigate();
  const rates = vatRatesFor(me?.workspace.defaultCountry ?? 'DE');
  // A product keeps a rate the country no longer has until someone chooses another.
  const offered = product && !rates.includes(normalVatRate(product.vatRate)) ? [product.vatRate, ...rates] : rates;
  const defaultCurrency = me?.workspace.defaultCurrency ?? 'EUR';
  const toBody = (v: Values) => ({
    sku: v.sku.trim(),
    name: v.name,
    description: blankToNull(v.description),
    unit: v.unit,
    listPrice: parsePrice(v.listPrice, locale) ?? '',
    costPrice: v.costPrice.trim() ? (parsePrice(v.costPrice, locale) ?? v.costPrice) : null,
    currency: v.currency,
    vatRate: v.vatRate,
    productGroup: blankToNull(v.productGroup),
    active: v.active,
    tags: v.tags,
  });
  const form = useRecordForm<Values, Product>({
    resource: 'products',
    record: product,
    initial: initialValues(product, defaultCurrency, rates[0], locale),
    toBody,
    schema: product ? productPatch : productCreate,
    onSaved: (saved) => {
      navigate(`/products/${saved.id}`);
    },
  });
  const { values, set, field } = form;
  const text = (name: 'sku' | 'name' | 'productGroup', extra: object = {}) => (
    <TextInput
      label={t(`products.fields.${name}`)}
      value={values[name]}
      onChange={(e) => set(name, e.currentTarget.value)}
      {...field(name)}
      {...extra}
    />
  );
  const currencyChoices = [defaultCurrency, ...currencies.filter((c) => c !== defaultCurrency)];

  return (
    <FormPage
      title={product ? t('products.editTitle') : t('products.newTitle')}
      backTo={product ? `/products/${product.id}` : '/products'}
      backLabel={product ? t('forms.backToRecord') : t('products.back')}
      form={form}
      editing={Boolean(product)}
      onReload={onReload}
      onDeleted={() => navigate('/products')}
      testId="product-form"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {text('name', { required: true, autoFocus: !product })}
        {text('sku', { required: true, description: t('products.skuHelp') })}
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={t('products.fields.listPrice')}
            placeholder={t('products.pricePlaceholder')}
            required
            inputMode="decimal"
            value={values.listPrice}
            style={{ flex: 1 }}
            onChange={(e) => set('listPrice', e.currentTarget.value)}
            error={form.error('listPrice')}
            onBlur={() => {
              form.touch('listPrice');
              set('listPrice', tidyPrice(values.listPrice, locale));
            }}
            data-testid="product-price-input"
          />
          <Select
            label={t('forms.currency')}
            data={currencyChoices}
            value={values.currency}
            allowDeselect={false}
            w={100}
            onChange={(value) => value && set('currency', value)}
            error={form.error('currency')}
          />
        </Group>
        <Select
          label={t('products.fields.unit')}
          data={unitOptions(t)}
          value={values.unit}
          allowDeselect={false}
          onChange={(value) => value && set('unit', value as ProductUnit)}
          {...field('unit')}
          data-testid="product-unit-select"
        />
        <Select
          label={t('products.fields.vatRate')}
          data={offered.map((rate) => ({ value: rate, label: formatVatRate(rate, locale) }))}
          value={values.vatRate}
          allowDeselect={false}
          onChange={(value) => value && set('vatRate', value)}
          {...field('vatRate')}
          data-testid="product-vat-select"
        />
        {text('productGroup')}
        <TextInput
          label={t('products.fields.costPrice')}
          description={t('products.costHelp')}
          placeholder={t('products.pricePlaceholder')}
          inputMode="decimal"
          value={values.costPrice}
          onChange={(e) => set('costPrice', e.currentTarget.value)}
          error={form.error('costPrice')}
          onBlur={() => {
            form.touch('costPrice');
            if (values.costPrice.trim()) set('costPrice', tidyPrice(values.costPrice, locale));
          }}
          data-testid="product-cost-input"
        />
      </SimpleGrid>
      <Textarea
        label={t('products.fields.description')}
        autosize
        minRows={3}
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        {...field('description')}
      />
      <TagsInput
        label={t('forms.tags')}
        value={values.tags}
        onChange={(tags) => set('tags', tags)}
        error={form.error('tags') ?? form.error('tags.0')}
        clearable
      />
      <Switch
        label={t('products.fields.active')}
        description={t('products.activeHelp')}
        checked={values.active}
        onChange={(e) => set('active', e.currentTarget.checked)}
        data-testid="product-active"
      />
    </FormPage>
  );
}

export default function ProductFormPage() {
  const { id } = useParams();
  const query = useRecord<Product>('products', id);
  if (!id) return <ProductForm product={null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ProductForm key={query.data.version} product={query.data} onReload={() => void query.refetch()} />;
}
