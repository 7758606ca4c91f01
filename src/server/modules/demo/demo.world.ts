// The demo world: how many of each record there are and who relates to whom. Every fact
// about record i is a pure function of (seed, i), so the row generators can stream any
// table in any order and still agree (contact j's company, deal and activities) without
// holding the data set in memory.
import { Permutation, Rand, hash32, uuid7 } from './demo.random.ts';
import * as pools from './demo.names.ts';

export const dayMs = 86_400_000;

export interface DemoUser {
  id: string;
  name: string;
}
export interface DemoStage {
  id: string;
  pipelineId: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
}

export interface DemoPlan {
  seed: number;
  /** Mixed into ids only, so a second load into the same workspace adds instead of colliding. */
  idSalt: number;
  workspaceId: string;
  /** Start of the seeding day (UTC); every time is placed relative to it. */
  today: number;
  currency: string;
  companies: number;
  contacts: number;
  deals: number;
  activities: number;
  tasks: number;
  /** Contacts with about 1,000 activities each: the far end of the long tail. */
  whales: number;
  users: readonly DemoUser[];
  /** The default pipeline's stages in order. */
  stages: readonly DemoStage[];
}

export const whaleActivities = 1000;

/** Record counts for a demo of `contacts` contacts, in the proportions of issue 4. */
export function scaledCounts(contacts: number) {
  const scaled = (ratio: number) => (contacts > 0 ? Math.max(1, Math.round(contacts * ratio)) : 0);
  return {
    companies: scaled(0.2),
    contacts,
    deals: scaled(0.3),
    activities: contacts * 5,
    tasks: scaled(0.15),
    whales: contacts >= 100_000 ? Math.max(1, Math.floor(contacts / 200_000)) : 0,
  };
}

/** The default demo: a few hundred of everything. */
export const defaultCounts = { companies: 150, contacts: 400, deals: 200, activities: 1500, tasks: 150, whales: 0 };

// Stream ids: each kind of draw has its own, so adding a field to one never shifts another.
export const K = {
  companyCore: 1,
  companyDetail: 2,
  contactCore: 3,
  contactDetail: 4,
  affiliation: 5,
  deal: 6,
  stageChange: 7,
  activity: 8,
  task: 9,
  id: 10,
  company: 11,
  contact: 12,
  dealId: 13,
  activityId: 14,
  taskId: 15,
  affiliationId: 16,
  stageChangeId: 17,
  perm: 18,
  created: 19,
} as const;

export interface CompanyCore {
  index: number;
  id: string;
  name: string;
  legalForm: string;
  industry: string;
  domain: string;
  city: pools.City;
  /** National number of the switchboard without the trunk 0 (area code + subscriber). */
  phone: string;
  ownerIndex: number;
  parent: number;
  group: boolean;
  rank: number;
}

export interface ContactCore {
  index: number;
  id: string;
  first: string;
  last: string;
  salutation: string;
  title: string | null;
  female: boolean;
  company: number;
  secondCompany: number;
  buyingRole: string;
  jobTitle: string;
  /** A second entry of a contact (see `twins`) whose email address has a typo. */
  emailTypo?: boolean;
}

/**
 * A handful of people entered twice at the same company, the way it happens: once as Müller
 * and once as Mueller, with first and last name swapped, with a typo in the email address.
 * They make the duplicates page and the data-quality overview look like a real workspace.
 */
export const twins: ReadonlyMap<number, 'umlaut' | 'swapped' | 'emailTypo'> = new Map([
  [41, 'umlaut'],
  [97, 'swapped'],
  [173, 'emailTypo'],
  [263, 'umlaut'],
  [359, 'swapped'],
  [467, 'emailTypo'],
]);

const umlauts: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' };
const withoutUmlauts = (name: string) => name.replace(/[äöüßÄÖÜ]/g, (ch) => umlauts[ch]);

/**
 * Cores are cached direct-mapped by index. The cache grows with the plan up to 2^20 slots,
 * so a demo of up to a million contacts never recomputes one (activities visit contacts
 * in random order); at 1M that holds every contact and company core, a few hundred MB.
 */
function cacheSlots(records: number): number {
  let slots = 1 << 10;
  while (slots < records && slots < 1 << 20) slots *= 2;
  return slots;
}

/** The caches of cores: pure functions of (seed, index), so worlds of one plan may share them. */
class CoreCache {
  readonly companies: Array<CompanyCore | undefined>;
  readonly contacts: Array<ContactCore | undefined>;
  readonly dealIds: Array<string | undefined>;
  readonly companyMask: number;
  readonly contactMask: number;
  readonly dealMask: number;
  readonly dealIndex: Int32Array;

  constructor(plan: DemoPlan) {
    const companySlots = cacheSlots(plan.companies);
    const contactSlots = cacheSlots(plan.contacts);
    this.companies = new Array<CompanyCore | undefined>(companySlots).fill(undefined);
    this.contacts = new Array<ContactCore | undefined>(contactSlots).fill(undefined);
    this.companyMask = companySlots - 1;
    this.contactMask = contactSlots - 1;
    const dealSlots = cacheSlots(plan.deals);
    this.dealIds = new Array<string | undefined>(dealSlots).fill(undefined);
    this.dealMask = dealSlots - 1;
    this.dealIndex = new Int32Array(dealSlots).fill(-1);
  }
}

export class DemoWorld {
  readonly r = new Rand();
  private readonly idRand = new Rand();
  private readonly scratch = new Rand();
  private readonly idBase: number;
  private readonly companyRank: Permutation;
  private readonly dealContact: Permutation;
  private readonly activityContact: Permutation;
  private readonly groups: number;
  private readonly cache: CoreCache;

  /** `sibling`: another world of the same plan whose core caches this one shares. */
  constructor(
    readonly plan: DemoPlan,
    sibling?: DemoWorld,
  ) {
    this.cache = sibling && sibling.plan === plan ? sibling.cache : new CoreCache(plan);
    // Ids carry a time that grows with the index, so each table's primary key is appended
    // to in order (fast loading), and stay valid UUIDv7.
    this.idBase = plan.today - 30 * dayMs;
    this.companyRank = new Permutation(plan.companies, hash32(plan.seed, K.perm, 1));
    this.dealContact = new Permutation(plan.contacts, hash32(plan.seed, K.perm, 2));
    this.activityContact = new Permutation(plan.contacts, hash32(plan.seed, K.perm, 3));
    this.groups = plan.companies >= 20 ? Math.max(2, Math.round(plan.companies / 60)) : 0;
  }

  id(kind: number, index: number): string {
    return uuid7(this.idBase + index, this.idRand.reseed(this.plan.seed, this.plan.idSalt, kind, index));
  }

  /** A deal's id (links refer to deals millions of times). */
  dealId(d: number): string {
    const slot = d & this.cache.dealMask;
    const cached = this.cache.dealIds[slot];
    if (cached !== undefined && this.cache.dealIndex[slot] === d) return cached;
    const id = this.id(K.dealId, d);
    this.cache.dealIds[slot] = id;
    this.cache.dealIndex[slot] = d;
    return id;
  }

  userId(index: number): string {
    return this.plan.users[index % this.plan.users.length].id;
  }

  /** A company's identity: what contacts, deals and texts refer to. */
  company(c: number): CompanyCore {
    const slot = c & this.cache.companyMask;
    const cached = this.cache.companies[slot];
    if (cached && cached.index === c) return cached;
    const core = this.makeCompany(c);
    this.cache.companies[slot] = core;
    return core;
  }

  private makeCompany(c: number): CompanyCore {
    const r = new Rand().reseed(this.plan.seed, K.companyCore, c);
    const rank = this.companyRank.indexOf(c);
    const group = rank < this.groups;
    const parent = !group && this.groups > 0 && r.chance(0.07) ? this.companyRank.at(r.int(0, this.groups - 1)) : -1;
    const industry = r.pick(pools.industries);
    const words = pools.companyWords[industry];
    const foreign = r.chance(0.04);
    const city = foreign
      ? r.pick(pools.foreignCities)
      : pools.germanCities[Math.floor(r.next() ** 1.7 * pools.germanCities.length)];
    let name: string;
    let legalForm: string;
    if (parent >= 0) {
      name = `${this.company(parent).name} ${r.pick(pools.subsidiarySuffixes)}`;
      legalForm = r.chance(0.8) ? 'GmbH' : 'GmbH & Co. KG';
    } else {
      const pattern = r.next();
      if (pattern < 0.42) name = `${r.pick(pools.germanLast)} ${r.pick(words)}`;
      else if (pattern < 0.56) name = `${r.pick(pools.germanLast)} & ${r.pick(pools.germanLast)}`;
      else if (pattern < 0.82) name = `${r.pick(pools.brandWords)} ${r.pick(words)}`;
      else if (pattern < 0.93) name = `${r.pick(words)} ${city.city}`;
      else
        name = `${r.pick(pools.internationalLast)} ${r.pick(['Solutions', 'Group', 'Partners', 'Systems', 'Trading'])}`;
      legalForm = group
        ? r.weighted(pools.groupLegalForms)
        : city.country === 'AT' || city.country === 'CH'
          ? r.pick(['GmbH', 'AG'])
          : pattern >= 0.93
            ? r.pick(['Ltd', 'GmbH', 'Inc'])
            : r.weighted(pools.legalForms);
    }
    const tld = city.country === 'DE' ? (r.chance(0.85) ? '.de' : '.com') : `.${city.country.toLowerCase()}`;
    const domain = pools.mailLocal(name).replace(/\./g, '-') + tld;
    const digits =
      city.digits ?? (city.area.length <= 2 ? r.int(7, 8) : city.area.length === 3 ? r.int(6, 7) : r.int(5, 6));
    const phone = city.area + String(r.int(2, 9)) + r.digits(digits - 1);
    return {
      index: c,
      id: this.id(K.company, c),
      name,
      legalForm,
      industry,
      domain,
      city,
      phone,
      ownerIndex: r.int(0, 1 << 20),
      parent,
      group,
      rank,
    };
  }

  /** The company a contact works for (-1: a private person), skewed towards big accounts. */
  primaryCompanyOf(j: number): number {
    const { companies } = this.plan;
    if (companies === 0) return -1;
    const r = this.scratch.reseed(this.plan.seed, K.affiliation, j);
    if (r.chance(0.04)) return -1;
    return this.companyRank.at(Math.floor(companies * r.next() ** 2));
  }

  /** The contact a twin repeats: the nearest earlier one at the same company (with an umlaut, if asked). */
  private twinSource(j: number, company: number, umlaut: boolean): number {
    for (let i = j - 1; i >= Math.max(0, j - 5000); i--) {
      if (twins.has(i) || this.primaryCompanyOf(i) !== company) continue;
      const earlier = this.contact(i);
      if (!umlaut || /[äöüßÄÖÜ]/.test(earlier.first + earlier.last)) return i;
    }
    return -1;
  }

  /** A contact's identity: what deals, activities and tasks refer to. */
  contact(j: number): ContactCore {
    const slot = j & this.cache.contactMask;
    const cached = this.cache.contacts[slot];
    if (cached && cached.index === j) return cached;
    const core = this.makeContact(j, this.id(K.contact, j));
    this.cache.contacts[slot] = core;
    return core;
  }

  private makeContact(j: number, id: string): ContactCore {
    const r = new Rand().reseed(this.plan.seed, K.contactCore, j);
    const international = r.chance(0.15);
    const female = r.chance(0.48);
    const first = r.pick(
      international
        ? female
          ? pools.internationalFemaleFirst
          : pools.internationalMaleFirst
        : female
          ? pools.germanFemaleFirst
          : pools.germanMaleFirst,
    );
    const last = r.pick(international ? pools.internationalLast : pools.germanLast);
    const salutation = female ? 'Frau' : 'Herr';
    const title = r.weighted(pools.academicTitles);
    const company = this.primaryCompanyOf(j);
    let secondCompany = -1;
    if (company >= 0 && this.plan.companies > 1 && r.chance(0.08)) {
      secondCompany = r.int(0, this.plan.companies - 1);
      if (secondCompany === company) secondCompany = (secondCompany + 1) % this.plan.companies;
    }
    const buyingRole = r.weighted(pools.buyingRoles);
    const jobTitle = r.pick(pools.jobTitles[buyingRole]);
    const core: ContactCore = {
      index: j,
      id,
      first,
      last,
      salutation,
      title,
      female,
      company,
      secondCompany,
      buyingRole,
      jobTitle,
    };
    const twin = twins.get(j);
    const source = twin && company >= 0 ? this.twinSource(j, company, twin === 'umlaut') : -1;
    if (twin && source >= 0) {
      const earlier = this.contact(source);
      Object.assign(core, { female: earlier.female, salutation: earlier.salutation, title: null });
      if (twin === 'swapped') Object.assign(core, { first: earlier.last, last: earlier.first });
      else if (twin === 'emailTypo') Object.assign(core, { first: earlier.first, last: earlier.last, emailTypo: true });
      else {
        const last = withoutUmlauts(earlier.last);
        core.first = last === earlier.last ? withoutUmlauts(earlier.first) : earlier.first;
        core.last = last;
      }
    }
    return core;
  }

  /** The deal of contact j, or -1 (each deal has one contact; about 30% of contacts have one). */
  dealOf(j: number): number {
    if (this.plan.deals === 0) return -1;
    const d = this.dealContact.indexOf(j);
    return d < this.plan.deals ? d : -1;
  }

  contactOfDeal(d: number): number {
    return this.dealContact.at(d);
  }

  /**
   * The contact an activity is about: the first whales × 1,000 activities belong to the
   * whales, the rest follow a power law over a scrambled ranking (a long tail).
   */
  contactOfActivity(a: number, u: number): number {
    // Whales sit at the far end of the ranking, so the power law adds next to nothing to their 1,000.
    if (a < this.plan.whales * whaleActivities)
      return this.activityContact.at(this.plan.contacts - 1 - Math.floor(a / whaleActivities));
    return this.activityContact.at(Math.floor(this.plan.contacts * u ** 1.6));
  }

  /** One of the few contacts with about 1,000 activities (kept customers: a long relationship). */
  isWhale(j: number): boolean {
    return this.plan.whales > 0 && this.activityContact.indexOf(j) >= this.plan.contacts - this.plan.whales;
  }

  /**
   * When contact j entered the CRM: spread over three years in index order (so ids and
   * creation agree), except for the contacts with the longest histories, which are old
   * customers. Everything about a contact happens after this.
   */
  contactCreatedAt(j: number): number {
    const { contacts, today, seed } = this.plan;
    const r = this.scratch.reseed(seed, K.created, j);
    const rank = this.activityContact.indexOf(j);
    const heavy = rank >= contacts - this.plan.whales || rank < Math.ceil(contacts * 0.002);
    const ageDays = heavy ? r.int(900, 1095) : 1 + Math.floor(1095 * (1 - j / Math.max(1, contacts))) + r.int(0, 2);
    return today - ageDays * dayMs + r.int(7 * 3600, 17 * 3600) * 1000;
  }

  stagesOf(kind: DemoStage['kind']): DemoStage[] {
    return this.plan.stages.filter((stage) => stage.kind === kind);
  }
}
