// A price list's products with their own prices: a table, and for managers a row to add a
// product (searched by SKU or name) with its price, and a button per product to remove it.
import { useState } from 'react';
import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PriceList } from '../../../contract/priceLists.ts';
import type { Product } from '../../../contract/products.ts';
import { api } from '../../app/api.ts';
import { formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { decimalOf, useChangePriceList } from './priceListsApi.ts';
import { ChangeProblem } from './ChangeProblem.tsx';

function useProductSearch(q: string) {
  return useQuery({
    queryKey: ['products', 'pick', q],
    queryFn: ({ signal }) =>
      api<{ data: Product[] }>('/products', { query: { q, limit: 20, active: 'true' }, signal }).then((p) => p.data),
    staleTime: 30_000,
  });
}

function AddEntry({ list }: { list: PriceList }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [productId, setProductId] = useState<string | null>(null);
  const [price, setPrice] = useState('');
  const products = useProductSearch(search);
  const change = useChangePriceList();
  const add = () =>
    productId &&
    change.mutate(
      { kind: 'setEntry', list, productId, price: decimalOf(price) },
      {
        onSuccess: () => {
          setProductId(null);
          setSearch('');
          setPrice('');
        },
      },
    );
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" data-testid="add-price-list-entry">
        <Select
          label={t('priceLists.entries.product')}
          placeholder={t('priceLists.entries.search')}
          data={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }))}
          value={productId}
          onChange={setProductId}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          nothingFoundMessage={t('priceLists.entries.noProducts')}
          style={{ flex: 2 }}
        />
        <TextInput
          label={t('priceLists.entries.price', { currency: list.currency })}
          inputMode="decimal"
          value={price}
          onChange={(event) => setPrice(event.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button onClick={add} disabled={!productId || !price.trim()} loading={change.isPending}>
          {t('priceLists.entries.add')}
        </Button>
      </Group>
      <ChangeProblem error={change.error} />
    </Stack>
  );
}

export function PriceListEntries({ list, mayEdit }: { list: PriceList; mayEdit: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const change = useChangePriceList();
  const entries = list.entries ?? [];
  return (
    <Stack gap="sm">
      <Title order={4}>{t('priceLists.entries.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('priceLists.entries.intro')}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-price-list-entries">
          {t('priceLists.entries.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="price-list-entries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('priceLists.entries.sku')}</Table.Th>
                <Table.Th>{t('priceLists.entries.product')}</Table.Th>
                <Table.Th ta="right">{t('priceLists.entries.listPrice')}</Table.Th>
                <Table.Th ta="right">{t('priceLists.entries.ownPrice')}</Table.Th>
                {mayEdit && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.productId} data-testid="price-list-entry">
                  <Table.Td>{entry.sku}</Table.Td>
                  <Table.Td>{entry.name}</Table.Td>
                  <Table.Td ta="right">
                    {formatMoney({ amount: entry.listPrice, currency: entry.productCurrency }, locale)}
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {formatMoney({ amount: entry.price, currency: list.currency }, locale)}
                  </Table.Td>
                  {mayEdit && (
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('priceLists.entries.remove', { name: entry.name })}
                        onClick={() => change.mutate({ kind: 'removeEntry', list, productId: entry.productId })}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {mayEdit && <AddEntry list={list} />}
    </Stack>
  );
}
