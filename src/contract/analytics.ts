// The analyses of issue 22 as the API shows them: a run (as of a date, the fitted model
// parameters, how many customers fell into each ABC class) and a customer's results with the
// history of their classes over the runs.
import { z } from 'zod';
import { isoDate } from './common.ts';

/** A calendar day as the API writes it. */
const isoDay = z.string();

/** The named RFM segments, best first (docs/analytics.md tells each one's rule). */
export const rfmSegments = [
  'champions',
  'loyal',
  'potentialLoyalists',
  'newCustomers',
  'promising',
  'needAttention',
  'aboutToSleep',
  'cannotLose',
  'atRisk',
  'hibernating',
  'lost',
] as const;

/**
 * The newest run's results as contacts and companies carry them (read-only), so lists filter
 * and sort by them; null where the run held no such customer.
 */
export const analyticsFields = {
  abcClass: z.enum(['A', 'B', 'C']).nullable().describe('Read-only: ABC class of the newest analytics run'),
  rfmSegment: z.enum(rfmSegments).nullable().describe('Read-only: RFM segment of the newest run'),
  pAlive: z.number().nullable().describe('Read-only: probability of still being a customer (BG/NBD), 0–1'),
  clv: z.string().nullable().describe('Read-only: predicted customer lifetime value in the run currency'),
  churnSignal: z
    .enum(['overdue', 'falling'])
    .nullable()
    .describe('Read-only: a sign of leaving apart from the model (see docs/analytics.md)'),
  windowRevenue: z.string().nullable().describe('Read-only: net revenue of the analysis window (default 12 months)'),
};

export const analyticsRunBody = z
  .object({
    asOf: isoDate.optional().describe('Orders after this day are ignored (a calibration period); default today'),
  })
  .strict()
  .meta({ id: 'AnalyticsRunStart' });

export const analyticsSettings = z
  .object({
    windowMonths: z.number().int().min(1).max(120).describe('Months back that ABC and RFM look at'),
    abcA: z.number().gt(0).lt(100).describe('Per cent of revenue the A customers bring together'),
    abcB: z.number().gt(0).lt(100).describe('Per cent of revenue the A and B customers bring together'),
    horizonMonths: z.number().int().min(1).max(240).describe('Months the lifetime value looks ahead'),
    discountRate: z.number().min(0).max(100).describe('Yearly discount rate of the lifetime value, per cent'),
    abcBasis: z
      .enum(['revenue', 'margin'])
      .describe('What ABC ranks by: net revenue, or contribution margin (revenue minus the products’ cost prices)'),
  })
  .meta({ id: 'AnalyticsSettings' });

export const analyticsSettingsPatch = analyticsSettings.partial().strict().meta({ id: 'AnalyticsSettingsPatch' });

export const bgNbdParameters = z
  .object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number() })
  .meta({ id: 'BgNbdParameters', description: 'BG/NBD (Fader, Hardie and Lee 2005), time in weeks' });

export const gammaGammaParameters = z
  .object({ p: z.number(), q: z.number(), gamma: z.number(), logLikelihood: z.number() })
  .meta({ id: 'GammaGammaParameters', description: 'Gamma-Gamma spend per purchase (Fader and Hardie 2013)' });

export const analyticsRun = z
  .object({
    id: z.string(),
    asOf: isoDay,
    currency: z.string(),
    customers: z.number().int().describe('Customers with at least one purchase by the as-of day'),
    bgnbd: bgNbdParameters.nullable(),
    gammaGamma: gammaGammaParameters.nullable(),
    abc: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int() }),
    note: z
      .enum(['too_few_customers'])
      .nullable()
      .describe('Why the models were not fitted (fewer than 30 customers or 10 repeat buyers)'),
    settings: analyticsSettings,
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'AnalyticsRun' });

export const analyticsRuns = z.object({ data: z.array(analyticsRun) }).meta({ id: 'AnalyticsRuns' });

export const runsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(20).describe('How many runs, newest first') })
  .strict();

const rfm = z.object({
  r: z.number().int(),
  f: z.number().int(),
  m: z.number().int(),
  segment: z.string().describe('champions, loyal, potentialLoyalists, newCustomers, promising, needAttention, …'),
});

export const customerAnalytics = z
  .object({
    runId: z.string().nullable(),
    asOf: isoDay.nullable(),
    reason: z
      .enum(['no_run', 'no_orders', 'too_little_history', 'too_few_customers'])
      .nullable()
      .describe(
        'Why predictions are missing: no run yet, no purchase by the as-of day, a first purchase under four weeks old, or too few customers to fit the models',
      ),
    purchases: z.number().int().nullable().describe('Purchase days by the as-of day'),
    firstOrder: isoDay.nullable(),
    lastOrder: isoDay.nullable(),
    revenueTotal: z.string().nullable(),
    revenueWindow: z.string().nullable(),
    marginTotal: z
      .string()
      .nullable()
      .describe('Historic value: net revenue to date minus the known costs; null when no cost is known'),
    marginWindow: z.string().nullable().describe('The same for the window'),
    costCoverage: z.number().nullable().describe('Share of the revenue to date whose costs are known, 0–1'),
    abcClass: z.enum(['A', 'B', 'C']).nullable(),
    rfm: rfm.nullable(),
    pAlive: z.number().nullable().describe('Probability of still being a customer (BG/NBD); churn risk is 1 − pAlive'),
    expectedPurchases: z.number().nullable().describe('Expected purchases in the next 12 months'),
    expectedSpend: z.string().nullable().describe('Expected net amount per purchase (Gamma-Gamma)'),
    clv: z.string().nullable().describe('Discounted expected revenue over the horizon'),
    churn: z
      .object({
        signal: z.enum(['overdue', 'falling']),
        days: z.number().optional().describe('overdue: days since the last purchase'),
        usualDays: z.number().optional().describe('overdue: the customer’s usual days between purchases'),
        revenue: z.number().optional().describe('falling: net revenue of the window'),
        previous: z.number().optional().describe('falling: net revenue of the window before it'),
      })
      .nullable()
      .describe('A sign of leaving apart from the model: overdue against their own rhythm, or revenue falling'),
    crossSell: z
      .array(
        z.object({
          productId: z.string(),
          sku: z.string(),
          name: z.string(),
          confidence: z.number().describe('Share of the customers who bought `because` that bought this too'),
          lift: z.number().describe('How much likelier than among all customers'),
          customers: z.number().int().describe('Customers who bought both'),
          because: z.object({ productId: z.string(), name: z.string() }),
          upSell: z
            .boolean()
            .describe('The same product group as `because` at a higher list price: the better version'),
        }),
      )
      .describe(
        'Products the customer does not have yet that customers like them bought, most likely first (at most 3)',
      ),
    currency: z.string().nullable(),
    settings: analyticsSettings.nullable().describe('The settings the run used'),
    history: z
      .array(
        z.object({
          runId: z.string(),
          asOf: isoDay,
          abcClass: z.enum(['A', 'B', 'C']).nullable(),
          segment: z.string().nullable(),
          pAlive: z.number().nullable(),
        }),
      )
      .describe('Earlier runs, newest first (at most 24)'),
  })
  .meta({ id: 'CustomerAnalytics' });

export type AnalyticsRun = z.infer<typeof analyticsRun>;
export type CustomerAnalytics = z.infer<typeof customerAnalytics>;
export type AnalyticsSettings = z.infer<typeof analyticsSettings>;
export type AnalyticsSettingsPatch = z.infer<typeof analyticsSettingsPatch>;

/** A customer's potential: entered (an assumption with its basis) or worked out by a rule. */
export const customerPotential = z
  .object({
    potential: z
      .object({
        amount: z.string().describe('What the customer could buy in a year, in the workspace currency'),
        basis: z.string().describe('What the figure rests on: an assumption, not a fact'),
        source: z.enum(['entered', 'imported', 'rule']),
        setBy: z.string().nullable(),
        setAt: z.string().nullable(),
      })
      .nullable()
      .describe('null: none entered and no rule applies'),
    revenueWindow: z.string().nullable().describe("Net revenue of the latest run's window"),
    shareOfWallet: z.number().nullable().describe('revenueWindow ÷ potential'),
    field: z.enum(['invest', 'develop', 'maintain', 'withdraw']).nullable().describe('The portfolio field'),
  })
  .meta({ id: 'CustomerPotential' });

export const customerPotentialInput = z
  .object({
    amount: z
      .string()
      .regex(/^\d{1,14}(\.\d{1,2})?$/, 'a non-negative amount with at most two decimals, like 25000.00'),
    basis: z.string().trim().min(1).max(500).describe('What the figure rests on, e.g. "Einkaufsvolumen laut Gespräch"'),
  })
  .strict()
  .meta({ id: 'PotentialEntry' });

export const potentialRule = z
  .object({
    industry: z.string().trim().min(1).max(200).nullable().describe('null: every industry without a rule of its own'),
    perEmployee: z.string().regex(/^\d{1,14}(\.\d{1,2})?$/, 'a positive amount with at most two decimals'),
    basis: z.string().trim().min(1).max(500),
  })
  .strict();

export const potentialRules = z
  .object({ data: z.array(potentialRule).max(200) })
  .strict()
  .meta({ id: 'PotentialRules' });

const portfolioFields = ['invest', 'develop', 'maintain', 'withdraw'] as const;

export const portfolio = z
  .object({
    currency: z.string().nullable(),
    asOf: isoDay.nullable(),
    potentialMedian: z.string().nullable().describe('The line between high and low potential: the median potential'),
    fields: z.array(
      z.object({
        field: z.enum(portfolioFields),
        customers: z.number().int(),
        revenue: z.string(),
        potential: z.string(),
        top: z.array(
          z.object({
            type: z.enum(['company', 'contact']),
            id: z.string(),
            name: z.string(),
            revenue: z.string(),
            potential: z.string(),
          }),
        ),
      }),
    ),
    withoutPotential: z.number().int().describe('Customers of the run without an entered potential or a rule'),
  })
  .meta({ id: 'Portfolio' });

export type CustomerPotential = z.infer<typeof customerPotential>;
export type Portfolio = z.infer<typeof portfolio>;
export type PotentialRule = z.infer<typeof potentialRule>;

/** The latest run's ABC classes with their revenue, and its Lorenz curve. */
export const abcOverview = z
  .object({
    runId: z.string().nullable(),
    currency: z.string().nullable(),
    basis: z.enum(['revenue', 'margin']).nullable(),
    classes: z.array(
      z.object({
        abcClass: z.enum(['A', 'B', 'C']),
        customers: z.number().int(),
        revenue: z.string().describe('Net revenue of the window'),
        share: z.number().describe('Of all revenue of the window, 0–1'),
      }),
    ),
    lorenz: z
      .array(z.object({ customers: z.number().describe('Per cent of customers, best first'), revenue: z.number() }))
      .describe('The cumulative share of revenue (per cent) the best x per cent of customers bring, x = 0, 1, …, 100'),
  })
  .meta({ id: 'AbcOverview' });
export type AbcOverview = z.infer<typeof abcOverview>;
