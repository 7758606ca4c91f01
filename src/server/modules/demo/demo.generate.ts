// The demo's rows, one generator per table, each yielding COPY text lines. Rows are built
// the way the services would store them (derived columns and search_text included) and are
// produced one at a time, so a load of millions keeps a flat memory profile.
import { demoSearchText, type DemoSearch } from './demo.search.ts';
import * as copy from './demo.copy.ts';
import * as pools from './demo.names.ts';
import { K, dayMs, type DemoWorld } from './demo.world.ts';
import { addAddress, addEmail, addLandline, addMobile, derived, emptyReach, germanVatId } from './demo.contactdata.ts';
import { type DealCore, dealCore } from './demo.deals.ts';
import {
  activityTypes,
  activityTexts,
  addressing,
  callOutcomes,
  meetingOutcomes,
  taskDescriptions,
  taskTitles,
  type TextVars,
} from './demo.texts.ts';

export const columns = {
  companies: [
    'workspace_id',
    'id',
    'customer_number',
    'external_id',
    'name',
    'legal_form',
    'industry',
    'employee_count',
    'annual_revenue',
    'annual_revenue_currency',
    'website',
    'vat_id',
    'description',
    'emails',
    'phones',
    'addresses',
    'tags',
    'owner_id',
    'parent_company_id',
    'email_list',
    'phone_list',
    'cities',
    'postal_codes',
    'search_text',
    'search_words',
    'last_activity_at',
    'created_at',
    'updated_at',
  ],
  contacts: [
    'workspace_id',
    'id',
    'customer_number',
    'external_id',
    'salutation',
    'title',
    'first_name',
    'last_name',
    'emails',
    'phones',
    'addresses',
    'birthday',
    'job_title',
    'lifecycle_stage',
    'source',
    'tags',
    'owner_id',
    'email_list',
    'phone_list',
    'cities',
    'postal_codes',
    'search_text',
    'search_words',
    'last_activity_at',
    'created_at',
    'updated_at',
  ],
  affiliations: [
    'workspace_id',
    'id',
    'contact_id',
    'company_id',
    'job_title',
    'buying_role',
    'is_primary',
    'created_at',
    'updated_at',
  ],
  deals: [
    'workspace_id',
    'id',
    'title',
    'company_id',
    'contact_id',
    'pipeline_id',
    'stage_id',
    'amount',
    'currency',
    'expected_close_date',
    'probability',
    'status',
    'lost_reason',
    'owner_id',
    'tags',
    'stage_entered_at',
    'closed_at',
    'search_text',
    'search_words',
    'last_activity_at',
    'created_at',
    'updated_at',
  ],
  deal_stage_changes: ['workspace_id', 'id', 'deal_id', 'from_stage_id', 'to_stage_id', 'changed_at', 'changed_by'],
  activities: [
    'workspace_id',
    'id',
    'type',
    'direction',
    'subject',
    'body',
    'occurred_at',
    'duration_minutes',
    'outcome',
    'author_id',
    'created_at',
    'updated_at',
  ],
  activity_links: ['workspace_id', 'activity_id', 'record_type', 'record_id', 'occurred_at'],
  tasks: [
    'workspace_id',
    'id',
    'title',
    'description',
    'due_at',
    'remind_at',
    'reminded_at',
    'priority',
    'status',
    'assignee_id',
    'completed_at',
    'created_at',
    'updated_at',
  ],
  task_links: ['workspace_id', 'task_id', 'record_type', 'record_id'],
} as const;

export type DemoTable = keyof typeof columns;

const searchColumns = (search: DemoSearch) => [copy.text(search.text), copy.array(search.words)];

const meetingMinutes = [30, 45, 60, 90, 120];

/** A few distinct entries of `list` (0..max of them). */
function some<T>(world: DemoWorld, list: readonly T[], max: number): T[] {
  const out = new Set<T>();
  const count = world.r.int(0, max);
  for (let i = 0; i < count; i++) out.add(world.r.pick(list));
  return [...out];
}

/**
 * A number from 0 to 9 for an index, apart from the random stream (which must not shift:
 * the rest of a row is drawn from it), to give some records an id from another system.
 */
const tenth = (index: number, salt: number) => (Math.imul(index + 1, 2654435761) ^ salt) >>> 0;

/**
 * Customer numbers as an ERP hands them out: companies from K-10000, customer contacts after
 * the last company, so no two records of the workspace share one.
 */
export const companyNumber = (c: number) => `K-${10000 + c}`;
export const contactNumber = (companies: number, j: number) => `K-${10000 + companies + j}`;

/** Companies were all entered when the CRM was introduced, three to four years ago. */
function companyCreatedAt(world: DemoWorld): number {
  return world.plan.today - world.r.int(1100, 1460) * dayMs + world.r.int(7 * 3600, 17 * 3600) * 1000;
}

/** One activity's subject: whom it is about and when (what the link pass needs). */
interface ActivityCore {
  contact: number;
  occurredAt: number;
  company: number;
  deal: number;
}

/** One task's subject. */
interface TaskCore {
  contact: number;
  company: number;
  deal: number;
}

/** When the first tasks are due: the signed-in demo user's overdue and due-today tasks. */
const firstUsersDay = ['overdue', 'overdue', 'overdue', 'today', 'today', 'today'] as const;

export class DemoRows {
  /** Latest activity per contact / company / deal in seconds, filled by computeLastActivity(). */
  readonly lastContact: Uint32Array;
  readonly lastCompany: Uint32Array;
  readonly lastDeal: Uint32Array;
  private readonly ws: string;
  /** The words of the search texts generated so far (for the search_words table). */
  readonly words = new Set<string>();

  constructor(private readonly world: DemoWorld) {
    this.lastContact = new Uint32Array(world.plan.contacts);
    this.lastCompany = new Uint32Array(world.plan.companies);
    this.lastDeal = new Uint32Array(world.plan.deals);
    this.ws = world.plan.workspaceId;
  }

  private last(seconds: number): string {
    return seconds === 0 ? copy.NULL : copy.time(seconds * 1000);
  }

  private activityCore(a: number): ActivityCore {
    const { world } = this;
    const r = world.r.reseed(world.plan.seed, K.activity, a);
    const contact = world.contactOfActivity(a, r.next());
    // The last 18 months, more of it recently, and never before the contact was entered.
    const created = world.contactCreatedAt(contact);
    const span = Math.min(547, Math.floor((world.plan.today - created) / dayMs));
    const daysAgo = 1 + Math.floor(span * r.next() ** 1.4);
    const occurredAt = Math.max(
      created + 60_000,
      world.plan.today - daysAgo * dayMs + r.int(6 * 3600, 18 * 3600) * 1000,
    );
    const company = r.chance(0.85) ? world.primaryCompanyOf(contact) : -1;
    const deal = r.chance(0.5) ? world.dealOf(contact) : -1;
    return { contact, occurredAt, company, deal };
  }

  *activities(): Generator<string> {
    const { world, ws } = this;
    const { users } = world.plan;
    const vars: TextVars = {
      greeting: '',
      dative: '',
      dear: '',
      first: '',
      last: '',
      company: '',
      product: '',
      author: '',
    };
    for (let a = 0; a < world.plan.activities; a++) {
      const core = this.activityCore(a);
      const r = world.r;
      const person = world.contact(core.contact);
      const type = r.weighted(activityTypes);
      const text = r.pick(activityTexts(type));
      const author = users[r.int(0, users.length - 1)];
      const forms = addressing(person.female, person.title, person.last);
      vars.greeting = forms.greeting;
      vars.dative = forms.dative;
      vars.dear = forms.dear;
      vars.first = person.first;
      vars.last = person.last;
      vars.company = person.company >= 0 ? world.company(person.company).name : person.last;
      vars.product = r.pick(pools.products);
      vars.author = author.name;
      const direction =
        type === 'note'
          ? 'internal'
          : type === 'meeting' || type === 'visit'
            ? r.chance(0.7)
              ? 'outbound'
              : 'internal'
            : r.chance(0.55)
              ? 'outbound'
              : 'inbound';
      const duration =
        type === 'call'
          ? r.int(1, 45)
          : type === 'meeting'
            ? r.pick(meetingMinutes)
            : type === 'visit'
              ? r.int(60, 240)
              : null;
      const outcome =
        type === 'call'
          ? r.pick(callOutcomes)
          : type === 'meeting' || type === 'visit'
            ? r.pick(meetingOutcomes)
            : null;
      const logged = copy.time(core.occurredAt + r.int(0, 1800) * 1000);
      yield `${ws}\t${world.id(K.activityId, a)}\t${type}\t${direction}\t${copy.text(text.subject(vars))}\t${copy.text(text.body ? text.body(vars) : null)}\t${copy.time(
        core.occurredAt,
      )}\t${copy.int(duration)}\t${copy.text(outcome)}\t${author.id}\t${logged}\t${logged}\n`;
    }
  }

  /** Links of every activity to its contact, and mostly its company and deal. */
  *activityLinks(): Generator<string> {
    const { world, ws } = this;
    for (let a = 0; a < world.plan.activities; a++) {
      const core = this.activityCore(a);
      const id = world.id(K.activityId, a);
      const at = copy.time(core.occurredAt);
      const company = core.company >= 0 ? world.company(core.company).id : null;
      const deal = core.deal >= 0 ? world.id(K.dealId, core.deal) : null;
      yield `${ws}\t${id}\tcontact\t${world.id(K.contact, core.contact)}\t${at}\n`;
      if (company) yield `${ws}\t${id}\tcompany\t${company}\t${at}\n`;
      if (deal) yield `${ws}\t${id}\tdeal\t${deal}\t${at}\n`;
    }
  }

  /**
   * Each contact's, company's and deal's latest activity (what last_activity_at holds),
   * worked out from the activities' subjects alone, before the records are written.
   */
  computeLastActivity(): void {
    const { world } = this;
    for (let a = 0; a < world.plan.activities; a++) {
      const core = this.activityCore(a);
      const seconds = core.occurredAt / 1000;
      if (this.lastContact[core.contact] < seconds) this.lastContact[core.contact] = seconds;
      if (core.company >= 0 && this.lastCompany[core.company] < seconds) this.lastCompany[core.company] = seconds;
      if (core.deal >= 0 && this.lastDeal[core.deal] < seconds) this.lastDeal[core.deal] = seconds;
    }
  }

  *companies(): Generator<string> {
    const { world, ws } = this;
    const { plan } = world;
    for (let c = 0; c < plan.companies; c++) {
      const core = world.company(c);
      const r = world.r.reseed(plan.seed, K.companyDetail, c);
      const top = 1 - core.rank / plan.companies;
      const mu = core.group ? Math.log(2500) : Math.log(15) + 3.5 * top ** 6;
      const employees = Math.min(400_000, Math.max(1, Math.round(Math.exp(mu + 1.2 * r.gauss()))));
      const revenue = r.chance(0.85) ? `${employees * r.int(60, 260) * 1000}.00` : null;
      const website = r.chance(0.9) ? `https://www.${core.domain}` : null;
      const vatId =
        core.city.country === 'DE'
          ? r.chance(0.7)
            ? germanVatId(r)
            : null
          : core.city.country === 'AT'
            ? `ATU${r.int(1, 9)}${r.digits(7)}`
            : null;
      const description = r.chance(0.25) ? r.pick(pools.companyDescriptions) : null;
      const reach = emptyReach();
      addEmail(reach, `info@${core.domain}`, 'Zentrale');
      if (r.chance(0.3)) addEmail(reach, `vertrieb@${core.domain}`, 'Vertrieb');
      if (r.chance(0.2)) addEmail(reach, `buchhaltung@${core.domain}`, 'Buchhaltung');
      const area = core.city.area;
      addLandline(reach, r, core.city.country, area, core.phone.slice(area.length), '', 'Zentrale');
      if (r.chance(0.2)) addLandline(reach, r, core.city.country, area, core.phone.slice(area.length), '99', 'Fax');
      addAddress(reach, r, core.city, 'Sitz');
      if (r.chance(0.12)) addAddress(reach, r, r.pick(pools.germanCities), r.pick(['Lager', 'Niederlassung', 'Werk']));
      const tags = some(world, pools.companyTags, 3);
      const { emailList, cities, postalCodes } = derived(reach);
      const customerNumber = companyNumber(c);
      // Most companies came over from the ERP with its debtor number.
      const externalId = tenth(c, 0x5eed) % 10 < 6 ? `SAP-${4700000 + c}` : null;
      const search = demoSearchText(
        [
          core.name,
          customerNumber,
          externalId,
          core.legalForm,
          core.industry,
          website,
          vatId,
          ...tags,
          ...emailList,
          ...reach.phoneParts,
          ...cities,
        ],
        this.words,
      );
      const created = companyCreatedAt(world);
      yield copy.line([
        ws,
        core.id,
        copy.text(customerNumber),
        copy.text(externalId),
        copy.text(core.name),
        copy.text(core.legalForm),
        copy.text(core.industry),
        String(employees),
        revenue ?? copy.NULL,
        revenue ? plan.currency : copy.NULL,
        copy.text(website),
        copy.text(vatId),
        copy.text(description),
        copy.json(reach.emails),
        copy.json(reach.phones),
        copy.json(reach.addresses),
        copy.array(tags),
        world.userId(core.ownerIndex),
        core.parent >= 0 ? world.company(core.parent).id : copy.NULL,
        copy.array(emailList),
        copy.array(reach.e164),
        copy.array(cities),
        copy.array(postalCodes),
        copy.text(search.text),
        copy.array(search.words),
        this.last(this.lastCompany[c]),
        copy.time(created),
        copy.time(created + Math.floor(r.next() * (plan.today - created) * 0.3)),
      ]);
    }
  }

  *contacts(): Generator<string> {
    const { world, ws } = this;
    const { plan } = world;
    for (let j = 0; j < plan.contacts; j++) {
      const person = world.contact(j);
      const company = person.company >= 0 ? world.company(person.company) : null;
      const r = world.r.reseed(plan.seed, K.contactDetail, j);
      const reach = emptyReach();
      let local = `${pools.mailLocal(person.first)}.${pools.mailLocal(person.last)}`;
      // The twin with a typo: two letters of the last name swapped (anna.mueller → anna.muelelr).
      if (person.emailTypo && local.length > 3)
        local = `${local.slice(0, -3)}${local.at(-2)}${local.at(-3)}${local.at(-1)}`;
      if (company && r.chance(0.93)) {
        const address = r.chance(0.85)
          ? `${local}@${company.domain}`
          : `${pools.mailLocal(person.first)[0]}.${pools.mailLocal(person.last)}@${company.domain}`;
        addEmail(reach, r.chance(0.1) ? address.replace(/^./, (ch) => ch.toUpperCase()) : address, 'Arbeit');
      }
      if (!company || r.chance(0.15))
        addEmail(reach, `${local}${r.int(1, 99)}@${r.pick(pools.privateMailDomains)}`, 'Privat');
      const home = r.chance(0.96)
        ? pools.germanCities[Math.floor(r.next() ** 1.5 * pools.germanCities.length)]
        : r.pick(pools.foreignCities);
      if (company && r.chance(0.75)) {
        const area = company.city.area;
        addLandline(
          reach,
          r,
          company.city.country,
          area,
          company.phone.slice(area.length),
          r.digits(r.int(2, 3)).replace(/^0/, '1'),
          'Büro',
        );
      }
      if (r.chance(company ? 0.45 : 0.7)) addMobile(reach, r, 'Mobil');
      else if (!company)
        addLandline(
          reach,
          r,
          home.country,
          home.area,
          String(r.int(2, 9)) + r.digits((home.digits ?? (home.area.length <= 2 ? 8 : 7)) - 1),
          '',
          'Privat',
        );
      if (company && r.chance(0.3)) addAddress(reach, r, company.city, 'Geschäftlich');
      if (!company ? r.chance(0.85) : r.chance(0.12)) addAddress(reach, r, home, 'Privat');
      const birthday = r.chance(0.2)
        ? `${r.int(1955, 2001)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
        : null;
      const d = world.dealOf(j);
      const lifecycle = world.isWhale(j)
        ? 'customer'
        : d >= 0
          ? lifecycleFromDeal(dealCore(world, d), r.next())
          : r.weighted(company ? stagesWithoutDeal : privateStages);
      const source = r.chance(0.8) ? r.pick(pools.sources) : null;
      const tags = some(world, pools.contactTags, 2);
      const { emailList, cities, postalCodes } = derived(reach);
      // Customers have a number; private ones often bought in the web shop first.
      const isCustomer = lifecycle === 'customer' || lifecycle === 'former';
      const customerNumber = isCustomer ? contactNumber(plan.companies, j) : null;
      const externalId = isCustomer && !company && tenth(j, 0x5b0b) % 10 < 5 ? `shop-${900000 + j}` : null;
      const search = demoSearchText(
        [person.first, person.last, customerNumber, externalId, ...emailList, ...reach.phoneParts, ...cities],
        this.words,
      );
      const created = world.contactCreatedAt(j);
      yield copy.line([
        ws,
        person.id,
        copy.text(customerNumber),
        copy.text(externalId),
        person.salutation,
        copy.text(person.title),
        copy.text(person.first),
        copy.text(person.last),
        copy.json(reach.emails),
        copy.json(reach.phones),
        copy.json(reach.addresses),
        birthday ?? copy.NULL,
        company ? copy.text(person.jobTitle) : copy.NULL,
        lifecycle,
        copy.text(source),
        copy.array(tags),
        company ? world.userId(company.ownerIndex) : world.userId(j),
        copy.array(emailList),
        copy.array(reach.e164),
        copy.array(cities),
        copy.array(postalCodes),
        copy.text(search.text),
        copy.array(search.words),
        this.last(this.lastContact[j]),
        copy.time(created),
        copy.time(created + Math.floor(r.next() * (plan.today - created) * 0.3)),
      ]);
    }
  }

  *affiliations(): Generator<string> {
    const { world, ws } = this;
    for (let j = 0; j < world.plan.contacts; j++) {
      const person = world.contact(j);
      if (person.company < 0) continue;
      const r = world.r.reseed(world.plan.seed, K.affiliation, j, 1);
      const created = copy.time(world.contactCreatedAt(j));
      const secondRole = r.pick(['Beirat', 'Beraterin', 'Aufsichtsrat', 'Advisor', 'Interim Manager']);
      yield copy.line([
        ws,
        world.id(K.affiliationId, 2 * j),
        person.id,
        world.company(person.company).id,
        copy.text(person.jobTitle),
        person.buyingRole,
        't',
        created,
        created,
      ]);
      if (person.secondCompany >= 0) {
        yield copy.line([
          ws,
          world.id(K.affiliationId, 2 * j + 1),
          person.id,
          world.company(person.secondCompany).id,
          copy.text(secondRole),
          'influencer',
          'f',
          created,
          created,
        ]);
      }
    }
  }

  *deals(): Generator<string> {
    const { world, ws } = this;
    for (let d = 0; d < world.plan.deals; d++) {
      const deal = dealCore(world, d);
      const person = world.contact(deal.contact);
      const company = person.company >= 0 ? world.company(person.company) : null;
      const title = `${deal.product} – ${company ? company.name : `${person.first} ${person.last}`}`;
      const last = deal.path[deal.path.length - 1];
      yield copy.line([
        ws,
        deal.id,
        copy.text(title),
        company ? company.id : copy.NULL,
        person.id,
        last.pipelineId,
        last.id,
        deal.amount,
        world.plan.currency,
        deal.expectedCloseDate,
        copy.int(deal.probability),
        deal.status,
        copy.text(deal.lostReason),
        world.userId(deal.ownerIndex),
        copy.array(deal.tags),
        copy.time(deal.times[deal.times.length - 1]),
        deal.status === 'open' ? copy.NULL : copy.time(deal.times[deal.times.length - 1]),
        ...searchColumns(demoSearchText([title, ...deal.tags], this.words)),
        this.last(this.lastDeal[d]),
        copy.time(deal.times[0]),
        copy.time(deal.times[deal.times.length - 1]),
      ]);
    }
  }

  *stageChanges(): Generator<string> {
    const { world, ws } = this;
    for (let d = 0; d < world.plan.deals; d++) {
      const deal: DealCore = dealCore(world, d);
      for (let i = 0; i < deal.path.length; i++) {
        yield copy.line([
          ws,
          world.id(K.stageChangeId, d * 16 + i),
          deal.id,
          i === 0 ? copy.NULL : deal.path[i - 1].id,
          deal.path[i].id,
          copy.time(deal.times[i]),
          world.userId(deal.ownerIndex),
        ]);
      }
    }
  }

  private taskCore(t: number): TaskCore {
    const { world } = this;
    const r = world.r.reseed(world.plan.seed, K.task, t);
    const contact = r.int(0, world.plan.contacts - 1);
    const company = r.chance(0.5) ? world.primaryCompanyOf(contact) : -1;
    const deal = r.chance(0.5) ? world.dealOf(contact) : -1;
    return { contact, company, deal };
  }

  *tasks(): Generator<string> {
    const { world, ws } = this;
    const { today } = world.plan;
    for (let t = 0; t < world.plan.tasks; t++) {
      const core = this.taskCore(t);
      const r = world.r;
      const person = world.contact(core.contact);
      const vars: TextVars = {
        ...addressing(person.female, person.title, person.last),
        first: person.first,
        last: person.last,
        company: person.company >= 0 ? world.company(person.company).name : person.last,
        product: r.pick(pools.products),
        author: '',
      };
      // The first tasks make the day of the user who signs in (the first user): a few
      // overdue, a few due today, so that the start page has something to show.
      const mine = t < firstUsersDay.length;
      const drawn = r.weighted([
        ['open', 60],
        ['done', 35],
        ['cancelled', 5],
      ] as const);
      const status = mine ? 'open' : drawn;
      const drawnHour = r.int(7, 16);
      const drawnWhen = r.weighted([
        ['overdue', 25],
        ['today', 15],
        ['upcoming', 60],
      ] as const);
      const when = mine ? firstUsersDay[t] : status === 'open' ? drawnWhen : 'past';
      // The user's tasks of today fall in the afternoon (UTC), still ahead during a working day.
      const hour = (mine && when === 'today' ? 11 + t : drawnHour) * 3600_000;
      const born = world.contactCreatedAt(core.contact);
      const age = Math.max(1, Math.floor((today - born) / dayMs));
      const dueDay =
        when === 'today'
          ? 0
          : when === 'upcoming'
            ? r.int(1, 60)
            : -r.int(1, Math.max(1, Math.min(when === 'overdue' ? 30 : 400, age - 1)));
      const due = today + dueDay * dayMs + hour;
      // Reminders either lie ahead (for tomorrow's jobs) or were already given.
      const remind =
        r.chance(0.35) && when !== 'today' && !(when === 'upcoming' && dueDay < 2)
          ? due - (r.chance(0.5) ? 3600_000 : dayMs)
          : null;
      const created = Math.max(born, Math.min(due, today) - r.int(1, 21) * dayMs + r.int(7, 17) * 3600_000);
      const completed = status === 'done' ? Math.max(created + 3600_000, due - r.int(0, 3 * 24) * 3600_000) : null;
      const description = r.pick(taskDescriptions);
      yield copy.line([
        ws,
        world.id(K.taskId, t),
        copy.text(r.pick(taskTitles)(vars)),
        copy.text(description ? description(vars) : null),
        copy.time(due),
        copy.time(remind),
        copy.time(remind !== null && remind < today ? remind : null),
        r.weighted([
          ['low', 15],
          ['normal', 55],
          ['high', 22],
          ['urgent', 8],
        ] as const),
        status,
        mine ? world.userId(0) : world.userId(person.company >= 0 ? world.company(person.company).ownerIndex : t),
        copy.time(completed),
        copy.time(created),
        copy.time(completed ?? created),
      ]);
    }
  }

  *taskLinks(): Generator<string> {
    const { world, ws } = this;
    for (let t = 0; t < world.plan.tasks; t++) {
      const core = this.taskCore(t);
      const id = world.id(K.taskId, t);
      yield `${ws}\t${id}\tcontact\t${world.id(K.contact, core.contact)}\n`;
      if (core.company >= 0) yield `${ws}\t${id}\tcompany\t${world.company(core.company).id}\n`;
      if (core.deal >= 0) yield `${ws}\t${id}\tdeal\t${world.id(K.dealId, core.deal)}\n`;
    }
  }
}

const stagesWithoutDeal = [
  ['lead', 45],
  ['prospect', 15],
  ['customer', 22],
  ['former', 6],
  ['other', 12],
] as const;
const privateStages = [
  ['lead', 40],
  ['customer', 20],
  ['other', 40],
] as const;

function lifecycleFromDeal(deal: DealCore, u: number): string {
  if (deal.status === 'won') return 'customer';
  if (deal.status === 'lost') return u < 0.5 ? 'former' : 'prospect';
  return u < 0.2 ? 'customer' : 'prospect';
}
