// Sales KPIs and forecast (issue 22) as the API shows them: the pipeline and how deals close,
// how quotes are decided, revenue per period against the year before, and the forecast of the
// coming months with how accurate earlier forecasts were. Money is in the workspace's currency
// (records in other currencies are counted apart, not converted), as decimal strings.
import { z } from 'zod';
import { isoDate } from './common.ts';

const day = 86_400_000;
/** The longest period a KPI request may span: ten years of days. */
export const maxPeriodDays = 3660;

/** Which deals, quotes and orders count: a period of days (inclusive) and an owner or a team. */
const filterFields = z.object({
  from: isoDate.optional().describe('First day of the period (default: a year before `to`)'),
  to: isoDate.optional().describe('Last day of the period, inclusive (default: today)'),
  ownerId: z.uuid({ message: 'must be a user id' }).optional().describe('Only deals, quotes and orders of this user'),
  teamId: z.uuid({ message: 'must be a team id' }).optional().describe('Only those of the members of this team'),
});

/** A period must run forwards and span at most ten years (a bounded read). */
function checkedPeriod<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) {
  return schema
    .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after `to`', path: ['from'] })
    .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / day <= maxPeriodDays, {
      message: `the period may span at most ${maxPeriodDays} days`,
      path: ['from'],
    });
}

export const kpiFilterQuery = checkedPeriod(filterFields);

export const revenueQuery = checkedPeriod(
  filterFields.extend({
    interval: z.enum(['month', 'quarter']).default('month').describe('Length of each period'),
  }),
);

export const forecastQuery = filterFields.pick({ ownerId: true, teamId: true }).extend({
  months: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(1)
    .max(24)
    .default(6)
    .describe('How many months ahead, this month first'),
});

const amount = z.string().describe('Decimal string in the workspace currency, like "1234.50"');
const share = z.number().nullable().describe('A share between 0 and 1; null when nothing was there to count');
const days = z.number().nullable().describe('Days; null when nothing was there to count');

export const kpiPeriod = z.object({ from: z.string(), to: z.string(), currency: z.string() });

const pipelineFigures = z.object({
  deals: z.number().int(),
  amount,
  weighted: amount.describe('Sum of amount × probability (the deal’s own, else its stage’s)'),
});

const outcomeFigures = z.object({
  won: z.number().int().describe('Deals won in the period'),
  lost: z.number().int().describe('Deals lost in the period'),
  winRate: share.describe('won / (won + lost)'),
  wonAmount: amount,
  averageDealSize: amount.nullable().describe('Mean amount of the won deals'),
  cycleMedianDays: days.describe('Median days from creation to winning'),
  cycleAverageDays: days,
});

const groupRow = z.object({
  id: z.string().nullable().describe('The user or team; null for deals without owner'),
  name: z.string().nullable(),
  pipeline: pipelineFigures,
  outcomes: outcomeFigures,
});

export const salesKpis = z
  .object({
    period: kpiPeriod,
    pipeline: pipelineFigures.extend({
      stages: z.array(
        pipelineFigures.extend({
          pipelineId: z.string(),
          pipelineName: z.string(),
          stageId: z.string(),
          stageName: z.string(),
          probability: z.number().int(),
        }),
      ),
    }),
    outcomes: outcomeFigures,
    conversion: z
      .array(
        z.object({
          pipelineId: z.string(),
          pipelineName: z.string(),
          stageId: z.string(),
          stageName: z.string(),
          entered: z.number().int().describe('Moves into the stage in the period'),
          reachedNext: z.number().int().describe('… of them followed by a move forward: to a later stage or won'),
          won: z.number().int().describe('… of them of deals won now'),
          stillThere: z.number().int().describe('… of them not followed by any move: the deal is still there'),
          nextRate: share,
          wonRate: share,
          exits: z.number().int().describe('Moves out of the stage in the period'),
          medianDays: days.describe('Median days in the stage of those moves'),
        }),
      )
      .describe('Open stages, in pipeline order'),
    quotes: z.object({
      accepted: z.number().int(),
      declined: z.number().int(),
      acceptanceRate: share.describe('accepted / (accepted + declined), decided in the period'),
    }),
    byOwner: z.array(groupRow),
    byTeam: z.array(groupRow),
    otherCurrencyDeals: z
      .number()
      .int()
      .describe('Open or closed deals in another currency: counted, but left out of the amounts (not converted)'),
  })
  .meta({ id: 'SalesKpis' });

export const revenueKpis = z
  .object({
    period: kpiPeriod,
    interval: z.enum(['month', 'quarter']),
    rows: z.array(
      z.object({
        start: z.string().describe('First day of the period'),
        revenue: amount.describe('Net revenue of the orders (returns lower it; cancelled orders do not count)'),
        previousYear: amount.describe('The same period a year before'),
        change: z.number().nullable().describe('revenue / previousYear − 1; null without revenue a year before'),
      }),
    ),
    total: z.object({ revenue: amount, previousYear: amount, change: z.number().nullable() }),
    otherCurrencyOrders: z
      .number()
      .int()
      .describe('Orders of the period in another currency, left out (not converted)'),
  })
  .meta({ id: 'RevenueKpis' });

const accuracy = z
  .object({
    months: z.number().int(),
    error: z.number().nullable().describe('Weighted absolute error: Σ|forecast − actual| / Σ actual'),
    bias: z.number().nullable().describe('Σ(forecast − actual) / Σ actual; above 0 the forecast was too high'),
  })
  .describe('How far off the forecasts were');

export const forecastKpis = z
  .object({
    currency: z.string(),
    asOf: z.string(),
    months: z.array(
      z.object({
        month: z.string().describe('First day of the month'),
        weighted: amount.describe('Open deals expected to close in the month, × probability'),
        deals: z.number().int(),
        history: amount.nullable().describe('Mean revenue of the last three full months'),
        booked: amount.nullable().describe('This month: revenue already booked'),
      }),
    ),
    overdue: pipelineFigures.describe('Open deals whose expected close date has passed'),
    undated: pipelineFigures.describe('Open deals without an expected close date'),
    historyNote: z
      .enum(['too_little_history'])
      .nullable()
      .describe('Why there is no history forecast: fewer than three full months of orders'),
    backtest: z.object({
      rows: z.array(z.object({ month: z.string(), forecast: amount, actual: amount })),
      accuracy,
      note: z.enum(['too_little_history']).nullable().describe('Fewer than six months could be checked'),
    }),
    snapshots: z.object({
      rows: z.array(
        z.object({
          month: z.string(),
          takenOn: z.string().describe('The day of the last snapshot before the month began'),
          weighted: amount,
          wonAmount: amount.describe('What the deals won in the month were worth'),
          history: amount.nullable(),
          revenue: amount.describe('Revenue of the month'),
        }),
      ),
      weightedAccuracy: accuracy.describe('Weighted pipeline against deals won'),
      historyAccuracy: accuracy.describe('History forecast against revenue'),
    }),
  })
  .meta({ id: 'ForecastKpis' });

export const forecastSnapshotResult = z
  .object({ takenOn: z.string(), rows: z.number().int() })
  .meta({ id: 'ForecastSnapshotResult' });

export type KpiFilterQuery = z.infer<typeof kpiFilterQuery>;
export type SalesKpis = z.infer<typeof salesKpis>;
export type RevenueKpis = z.infer<typeof revenueKpis>;
export type ForecastKpis = z.infer<typeof forecastKpis>;
export type KpiGroupRow = z.infer<typeof groupRow>;
