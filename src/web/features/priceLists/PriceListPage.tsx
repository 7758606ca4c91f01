// One price list (/price-lists/:id): its name, currency, percentage off the list prices and
// validity, and its products with their own prices. Managers and admins change them here;
// everyone else reads them.
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { PriceList } from '../../../contract/priceLists.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { DateField } from '../forms/DateFields.tsx';
import { PriceListBasics } from './PriceListBasics.tsx';
import { PriceListEntries } from './PriceListEntries.tsx';
import { useValidityText } from './PriceListsPage.tsx';
import { decimalOf, decimalText, useChangePriceList, useMayEditPriceLists, usePriceList } from './priceListsApi.ts';
import { ChangeProblem } from './ChangeProblem.tsx';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}

function ReadOnlyFacts({ list }: { list: PriceList }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const validity = useValidityText();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="price-list-facts">
      <Fact label={t('priceLists.fields.currency')} value={list.currency} />
      <Fact
        label={t('priceLists.fields.discountPercent')}
        value={list.discountPercent === null ? '–' : `${decimalText(list.discountPercent, locale)} %`}
      />
      <Fact label={t('priceLists.fields.validity')} value={validity(list)} />
    </SimpleGrid>
  );
}

function EditFacts({ list }: { list: PriceList }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const change = useChangePriceList();
  const [name, setName] = useState(list.name);
  const [currency, setCurrency] = useState(list.currency);
  const [percent, setPercent] = useState(
    list.discountPercent === null ? '' : decimalText(list.discountPercent, locale),
  );
  const [validFrom, setValidFrom] = useState(list.validFrom ?? '');
  const [validUntil, setValidUntil] = useState(list.validUntil ?? '');
  const save = () =>
    change.mutate({
      kind: 'patch',
      list,
      body: {
        name,
        currency,
        discountPercent: percent.trim() ? decimalOf(percent) : null,
        validFrom: validFrom || null,
        validUntil: validUntil || null,
      },
    });
  const fieldError = (path: string) =>
    change.error instanceof ApiError
      ? change.error.problem?.errors?.find((e) => e.path === path || e.path === `body.${path}`)?.message
      : undefined;
  return (
    <Stack gap="sm" data-testid="price-list-form">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <PriceListBasics
          name={name}
          onName={setName}
          currency={currency}
          onCurrency={setCurrency}
          percent={percent}
          onPercent={setPercent}
          percentError={fieldError('discountPercent')}
        />
        <DateField label={t('priceLists.fields.validFrom')} value={validFrom} onChange={setValidFrom} noShortcuts />
        <DateField
          label={t('priceLists.fields.validUntil')}
          value={validUntil}
          onChange={setValidUntil}
          noShortcuts
          error={fieldError('validUntil')}
        />
      </SimpleGrid>
      <ChangeProblem error={change.error} />
      <Group justify="space-between">
        {list.isDefault ? (
          <Text size="sm" c="dimmed">
            {t('priceLists.defaultHint')}
          </Text>
        ) : (
          <Button
            variant="subtle"
            color="red"
            onClick={() => change.mutate({ kind: 'trash', list }, { onSuccess: () => navigate('/price-lists') })}
          >
            {t('priceLists.trash')}
          </Button>
        )}
        <Button onClick={save} disabled={!name.trim()} loading={change.isPending}>
          {t('priceLists.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export default function PriceListPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = usePriceList(id);
  const mayEdit = useMayEditPriceLists();
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const list = query.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/price-lists" size="sm">
        ← {t('priceLists.back')}
      </Anchor>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group gap="sm">
            <Title order={2} data-testid="price-list-name">
              {list.name}
            </Title>
            {list.isDefault && <Badge variant="light">{t('priceLists.default')}</Badge>}
          </Group>
          {/* A new version (a save, an entry) starts the form afresh from what was stored. */}
          {mayEdit ? <EditFacts key={list.version} list={list} /> : <ReadOnlyFacts list={list} />}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <PriceListEntries list={list} mayEdit={mayEdit} />
      </Paper>
    </Stack>
  );
}
