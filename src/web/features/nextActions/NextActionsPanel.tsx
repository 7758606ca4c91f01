// "Nächste Schritte" on a customer's page: the customer's suggested next actions, best first.
import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { Panel } from '../record/RecordPanels.tsx';
import type { RecordRef } from '../record/recordApi.ts';
import { NextActionList } from './NextActionList.tsx';
import { fetchNextActions, nextActionKeys } from './nextActionsApi.ts';
import { onlyIf } from '../../app/auth.tsx';

function NextActionsPanelShown({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: nextActionKeys.customer(record.id),
    queryFn: ({ signal }) => fetchNextActions({ customerId: record.id, limit: 10 }, signal),
  });
  return (
    <Panel
      title={t('nextActions.panel')}
      testId="record-next-actions"
      action={
        <Anchor component={Link} to="/analytics#next-actions" size="xs">
          {t('nextActions.how')}
        </Anchor>
      }
    >
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="next-actions-none">
          {t('nextActions.none')}
        </Text>
      ) : (
        <NextActionList actions={query.data.data} showCustomer={false} />
      )}
    </Panel>
  );
}

export const NextActionsPanel = /* @__PURE__ */ onlyIf('read', 'nextAction', NextActionsPanelShown);
