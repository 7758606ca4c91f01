// A product's page (/products/:id): what the catalogue holds of it, and for those who may
// change it the way to its form. Viewers read it without any write button.
import type { ReactNode } from 'react';
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Product } from '../../../contract/products.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import { useRecord } from '../forms/formValues.ts';
import { formatPrice, formatVatRate } from './price.ts';
import { unitLabel } from './units.ts';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

function ProductView({ product }: { product: Product }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const canWrite = useHasRole('agent');
  const none = (
    <Text span c="dimmed" size="sm">
      {t('products.none')}
    </Text>
  );
  return (
    <Stack gap="sm" maw={880}>
      <Anchor component={Link} to="/products" size="sm">
        ← {t('products.back')}
      </Anchor>
      <Paper withBorder p="md" data-testid="product-header">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed">
                {t('products.kind')} · {product.sku}
              </Text>
              <Title order={2} data-testid="product-name">
                {product.name}
              </Title>
              {!product.active && (
                <Badge color="gray" variant="light" w="fit-content">
                  {t('products.inactive')}
                </Badge>
              )}
            </Stack>
            {canWrite && (
              <Button component={Link} to={`/products/${product.id}/edit`} variant="light" data-testid="edit-product">
                {t('forms.edit')}
              </Button>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <Fact label={t('products.fields.listPrice')} testId="product-price">
              {formatPrice(product.listPrice, product.currency, locale)}
            </Fact>
            <Fact label={t('products.fields.unit')} testId="product-unit">
              {unitLabel(t, product.unit)}
            </Fact>
            <Fact label={t('products.fields.vatRate')}>{formatVatRate(product.vatRate, locale)}</Fact>
            <Fact label={t('products.fields.productGroup')}>{product.productGroup ?? none}</Fact>
            <Fact label={t('products.fields.sku')}>{product.sku}</Fact>
            <Fact label={t('products.fields.tags')}>{product.tags.length ? product.tags.join(', ') : none}</Fact>
            <Fact label={t('products.fields.createdAt')}>{formatDateTime(product.createdAt, locale)}</Fact>
            <Fact label={t('products.fields.updatedAt')}>{formatDateTime(product.updatedAt, locale)}</Fact>
          </SimpleGrid>
          <Stack gap={0}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('products.fields.description')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="product-description">
              {product.description ?? none}
            </Text>
          </Stack>
        </Stack>
      </Paper>
    </Stack>
  );
}

export default function ProductShow() {
  const { id } = useParams();
  const query = useRecord<Product>('products', id);
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ProductView product={query.data} />;
}
