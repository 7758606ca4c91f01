// An order's page: its number, customer, date, status (agents change it here), totals and lines.
import { Anchor, Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Order, type OrderStatus, orderStatuses } from '../../../contract/orders.ts';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { changeStatus, fetchOrder, orderKeys } from './ordersApi.ts';
import { orderName, statusColor } from './PurchasesPanel.tsx';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

export default function OrderShow() {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const canWrite = useHasRole('agent');
  const { id = '' } = useParams();
  const client = useQueryClient();
  const query = useQuery({ queryKey: orderKeys.detail(id), queryFn: ({ signal }) => fetchOrder(id, signal) });
  const status = useMutation({
    mutationFn: ({ order, to }: { order: Order; to: OrderStatus }) => changeStatus(order, to),
    onSuccess: (order) => {
      client.setQueryData(orderKeys.detail(id), order);
      void client.invalidateQueries({ queryKey: orderKeys.all });
      for (const type of ['contacts', 'companies'])
        void client.invalidateQueries({
          queryKey: [type, 'detail'],
          predicate: (q) => q.queryKey.includes('purchases'),
        });
      notifications.show({ color: 'green', message: t('orders.statusChanged') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const order = query.data;
  if (!order) return <EmptyState>{t('orders.notFound')}</EmptyState>;
  const money = (amount: string | null) =>
    amount === null ? '–' : formatMoney({ amount, currency: order.currency }, locale);
  const lines = order.lines ?? [];
  return (
    <Stack gap="sm" maw={1000}>
      <Anchor component={Link} to="/orders" size="sm">
        ← {t('orders.back')}
      </Anchor>
      <Paper withBorder p="md" data-testid="order-header">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {order.kind === 'return' ? t('orders.kind.return') : t('orders.kind.order')}
              </Text>
              <Title order={2} data-testid="order-number">
                {orderName(order, t('orders.noNumber'))}
              </Title>
              <Group gap="sm">
                {order.quoteId && (
                  <Anchor component={Link} to={`/quotes/${order.quoteId}`} size="sm" data-testid="order-quote">
                    {t('orders.fromQuote')}
                  </Anchor>
                )}
                {order.number && (
                  <Anchor
                    href={`/api/v1/orders/${order.id}/pdf`}
                    target="_blank"
                    rel="noopener"
                    size="sm"
                    data-testid="order-pdf"
                  >
                    {t('orders.confirmationPdf')}
                  </Anchor>
                )}
              </Group>
            </Stack>
            {canWrite ? (
              <Select
                label={t('orders.changeStatus')}
                data={orderStatuses.map((value) => ({ value, label: t(`orders.status.${value}`) }))}
                value={order.status}
                onChange={(to) => to && to !== order.status && status.mutate({ order, to: to as OrderStatus })}
                allowDeselect={false}
                disabled={status.isPending}
                w={200}
                data-testid="order-status"
              />
            ) : (
              <Badge color={statusColor[order.status]} variant="light" data-testid="order-status">
                {t(`orders.status.${order.status}`)}
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <Fact label={t('orders.fields.customer')}>
              {order.customerName ? (
                <Anchor
                  component={Link}
                  to={order.companyId ? `/companies/${order.companyId}` : `/contacts/${order.contactId}`}
                  size="sm"
                >
                  {order.customerName}
                </Anchor>
              ) : (
                <Text size="sm">–</Text>
              )}
            </Fact>
            <Fact label={t('orders.fields.orderDate')}>
              <Text size="sm">{formatDate(order.orderDate, locale)}</Text>
            </Fact>
            <Fact label={t('orders.fields.externalNumber')}>
              <Text size="sm">{order.externalNumber ?? '–'}</Text>
            </Fact>
            <Fact label={t('orders.fields.source')}>
              <Text size="sm">{t(`orders.source.${order.source}`)}</Text>
            </Fact>
            <Fact label={t('orders.fields.netTotal')}>
              <Text size="sm" fw={700} data-testid="order-net">
                {money(order.netTotal)}
              </Text>
            </Fact>
            <Fact label={t('orders.fields.vatTotal')}>
              <Text size="sm">{money(order.vatTotal)}</Text>
            </Fact>
            <Fact label={t('orders.fields.grossTotal')}>
              <Text size="sm">{money(order.grossTotal)}</Text>
            </Fact>
          </SimpleGrid>
        </Stack>
      </Paper>
      <Title order={3} size="h4">
        {t('orders.lines.title')}
      </Title>
      {lines.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('orders.lines.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped data-testid="order-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.lines.position')}</Table.Th>
                <Table.Th>{t('orders.lines.product')}</Table.Th>
                <Table.Th ta="right">{t('orders.lines.quantity')}</Table.Th>
                <Table.Th ta="right">{t('orders.lines.unitPrice')}</Table.Th>
                <Table.Th ta="right">{t('orders.lines.vatRate')}</Table.Th>
                <Table.Th ta="right">{t('orders.lines.netAmount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) => (
                <Table.Tr key={line.position}>
                  <Table.Td>{line.position}</Table.Td>
                  <Table.Td>
                    {line.name ?? line.sku}
                    {line.sku && line.name && (
                      <Text size="xs" c="dimmed">
                        {line.sku}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {formatNumber(Number(line.quantity), locale, { maximumFractionDigits: 4 })}
                  </Table.Td>
                  <Table.Td ta="right">{line.unitPrice === null ? '–' : money(line.unitPrice)}</Table.Td>
                  <Table.Td ta="right">{line.vatRate === null ? '–' : `${line.vatRate} %`}</Table.Td>
                  <Table.Td ta="right">{money(line.netAmount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
