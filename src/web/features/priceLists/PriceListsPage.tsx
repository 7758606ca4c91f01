// The workspace's price lists (/price-lists): each with its percentage, validity and how many
// products have a price of their own. Managers and admins add lists; everyone else reads.
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { PriceList } from '../../../contract/priceLists.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { PriceListBasics } from './PriceListBasics.tsx';
import { TrashedPriceLists } from './TrashedPriceLists.tsx';
import { decimalOf, decimalText, useChangePriceList, useMayEditPriceLists, usePriceLists } from './priceListsApi.ts';
import { ChangeProblem } from './ChangeProblem.tsx';

/** "01.01.2026 – 30.06.2026", "ab 01.01.2026", "bis …" or "immer". */
export function useValidityText() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (list: Pick<PriceList, 'validFrom' | 'validUntil'>) => {
    const from = list.validFrom && formatDate(list.validFrom, locale);
    const until = list.validUntil && formatDate(list.validUntil, locale);
    if (from && until) return `${from} – ${until}`;
    if (from) return t('priceLists.validity.from', { date: from });
    if (until) return t('priceLists.validity.until', { date: until });
    return t('priceLists.validity.always');
  };
}

function NewPriceList({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const change = useChangePriceList();
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState(me?.workspace.defaultCurrency ?? 'EUR');
  const [percent, setPercent] = useState('');
  const create = () =>
    change.mutate(
      {
        kind: 'create',
        body: { name, currency, discountPercent: percent.trim() ? decimalOf(percent) : null },
      },
      { onSuccess: (list) => list && navigate(`/price-lists/${list.id}`) },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t('priceLists.new')} centered>
      <Stack gap="sm" data-testid="new-price-list">
        <PriceListBasics
          name={name}
          onName={setName}
          autoFocus
          currency={currency}
          onCurrency={setCurrency}
          percent={percent}
          onPercent={setPercent}
          percentHint={t('priceLists.fields.discountHint')}
        />
        <ChangeProblem error={change.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('priceLists.cancel')}
          </Button>
          <Button onClick={create} disabled={!name.trim()} loading={change.isPending}>
            {t('priceLists.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default function PriceListsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const lists = usePriceLists();
  const mayEdit = useMayEditPriceLists();
  const validity = useValidityText();
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('priceLists.title')}</Title>
        {mayEdit && <Button onClick={() => setCreating(true)}>{t('priceLists.new')}</Button>}
      </Group>
      <Text size="sm" c="dimmed">
        {mayEdit ? t('priceLists.intro') : `${t('priceLists.intro')} ${t('priceLists.managersOnly')}`}
      </Text>
      {lists.isPending ? (
        <LoadingState />
      ) : lists.isError ? (
        <ErrorState error={lists.error} onRetry={() => void lists.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover data-testid="price-lists">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('priceLists.fields.name')}</Table.Th>
                <Table.Th>{t('priceLists.fields.currency')}</Table.Th>
                <Table.Th>{t('priceLists.fields.discountPercent')}</Table.Th>
                <Table.Th>{t('priceLists.fields.validity')}</Table.Th>
                <Table.Th>{t('priceLists.fields.entryCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lists.data.map((list) => (
                <Table.Tr key={list.id} data-testid="price-list-row">
                  <Table.Td>
                    <Group gap="xs">
                      <Anchor component={Link} to={`/price-lists/${list.id}`}>
                        {list.name}
                      </Anchor>
                      {list.isDefault && (
                        <Badge size="sm" variant="light">
                          {t('priceLists.default')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{list.currency}</Table.Td>
                  <Table.Td>
                    {list.discountPercent === null ? '–' : `${decimalText(list.discountPercent, locale)} %`}
                  </Table.Td>
                  <Table.Td>{validity(list)}</Table.Td>
                  <Table.Td>{list.entryCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {mayEdit && <TrashedPriceLists />}
      {mayEdit && creating && <NewPriceList opened={creating} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
