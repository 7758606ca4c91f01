// A demo deal's life: which contact it belongs to, the stages it went through (its stage
// history) and when, how it ended, and its amount. Pure in (seed, deal index), so the deal,
// its stage changes and its contact's lifecycle stage all tell the same story.
import { Rand } from './demo.random.ts';
import * as pools from './demo.names.ts';
import { K, dayMs, type DemoStage, type DemoWorld } from './demo.world.ts';

export interface DealCore {
  id: string;
  contact: number;
  /** The stages entered, in order; the last is the current one. */
  path: DemoStage[];
  /** When each stage of `path` was entered (ms). */
  times: number[];
  status: DemoStage['kind'];
  product: string;
  amount: string;
  expectedCloseDate: string;
  /** An override of the stage's probability, or null. */
  probability: number | null;
  lostReason: string | null;
  ownerIndex: number;
  tags: string[];
}

const r = new Rand();
const dealTags = ['rahmenvertrag', 'neukunde', 'bestandskunde', 'upsell', 'messe-2024', 'förderung'];

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function dealCore(world: DemoWorld, d: number): DealCore {
  const { plan } = world;
  r.reseed(plan.seed, K.deal, d);
  const opens = world.stagesOf('open');
  const won = world.stagesOf('won')[0];
  const lost = world.stagesOf('lost')[0];
  const outcome = r.weighted([
    ['open', 55],
    ['won', won ? 25 : 0],
    ['lost', lost ? 20 : 0],
  ] as const);
  let path: DemoStage[];
  if (outcome === 'open') {
    // Earlier stages hold more deals (a funnel).
    const p = r.weighted(opens.map((_, i) => [i, opens.length - i + 1] as const));
    path = opens.slice(0, p + 1);
  } else if (outcome === 'won') {
    path = [...opens.slice(0, r.chance(0.8) ? opens.length : Math.max(1, opens.length - 1)), won];
  } else {
    path = [...opens.slice(0, r.int(1, opens.length)), lost];
  }
  let gaps = path.slice(1).map(() => r.int(3, 35));
  let total = gaps.reduce((sum, gap) => sum + gap, 0);
  // Closed deals spread over 18 months, open ones are mostly recent, and none is older
  // than its contact (a young contact's deal moved through its stages faster).
  const contact = world.contactOfDeal(d);
  const age = Math.max(1, Math.floor((plan.today - world.contactCreatedAt(contact)) / dayMs) - 1);
  if (total + 1 > age) {
    gaps = gaps.map((gap) => Math.floor((gap * (age - 1)) / total));
    total = gaps.reduce((sum, gap) => sum + gap, 0);
  }
  const window = Math.min(outcome === 'open' ? 300 : 540, age);
  const spread = (outcome === 'open' ? r.next() ** 2 : r.next()) * Math.max(0, window - total - 1);
  const startDaysAgo = total + 1 + Math.floor(spread);
  const times: number[] = [plan.today - startDaysAgo * dayMs + r.int(7 * 3600, 17 * 3600) * 1000];
  for (const gap of gaps)
    times.push(times[times.length - 1] + gap * dayMs + r.int(gap > 0 ? -3 * 3600 : 60, 3 * 3600) * 1000);
  const entered = times[times.length - 1];

  const value = Math.min(5_000_000, Math.max(500, Math.exp(Math.log(12_000) + 1.1 * r.gauss())));
  const amount = r.chance(0.1) ? value.toFixed(2) : `${Math.round(value / 50) * 50}.00`;
  const status = path[path.length - 1].kind;
  return {
    id: world.dealId(d),
    contact,
    path,
    times,
    status,
    product: r.pick(pools.products),
    amount,
    expectedCloseDate: isoDate(status === 'open' ? entered + r.int(10, 120) * dayMs : entered),
    probability: status === 'open' && r.chance(0.08) ? r.int(1, 19) * 5 : null,
    lostReason: status === 'lost' ? r.pick(pools.lostReasons) : null,
    ownerIndex: r.int(0, 1 << 20),
    tags: r.chance(0.25) ? [r.pick(dealTags)] : [],
  };
}
