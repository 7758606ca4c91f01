// Suggested next actions as a list, best first: what to do, why (the figures it rests on),
// what it may be worth, and one click to act — a task on the customer (due tomorrow), open
// the quote or product, mark it done, or dismiss it. What is clicked is recorded, so the
// analytics page can tell which kinds of suggestions are taken up and what followed.
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NextAction } from '../../../contract/nextActions.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { collectionOf, recordKeys } from '../record/recordApi.ts';
import { decideNextAction, nextActionKeys, taskFromNextAction } from './nextActionsApi.ts';

type Reason = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const number = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));
const named = (value: unknown) => text((value as { name?: unknown } | null)?.name);

/** What to do, in a few words: the task's title too. */
export function actionTitle(action: NextAction, t: TFunction): string {
  const reason = action.reason as Reason;
  const quote = reason.quote as Reason | undefined;
  const kind = action.kind === 'crossSell' && reason.upSell === true ? 'upSell' : action.kind;
  return t(`nextActions.kinds.${kind}`, {
    product: named(reason.product),
    number: text(quote?.number),
  });
}

function why(action: NextAction, t: TFunction, locale: string): string {
  const reason = action.reason as Reason;
  const money = (amount: unknown, currency = action.currency) =>
    formatMoney({ amount: String(number(amount).toFixed(2)), currency }, locale);
  const percent = (share: unknown) =>
    formatNumber(number(share), locale, { style: 'percent', maximumFractionDigits: 0 });
  switch (action.kind) {
    case 'retain':
      return t('nextActions.why.retain', {
        abc: text(reason.abcClass),
        revenue: money(reason.revenue),
        // The sign of leaving first: it is why a customer the model still counts is on the list.
        risk:
          reason.churnSignal === 'falling' || reason.churnSignal === 'overdue'
            ? t(`nextActions.risk.${reason.churnSignal}`)
            : t('nextActions.risk.alive', { alive: percent(reason.pAlive) }),
      });
    case 'revive':
      return t('nextActions.why.revive', {
        previous: money(reason.previous),
        date: reason.lastOrder ? formatDate(text(reason.lastOrder), locale) : '',
      });
    case 'crossSell':
      return t(`nextActions.why.${reason.upSell === true ? 'upSell' : 'crossSell'}`, {
        share: percent(reason.confidence),
        product: named(reason.because),
      });
    case 'followUpQuote': {
      const quote = (reason.quote ?? {}) as Reason;
      return t('nextActions.why.followUpQuote', {
        total: money(quote.netTotal, text(quote.currency) || action.currency),
        days: number(reason.days),
      });
    }
    case 'completeData':
      return t('nextActions.why.completeData', {
        missing: (Array.isArray(reason.missing) ? reason.missing : []).map((r) => t(`quality.reasons.${r}`)).join(', '),
      });
  }
}

/** Tomorrow at nine, local time: when a task from a suggestion is due. */
function tomorrowAtNine(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9).toISOString();
}

function ActionRow({ action, showCustomer }: { action: NextAction; showCustomer: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const refresh = () => client.invalidateQueries({ queryKey: nextActionKeys.all });
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });
  const title = actionTitle(action, t);
  const task = useMutation({
    mutationFn: () =>
      taskFromNextAction(action.id, { title: `${title} – ${action.customer.name}`, dueAt: tomorrowAtNine() }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('nextActions.taskMade', { title }) });
      const customer = { type: action.customer.type, id: action.customer.id };
      void client.invalidateQueries({ queryKey: ['tasks'] });
      void client.invalidateQueries({ queryKey: recordKeys.tasks(customer) });
      void client.invalidateQueries({ queryKey: recordKeys.timeline(customer) });
      void refresh();
    },
    onError,
  });
  const decide = useMutation({
    mutationFn: (status: 'done' | 'dismissed') => decideNextAction(action.id, status),
    onSuccess: () => void refresh(),
    onError,
  });
  const reason = action.reason as Reason;
  const subject =
    action.kind === 'followUpQuote' && action.subjectId ? (
      <Anchor component={Link} to={`/quotes/${action.subjectId}`} size="xs">
        {t('nextActions.openQuote')}
      </Anchor>
    ) : action.kind === 'crossSell' && action.subjectId ? (
      <Anchor component={Link} to={`/products/${action.subjectId}`} size="xs">
        {named(reason.product)}
      </Anchor>
    ) : null;
  const busy = task.isPending || decide.isPending;
  return (
    <Stack gap={2} data-testid="next-action" data-kind={action.kind}>
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Text size="sm" fw={600}>
          {title}
          {showCustomer && (
            <>
              {' · '}
              <Anchor component={Link} to={`/${collectionOf[action.customer.type]}/${action.customer.id}`} size="sm">
                {action.customer.name}
              </Anchor>
            </>
          )}
        </Text>
        {action.expectedValue !== null && (
          <Badge variant="light" color="teal" tt="none" data-testid="next-action-value">
            {t('nextActions.worth', {
              value: formatMoney({ amount: action.expectedValue, currency: action.currency }, locale),
            })}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed" data-testid="next-action-why">
        {why(action, t, locale)}
      </Text>
      <Group gap="xs" mt={2}>
        {subject}
        {me?.user.role !== 'viewer' && (
          <>
            <Button
              size="compact-xs"
              variant="light"
              loading={task.isPending}
              disabled={busy}
              onClick={() => task.mutate()}
              data-testid="next-action-task"
            >
              {t('nextActions.makeTask')}
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={busy}
              onClick={() => decide.mutate('done')}
              data-testid="next-action-done"
            >
              {t('nextActions.done')}
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              disabled={busy}
              onClick={() => decide.mutate('dismissed')}
              data-testid="next-action-dismiss"
            >
              {t('nextActions.dismiss')}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

export function NextActionList({ actions, showCustomer }: { actions: NextAction[]; showCustomer: boolean }) {
  return (
    <Stack gap="sm">
      {actions.map((action) => (
        <ActionRow key={action.id} action={action} showCustomer={showCustomer} />
      ))}
    </Stack>
  );
}
