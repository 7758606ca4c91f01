// The purchases of a contact or company on its page: the latest orders (number or external
// number, date, status, net total), revenue per year and the products bought most. The same
// answer feeds the figure strip's purchase figures.
import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Order } from '../../../contract/orders.ts';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { Panel } from '../record/RecordPanels.tsx';
import type { RecordRef } from '../record/recordApi.ts';
import { fetchPurchases, orderKeys } from './ordersApi.ts';
import { onlyIf } from '../../app/auth.tsx';

export const statusColor: Record<Order['status'], string> = {
  open: 'blue',
  delivered: 'teal',
  invoiced: 'green',
  cancelled: 'gray',
};

export function usePurchases(record: RecordRef) {
  return useQuery({
    queryKey: orderKeys.purchases(record),
    queryFn: ({ signal }) => fetchPurchases(record, signal),
  });
}

/** How an order is named: its Farley number, else the other system's. */
export const orderName = (order: Order, fallback: string) => order.number ?? order.externalNumber ?? fallback;

function PurchasesPanelShown({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const canWrite = useHasRole('agent');
  const query = usePurchases(record);
  const field = record.type === 'company' ? 'companyId' : 'contactId';
  const history = query.data;
  return (
    <Panel
      title={t('orders.purchases.title')}
      testId="record-purchases"
      action={
        canWrite && (
          <Button
            component={Link}
            to={`/orders/new?${field}=${record.id}`}
            size="compact-xs"
            variant="subtle"
            data-testid="new-order"
          >
            {t('orders.purchases.newOrder')}
          </Button>
        )
      }
    >
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !history || history.orders.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('orders.purchases.empty')}
        </Text>
      ) : (
        <Stack gap="sm">
          <Table fz="xs" verticalSpacing={4} horizontalSpacing={4} data-testid="purchases-orders">
            <Table.Tbody>
              {history.orders.map((order) => (
                <Table.Tr key={order.id} data-testid="purchase-order">
                  <Table.Td>
                    <Anchor component={Link} to={`/orders/${order.id}`} size="xs">
                      {orderName(order, t('orders.noNumber'))}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {formatDate(order.orderDate, locale)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={statusColor[order.status]}>
                      {order.kind === 'return' ? t('orders.kind.return') : t(`orders.status.${order.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Text size="xs" td={order.status === 'cancelled' ? 'line-through' : undefined}>
                      {formatMoney({ amount: order.netTotal, currency: order.currency }, locale)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {history.nextCursor && (
            <Anchor component={Link} to={`/orders?${field}=${record.id}`} size="xs">
              {t('orders.purchases.all')}
            </Anchor>
          )}
          <div>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
              {t('orders.purchases.byYear')}
            </Text>
            <Table fz="xs" verticalSpacing={2} horizontalSpacing={4} data-testid="purchases-years">
              <Table.Tbody>
                {history.revenueByYear.map((year) => (
                  <Table.Tr key={year.year}>
                    <Table.Td>{year.year}</Table.Td>
                    <Table.Td ta="right">
                      {t('orders.figures.orders')}: {formatNumber(year.orders, locale)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {formatMoney({ amount: year.revenue, currency: history.currency }, locale)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          {history.products.length > 0 && (
            <div>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
                {t('orders.purchases.products')}
              </Text>
              <Table fz="xs" verticalSpacing={2} horizontalSpacing={4} data-testid="purchases-products">
                <Table.Tbody>
                  {history.products.map((product) => (
                    <Table.Tr key={`${product.productId}|${product.sku}|${product.name}`}>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Text size="xs" truncate>
                            {product.name ?? product.sku}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(Number(product.quantity), locale)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney({ amount: product.revenue, currency: history.currency }, locale)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Stack>
      )}
    </Panel>
  );
}

export const PurchasesPanel = /* @__PURE__ */ onlyIf('read', 'order', PurchasesPanelShown);
