// The strip of figures on a customer page (contact or company): open pipeline, won revenue,
// last contact, open tasks, computed from the record's deals and tasks; and what the customer
// bought (revenue this and last year, orders, average order value, last order), from the
// server's purchase history.
import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../../contract/deals.ts';
import type { Page } from '../../app/api.ts';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { fetchDeals, fetchOpenTasks, fetchTimeline, recordKeys, type RecordRef } from './recordApi.ts';
import { PurchaseFigures } from '../orders/PurchaseFigures.tsx';
import { Figure } from './Figure.tsx';

/** Sums deal amounts per currency with exact decimal arithmetic (cents as BigInt, never floats). */
export function sumByCurrency(deals: Deal[]): { amount: string; currency: string }[] {
  const totals = new Map<string, bigint>();
  for (const deal of deals) {
    if (!deal.amount) continue;
    const [whole, fraction = ''] = deal.amount.amount.replace('-', '').split('.');
    const cents = BigInt(whole + `${fraction}00`.slice(0, 2)) * (deal.amount.amount.startsWith('-') ? -1n : 1n);
    totals.set(deal.amount.currency, (totals.get(deal.amount.currency) ?? 0n) + cents);
  }
  return [...totals].map(([currency, cents]) => {
    const negative = cents < 0n;
    const digits = (negative ? -cents : cents).toString().padStart(3, '0');
    return { currency, amount: `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}` };
  });
}

function moneyFigure(page: Page<Deal> | undefined, locale: string, dash: string): string {
  if (!page) return dash;
  const sums = sumByCurrency(page.data);
  if (sums.length === 0) return formatMoney({ amount: '0', currency: 'EUR' }, locale);
  return sums.map((sum) => formatMoney(sum, locale)).join(' · ') + (page.nextCursor ? ' +' : '');
}

/**
 * The latest activity on the record's timeline: for a company that includes its people's
 * activities, which the company's own lastActivityAt does not count.
 */
function useLatestActivity(record: RecordRef, enabled: boolean) {
  const query = useQuery({
    queryKey: [...recordKeys.detail(record), 'latest-activity'],
    queryFn: ({ signal }) =>
      fetchTimeline(record, { kinds: ['activity'], activityTypes: [], directions: [] }, null, signal, 1),
    enabled,
  });
  return query.data?.data[0]?.at ?? null;
}

export function FigureStrip({
  record,
  lastActivityAt,
  includeTimeline = false,
}: {
  record: RecordRef;
  lastActivityAt: string | null;
  /** Take the last contact from the timeline too (a company's people's activities). */
  includeTimeline?: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const open = useQuery({
    queryKey: recordKeys.deals(record, 'open'),
    queryFn: ({ signal }) => fetchDeals(record, 'open', signal),
  });
  const won = useQuery({
    queryKey: recordKeys.deals(record, 'won'),
    queryFn: ({ signal }) => fetchDeals(record, 'won', signal),
  });
  const tasks = useQuery({
    queryKey: recordKeys.tasks(record),
    queryFn: ({ signal }) => fetchOpenTasks(record, signal),
  });
  const latest = useLatestActivity(record, includeTimeline);
  const lastContact =
    [lastActivityAt, latest]
      .filter((at): at is string => !!at)
      .sort()
      .at(-1) ?? null;
  const dash = '–';
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" my="md" data-testid="figure-strip">
      <Figure
        testId="figure-pipeline"
        label={t('customer.figures.openPipeline')}
        value={moneyFigure(open.data, locale, dash)}
      />
      <Figure
        testId="figure-won"
        label={t('customer.figures.wonRevenue')}
        value={moneyFigure(won.data, locale, dash)}
      />
      <Figure
        testId="figure-last-contact"
        label={t('customer.figures.lastContact')}
        value={lastContact ? formatDateTime(lastContact, locale) : t('customer.figures.never')}
      />
      <Figure
        testId="figure-open-tasks"
        label={t('customer.figures.openTasks')}
        value={tasks.data ? `${tasks.data.data.length}${tasks.data.nextCursor ? '+' : ''}` : dash}
      />
      <PurchaseFigures record={record} />
    </SimpleGrid>
  );
}
