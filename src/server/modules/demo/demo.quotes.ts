// A few quotes in the demo workspace, made through the quotes service so that their numbers,
// totals and timeline entries are real: a draft, quotes sent (one with a revision), one
// accepted and one declined, for companies that have open deals; and for some deals closed in
// the last year a quote decided when the deal closed (accepted if won, declined if lost), so
// that the quote acceptance rate of the sales KPIs has something to go by.
import type { AppContext } from '../../platform/context.ts';
import { sql } from 'kysely';
import { inTenant } from '../../platform/db/tenant.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { quoteService } from '../quotes/quotes.service.ts';
import { addDays, dayIn } from '../quotes/quotes.rules.ts';
import { workspaceTimeZone } from '../numbering/index.ts';

type Line =
  | { kind: 'heading' | 'text'; text: string }
  | {
      kind: 'item';
      name: string;
      quantity: string;
      unit: 'piece' | 'hour' | 'day' | 'flat' | 'month';
      unitPrice: string;
      vatRate: string;
      discount?: { kind: 'percent' | 'amount'; value: string };
      optional?: boolean;
    };

const offers: Array<{ subject: string; introduction: string; lines: Line[]; discount?: string }> = [
  {
    subject: 'Wartungsvertrag Backöfen 2027',
    introduction: 'vielen Dank für Ihre Anfrage. Gern bieten wir Ihnen an:',
    lines: [
      { kind: 'heading', text: 'Wartung' },
      {
        kind: 'item',
        name: 'Jahreswartung Etagenofen',
        quantity: '2',
        unit: 'piece',
        unitPrice: '480.00',
        vatRate: '19',
      },
      {
        kind: 'item',
        name: 'Technikereinsatz vor Ort',
        quantity: '6.5',
        unit: 'hour',
        unitPrice: '89.00',
        vatRate: '19',
      },
      { kind: 'heading', text: 'Material' },
      {
        kind: 'item',
        name: 'Fachbuch „Backofentechnik“',
        quantity: '2',
        unit: 'piece',
        unitPrice: '39.90',
        vatRate: '7',
      },
      {
        kind: 'item',
        name: 'Ersatzdichtungen (Set)',
        quantity: '4',
        unit: 'piece',
        unitPrice: '24.50',
        vatRate: '19',
        discount: { kind: 'percent', value: '10' },
      },
      {
        kind: 'item',
        name: 'Notdienst-Pauschale',
        quantity: '1',
        unit: 'flat',
        unitPrice: '150.00',
        vatRate: '19',
        optional: true,
      },
      { kind: 'text', text: 'Die Wartung erfolgt nach Terminabsprache außerhalb Ihrer Öffnungszeiten.' },
    ],
    discount: '3',
  },
  {
    subject: 'Einführung Kassensystem',
    introduction: 'wie besprochen erhalten Sie unser Angebot für die Einführung.',
    lines: [
      { kind: 'item', name: 'Lizenz Kassensoftware', quantity: '3', unit: 'piece', unitPrice: '349.00', vatRate: '19' },
      {
        kind: 'item',
        name: 'Einrichtung und Schulung',
        quantity: '2',
        unit: 'day',
        unitPrice: '890.00',
        vatRate: '19',
      },
      { kind: 'item', name: 'Support', quantity: '12', unit: 'month', unitPrice: '49.00', vatRate: '19' },
    ],
  },
  {
    subject: 'Beratung Prozessoptimierung',
    introduction: 'gern unterstützen wir Sie bei der Optimierung Ihrer Abläufe.',
    lines: [
      { kind: 'item', name: 'Workshop Ist-Aufnahme', quantity: '1', unit: 'day', unitPrice: '1250.00', vatRate: '19' },
      { kind: 'item', name: 'Beratung', quantity: '16', unit: 'hour', unitPrice: '120.00', vatRate: '19' },
      { kind: 'item', name: 'Handbuch (gedruckt)', quantity: '5', unit: 'piece', unitPrice: '19.80', vatRate: '7' },
    ],
    discount: '5',
  },
  {
    subject: 'Erweiterung Filialnetz – Ausstattung',
    introduction: 'für die Ausstattung Ihrer neuen Filiale bieten wir Ihnen an:',
    lines: [
      { kind: 'item', name: 'Planung und Aufmaß', quantity: '1', unit: 'flat', unitPrice: '690.00', vatRate: '19' },
      { kind: 'item', name: 'Montage', quantity: '14', unit: 'hour', unitPrice: '72.00', vatRate: '19' },
    ],
  },
  {
    subject: 'Schulungspaket Mitarbeitende',
    introduction: 'anbei unser Angebot für die Schulung Ihres Teams.',
    lines: [
      { kind: 'item', name: 'Präsenzschulung', quantity: '2', unit: 'day', unitPrice: '980.00', vatRate: '19' },
      { kind: 'item', name: 'Schulungsunterlagen', quantity: '12', unit: 'piece', unitPrice: '14.90', vatRate: '7' },
    ],
  },
];

/** A quote of one of the offers for a deal's company and contact. */
function quoteFor(
  offer: (typeof offers)[number],
  deal: { id: string; company_id: string | null; contact_id: string | null },
) {
  return {
    subject: offer.subject,
    introduction: `Sehr geehrte Damen und Herren,\n\n${offer.introduction}`,
    companyId: deal.company_id,
    contactId: deal.contact_id,
    dealId: deal.id,
    discount: offer.discount ? { kind: 'percent' as const, value: offer.discount } : null,
    lines: offer.lines,
  };
}

/** Creates the demo quotes; returns how many, and how many timeline entries issuing them wrote. */
export async function seedDemoQuotes(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
): Promise<{ quotes: number; activities: number }> {
  const actor: Actor = { workspaceId, userId, role: 'admin', via: 'token' };
  // The decided ones first: they are older, so they get the lower numbers.
  const decided = await seedDecidedQuotes(ctx, actor);
  const deals = await inTenant(ctx.db.app, actor, (tx) =>
    tx
      .selectFrom('deals')
      .select(['id', 'company_id', 'contact_id'])
      .where('status', '=', 'open')
      .where('company_id', 'is not', null)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .limit(offers.length)
      .execute(),
  );
  const service = quoteService(ctx);
  const today = dayIn(new Date(), workspaceTimeZone);
  const created = [];
  for (const [index, deal] of deals.entries()) {
    const offer = offers[index]!;
    const quote = await service.create(actor, {
      ...quoteFor(offer, deal),
      quoteDate: addDays(today, -3 * (offers.length - index)),
      closing: 'Wir freuen uns auf Ihren Auftrag.\n\nMit freundlichen Grüßen',
      terms: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
    });
    created.push(quote);
  }
  // The first stays a draft; the others are sent, one revised, one accepted, one declined.
  let issued = 0;
  for (const quote of created.slice(1)) {
    await service.issue(actor, quote.id, undefined);
    issued++;
  }
  if (created[1]) {
    const revision = await service.revise(actor, created[1].id, undefined);
    await service.update(actor, revision.id, { discount: { kind: 'percent', value: '8' } }, undefined);
    await service.issue(actor, revision.id, undefined);
    issued++;
  }
  if (created[2]) await service.accept(actor, created[2].id, {}, undefined);
  if (created[3]) await service.decline(actor, created[3].id, { reason: 'Budget erst im nächsten Jahr' }, undefined);
  return { quotes: created.length + (created[1] ? 1 : 0) + decided, activities: issued + decided };
}

/** Quotes of deals closed in the last year, decided on the day the deal closed; returns how many. */
async function seedDecidedQuotes(ctx: AppContext, actor: Actor): Promise<number> {
  // Every third won and every third lost deal of the year, at most seven and five: quotes spread
  // over the year, most of them accepted as in a real sales team.
  const { rows: deals } = await inTenant(ctx.db.app, actor, (tx) =>
    sql<{
      id: string;
      company_id: string;
      contact_id: string | null;
      owner_id: string | null;
      status: 'won' | 'lost';
      closed_at: Date;
    }>`
      select id, company_id, contact_id, owner_id, status, closed_at from (
        select d.*, row_number() over (partition by d.status order by d.closed_at desc, d.id) as n
          from deals d
         where d.status in ('won', 'lost') and d.company_id is not null and d.deleted_at is null
           and d.closed_at > now() - interval '1 year'
      ) d
      where n % 3 = 1 and n <= case when status = 'won' then 21 else 15 end
      order by closed_at`.execute(tx),
  );
  const service = quoteService(ctx);
  for (const [index, deal] of deals.entries()) {
    const offer = offers[index % offers.length]!;
    const quote = await service.create(actor, { ...quoteFor(offer, deal), ownerId: deal.owner_id });
    await service.issue(actor, quote.id, undefined);
    if (deal.status === 'won') await service.accept(actor, quote.id, {}, undefined);
    else await service.decline(actor, quote.id, { reason: 'Anderer Anbieter war günstiger' }, undefined);
    // Sent three weeks before the deal closed, decided when it closed.
    const closed = deal.closed_at.toISOString();
    await inTenant(ctx.db.app, actor, (tx) =>
      sql`update quotes set quote_date = (${closed}::timestamptz - interval '21 days')::date,
                 valid_until = (${closed}::timestamptz + interval '9 days')::date,
                 issued_at = ${closed}::timestamptz - interval '21 days',
                 sent_at = ${closed}::timestamptz - interval '21 days', decided_at = ${closed}::timestamptz
           where id = ${quote.id}`.execute(tx),
    );
  }
  return deals.length;
}
