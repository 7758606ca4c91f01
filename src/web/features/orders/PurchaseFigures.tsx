// The purchase figures of the customer page's figure strip: revenue this year and last year,
// number of orders, average order value, and the last order (how many days ago). Net of
// returns, cancelled orders left out (the server's purchase history computes them).
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { Figure } from '../record/Figure.tsx';
import type { RecordRef } from '../record/recordApi.ts';
import { hasPurchases } from './ordersApi.ts';
import { usePurchases } from './PurchasesPanel.tsx';
import { onlyIf } from '../../app/auth.tsx';

function PurchaseFiguresShown({ record }: { record: RecordRef }) {
  if (!hasPurchases(record)) return null;
  return <Figures record={record} />;
}

function Figures({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const figures = usePurchases(record).data?.figures;
  const dash = '–';
  const money = (value: { amount: string; currency: string } | null | undefined) =>
    value ? formatMoney(value, locale) : dash;
  const days = figures?.daysSinceLastOrder;
  // A customer who never bought anything gets no row of empty figures (the Käufe panel says so);
  // the figures appear with the first order or return.
  if (!figures?.lastOrderDate) return null;
  return (
    <>
      <Figure
        testId="figure-revenue-this-year"
        label={t('orders.figures.revenueThisYear')}
        value={money(figures?.revenueThisYear)}
      />
      <Figure
        testId="figure-revenue-last-year"
        label={t('orders.figures.revenueLastYear')}
        value={money(figures?.revenueLastYear)}
      />
      <Figure
        testId="figure-orders"
        label={t('orders.figures.orders')}
        value={
          figures
            ? `${formatNumber(figures.orders, locale)} · ${t('orders.figures.averageOrderValue')} ${money(figures.averageOrderValue)}`
            : dash
        }
      />
      <Figure
        testId="figure-last-order"
        label={t('orders.figures.lastOrder')}
        value={
          !figures
            ? dash
            : figures.lastOrderDate
              ? `${formatDate(figures.lastOrderDate, locale)} (${days === 0 ? t('orders.figures.today') : t('orders.figures.daysAgo', { count: days ?? 0 })})`
              : t('orders.figures.none')
        }
      />
    </>
  );
}

export const PurchaseFigures = /* @__PURE__ */ onlyIf('read', 'order', PurchaseFiguresShown);
