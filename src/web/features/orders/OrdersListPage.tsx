// The orders list (/orders): every order and return of the workspace, newest first, filtered by
// status, kind and date (and by customer when a customer page links here), each linking to its
// page; "New order" for agents.
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { orderStatuses, type OrderStatus } from '../../../contract/orders.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { fetchOrders, orderKeys, type OrderFilters } from './ordersApi.ts';
import { orderName, statusColor } from './PurchasesPanel.tsx';

const sorts = { newest: '-orderDate', oldest: 'orderDate', largest: '-netTotal', number: 'number' } as const;

export default function OrdersListPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const canWrite = useHasRole('agent');
  const [params] = useSearchParams();
  const customer = { companyId: params.get('companyId'), contactId: params.get('contactId') };
  const [filters, setFilters] = useState<OrderFilters>({
    status: null,
    kind: null,
    from: null,
    to: null,
    sort: sorts.newest,
  });
  const query = useInfiniteQuery({
    queryKey: [...orderKeys.list(filters), customer],
    queryFn: ({ pageParam, signal }) => fetchOrders(filters, pageParam, signal, customer),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const orders = query.data?.pages.flatMap((page) => page.data) ?? [];
  const date = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('orders.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/orders/new" data-testid="new-order">
            {t('orders.new')}
          </Button>
        )}
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Select
          label={t('orders.fields.status')}
          placeholder={t('orders.filters.allStatuses')}
          data={orderStatuses.map((status) => ({ value: status, label: t(`orders.status.${status}`) }))}
          value={filters.status}
          onChange={(status) => setFilters({ ...filters, status: status as OrderStatus | null })}
          clearable
          w={180}
          data-testid="filter-status"
        />
        <Select
          label={t('orders.fields.kind')}
          placeholder={t('orders.filters.allKinds')}
          data={(['order', 'return'] as const).map((kind) => ({ value: kind, label: t(`orders.kind.${kind}`) }))}
          value={filters.kind}
          onChange={(kind) => setFilters({ ...filters, kind: kind as OrderFilters['kind'] })}
          clearable
          w={220}
        />
        <TextInput
          label={t('orders.filters.from')}
          type="date"
          w={160}
          onChange={(event) => setFilters({ ...filters, from: date(event.currentTarget.value) })}
        />
        <TextInput
          label={t('orders.filters.to')}
          type="date"
          w={160}
          onChange={(event) => setFilters({ ...filters, to: date(event.currentTarget.value) })}
        />
        <Select
          label={t('orders.filters.sort')}
          data={Object.entries(sorts).map(([key, value]) => ({ value, label: t(`orders.filters.${key}`) }))}
          value={filters.sort}
          onChange={(sort) => setFilters({ ...filters, sort: sort ?? sorts.newest })}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : orders.length === 0 ? (
        <EmptyState>{t('orders.empty')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover data-testid="orders-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.fields.number')}</Table.Th>
                <Table.Th>{t('orders.fields.orderDate')}</Table.Th>
                <Table.Th>{t('orders.fields.customer')}</Table.Th>
                <Table.Th>{t('orders.fields.status')}</Table.Th>
                <Table.Th ta="right">{t('orders.fields.netTotal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {orders.map((order) => (
                <Table.Tr key={order.id} data-testid="order-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/orders/${order.id}`}>
                      {orderName(order, t('orders.noNumber'))}
                    </Anchor>
                    {order.number && order.externalNumber && (
                      <Text size="xs" c="dimmed">
                        {order.externalNumber}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDate(order.orderDate, locale)}</Table.Td>
                  <Table.Td>
                    {order.customerName && (
                      <Anchor
                        component={Link}
                        to={order.companyId ? `/companies/${order.companyId}` : `/contacts/${order.contactId}`}
                      >
                        {order.customerName}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" color={statusColor[order.status]}>
                        {t(`orders.status.${order.status}`)}
                      </Badge>
                      {order.kind === 'return' && (
                        <Badge variant="outline" color="orange">
                          {t('orders.kind.return')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    {formatMoney({ amount: order.netTotal, currency: order.currency }, locale)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {query.hasNextPage && (
        <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t('orders.more')}
        </Button>
      )}
    </Stack>
  );
}
