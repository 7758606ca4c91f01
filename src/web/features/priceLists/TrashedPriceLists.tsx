// The price lists in the trash, for managers below the lists: each with a button to bring it
// back (its customers have it again from then on). A name taken since is explained.
import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChangePriceList, useTrashedPriceLists } from './priceListsApi.ts';
import { ChangeProblem } from './ChangeProblem.tsx';

export function TrashedPriceLists() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const trashed = useTrashedPriceLists(shown);
  const change = useChangePriceList();
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={() => setShown(!shown)} aria-expanded={shown}>
          {shown ? t('priceLists.trashed.hide') : t('priceLists.trashed.show')}
        </Button>
      </Group>
      {shown && trashed.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('priceLists.trashed.none')}
        </Text>
      )}
      {shown &&
        trashed.data?.map((list) => (
          <Group key={list.id} gap="sm" data-testid="trashed-price-list">
            <Text size="sm">{list.name}</Text>
            <Button size="xs" variant="light" onClick={() => change.mutate({ kind: 'restore', list })}>
              {t('priceLists.trashed.restore')}
            </Button>
          </Group>
        ))}
      <ChangeProblem error={change.error} />
    </Stack>
  );
}
