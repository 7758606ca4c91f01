// Entering an order (/orders/new, ?companyId= or ?contactId= from a customer page): the
// customer, the date, and lines taken from the catalogue (its price and VAT rate filled in,
// both changeable) or written as free text. The totals shown are computed as the server
// computes them (computeSalesTotals), so what is saved is what the form showed.
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutDay } from '../forms/dates.ts';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { OrderCreate } from '../../../contract/orders.ts';
import type { Product } from '../../../contract/products.ts';
import { computeSalesTotals, vatRatesFor } from '../../../contract/sales/index.ts';
import { api, ApiError, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { CompanyPicker, ContactPicker } from '../forms/CustomerPickers.tsx';
import { createOrder, orderKeys } from './ordersApi.ts';

interface Line {
  key: number;
  productId: string | null;
  productLabel: string | null;
  name: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
}

/** A decimal as typed in either language ("1,5" or "1.5"), or null when it is none. */
const decimal = (text: string): string | null => {
  const value = text.trim().replace(/\s/g, '').replace(',', '.');
  return /^\d{1,12}(\.\d{1,4})?$/.test(value) ? value : null;
};

function ProductSelect({ line, onPick }: { line: Line; onPick(product: Product | null): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const hits = useQuery({
    queryKey: ['products', 'picker', debounced],
    queryFn: ({ signal }) =>
      api<Page<Product>>('/products', {
        query: { q: debounced || undefined, active: true, limit: 20, sort: 'name' },
        signal,
      }),
    staleTime: 30_000,
  });
  const products = hits.data?.data ?? [];
  // Every product seen, so the one chosen is found whichever search answered last.
  const seen = useRef(new Map<string, Product>());
  for (const product of products) seen.current.set(product.id, product);
  const pick = async (id: string | null) => {
    if (!id) return onPick(null);
    onPick(seen.current.get(id) ?? (await api<Product>(`/products/${id}`)));
  };
  const options = products.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }));
  if (line.productId && !options.some((o) => o.value === line.productId))
    options.unshift({ value: line.productId, label: line.productLabel ?? '…' });
  return (
    <Select
      aria-label={t('orders.lines.pickProduct')}
      placeholder={t('orders.lines.pickProduct')}
      data={options}
      value={line.productId}
      onChange={(id) => void pick(id)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data-testid="line-product"
    />
  );
}

let nextKey = 1;
const emptyLine = (vatRate: string): Line => ({
  key: nextKey++,
  productId: null,
  productLabel: null,
  name: '',
  quantity: '1',
  unitPrice: '',
  vatRate,
});

export default function OrderForm() {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { me } = useAuth();
  const [params] = useSearchParams();
  const country = me?.workspace.defaultCountry ?? 'DE';
  const currency = me?.workspace.defaultCurrency ?? 'EUR';
  const rates = vatRatesFor(country);
  const [companyId, setCompanyId] = useState<string | null>(params.get('companyId'));
  const [contactId, setContactId] = useState<string | null>(params.get('contactId'));
  const [orderDate, setOrderDate] = useState(shortcutDay('today'));
  const [lines, setLines] = useState<Line[]>([emptyLine(rates[0] ?? '0')]);
  const [localError, setLocalError] = useState<string | null>(null);
  const set = (key: number, change: Partial<Line>) =>
    setLines((all) => all.map((line) => (line.key === key ? { ...line, ...change } : line)));

  const items = lines.map((line) => ({
    kind: 'item' as const,
    quantity: decimal(line.quantity) ?? '0',
    unitPrice: decimal(line.unitPrice) ?? '0',
    vatRate: line.vatRate,
  }));
  const totals = computeSalesTotals({ currency, pricesEntered: 'net', taxTreatment: 'standard', lines: items });

  const save = useMutation({
    mutationFn: (body: OrderCreate) => createOrder(body),
    onSuccess: (order) => {
      void client.invalidateQueries({ queryKey: orderKeys.all });
      for (const type of ['contacts', 'companies'])
        void client.invalidateQueries({
          queryKey: [type, 'detail'],
          predicate: (q) => q.queryKey.includes('purchases'),
        });
      notifications.show({ color: 'green', message: t('orders.form.saved') });
      navigate(`/orders/${order.id}`);
    },
  });
  const fieldErrors = save.error instanceof ApiError ? (save.error.problem?.errors ?? []) : [];
  const errorAt = (path: string) => fieldErrors.find((e) => e.path === path)?.message;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!companyId && !contactId) {
      setLocalError(t('orders.form.needCustomer'));
      return;
    }
    setLocalError(null);
    save.mutate({
      companyId,
      contactId,
      orderDate,
      lines: lines.map((line) => ({
        productId: line.productId,
        name: line.name.trim() || null,
        quantity: decimal(line.quantity) ?? line.quantity,
        ...(decimal(line.unitPrice) !== null && { unitPrice: decimal(line.unitPrice) ?? undefined }),
        vatRate: line.vatRate,
      })),
    });
  };

  const back = companyId ? `/companies/${companyId}` : contactId ? `/contacts/${contactId}` : '/orders';
  return (
    <Stack gap="sm" maw={1000}>
      <Anchor component={Link} to={back} size="sm">
        ← {t('orders.back')}
      </Anchor>
      <Title order={2}>{t('orders.form.title')}</Title>
      {(localError || save.error) && (
        <Alert color="red" role="alert" data-testid="form-problem">
          {localError ?? errorMessage(save.error)}
        </Alert>
      )}
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate data-testid="order-form">
          <Stack gap="md">
            <Group grow align="flex-start">
              <CompanyPicker
                label={t('orders.fields.company')}
                value={companyId}
                onChange={setCompanyId}
                error={errorAt('companyId')}
              />
              <ContactPicker
                label={t('orders.fields.contact')}
                companyId={companyId}
                value={contactId}
                onChange={setContactId}
                onOnlyCompany={(company) => setCompanyId((current) => current ?? company.id)}
                error={errorAt('contactId')}
              />
              <TextInput
                label={t('orders.fields.orderDate')}
                type="date"
                value={orderDate}
                onChange={(event) => setOrderDate(event.currentTarget.value)}
                error={errorAt('orderDate')}
                data-testid="order-date"
              />
            </Group>
            <Table data-testid="order-form-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.lines.product')}</Table.Th>
                  <Table.Th w={100}>{t('orders.lines.quantity')}</Table.Th>
                  <Table.Th w={130}>{t('orders.lines.unitPrice')}</Table.Th>
                  <Table.Th w={100}>{t('orders.lines.vatRate')}</Table.Th>
                  <Table.Th w={130} ta="right">
                    {t('orders.lines.netAmount')}
                  </Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line, i) => {
                  const total = totals.lines[i];
                  return (
                    <Table.Tr key={line.key} data-testid="order-form-line">
                      <Table.Td>
                        <Stack gap={4}>
                          <ProductSelect
                            line={line}
                            onPick={(product) =>
                              set(line.key, {
                                productId: product?.id ?? null,
                                productLabel: product ? `${product.sku} · ${product.name}` : null,
                                unitPrice: product ? product.listPrice : line.unitPrice,
                                vatRate: product && rates.includes(product.vatRate) ? product.vatRate : line.vatRate,
                              })
                            }
                          />
                          {!line.productId && (
                            <TextInput
                              aria-label={t('orders.lines.freeText')}
                              placeholder={`${t('orders.lines.orFreeText')}: ${t('orders.lines.freeText')}`}
                              value={line.name}
                              onChange={(event) => set(line.key, { name: event.currentTarget.value })}
                              error={errorAt(`lines.${i}.name`)}
                              data-testid="line-name"
                            />
                          )}
                          {errorAt(`lines.${i}.productId`) && (
                            <Text size="xs" c="red">
                              {errorAt(`lines.${i}.productId`)}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={t('orders.lines.quantity')}
                          value={line.quantity}
                          onChange={(event) => set(line.key, { quantity: event.currentTarget.value })}
                          error={errorAt(`lines.${i}.quantity`)}
                          data-testid="line-quantity"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={t('orders.lines.unitPrice')}
                          value={line.unitPrice}
                          onChange={(event) => set(line.key, { unitPrice: event.currentTarget.value })}
                          error={errorAt(`lines.${i}.unitPrice`)}
                          data-testid="line-price"
                        />
                      </Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={t('orders.lines.vatRate')}
                          data={rates.map((rate) => ({ value: rate, label: `${rate} %` }))}
                          value={line.vatRate}
                          onChange={(rate) => rate && set(line.key, { vatRate: rate })}
                          allowDeselect={false}
                          error={errorAt(`lines.${i}.vatRate`)}
                        />
                      </Table.Td>
                      <Table.Td ta="right">
                        {total?.kind === 'item' ? formatMoney({ amount: total.net, currency }, locale) : '–'}
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('orders.lines.remove')}
                          disabled={lines.length === 1}
                          onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))}
                        >
                          ×
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Group justify="space-between">
              <Button
                variant="light"
                onClick={() => setLines((all) => [...all, emptyLine(rates[0] ?? '0')])}
                data-testid="add-line"
              >
                {t('orders.lines.add')}
              </Button>
              <Text fw={700} data-testid="order-form-total">
                {t('orders.form.total')}: {formatMoney({ amount: totals.netTotal, currency }, locale)}
              </Text>
            </Group>
            <Group justify="flex-end">
              <Button component={Link} to={back} variant="default">
                {t('orders.form.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} data-testid="save-order">
                {t('orders.form.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
