// Quotes against the real database and API: drafts and their totals, issuing (50 at once,
// across a year), revisions, the life cycle's wrong states, accepting with the deal won, the tax
// treatments, frozen totals, and bad input that writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;
let company: { id: string };
let product: { id: string };

before(async () => {
  h = await harness();
  api = await h.workspace();
  company = (
    await api.post('/api/v1/companies', {
      name: 'Bäckerei Schröder GmbH',
      addresses: [{ street: 'Hauptstraße 1', postalCode: '80331', city: 'München', country: 'DE' }],
    })
  ).body;
  product = (
    await api.post('/api/v1/products', {
      sku: 'B-100',
      name: 'Beratung',
      unit: 'hour',
      listPrice: '95.00',
      vatRate: '19',
    })
  ).body;
});
after(() => h.close());

const item = (quantity: string, unitPrice: string, vatRate = '19', extra: object = {}) => ({
  kind: 'item',
  name: 'Position',
  quantity,
  unitPrice,
  vatRate,
  ...extra,
});

async function draft(client: Client, body: object = {}) {
  const res = await client.post('/api/v1/quotes', {
    subject: 'Angebot Ofenwartung',
    companyId: company.id,
    lines: [item('1', '100.00')],
    ...body,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function quoteCount(client: Client) {
  return (await client.get('/api/v1/quotes?limit=500&trashed=false')).body.data.length;
}

describe('quotes', () => {
  test('a draft has no number, German defaults and totals computed exactly', async () => {
    const quote = await draft(api, {
      lines: [
        { kind: 'heading', text: 'Leistungen' },
        { kind: 'item', productId: product.id, quantity: '3' },
        item('2', '24.95', '7', { name: 'Fachbuch' }),
        item('1', '149.00', '19', { name: 'Lizenz', discount: { kind: 'percent', value: '10' } }),
        item('1', '49.00', '19', { name: 'Schulung', optional: true }),
        { kind: 'text', text: 'Lieferung frei Haus.' },
      ],
      discount: { kind: 'percent', value: '3' },
    });
    assert.equal(quote.number, null);
    assert.equal(quote.status, 'draft');
    assert.equal(quote.language, 'de');
    assert.equal(quote.taxTreatment, 'standard');
    assert.equal(quote.currency, 'EUR');
    assert.equal(quote.companyName, 'Bäckerei Schröder GmbH');
    assert.equal(quote.lines[1].name, 'Beratung');
    assert.equal(quote.lines[1].unit, 'hour');
    assert.equal(quote.lines[1].unitPrice, '95.00');
    assert.equal(quote.lines[1].sku, 'B-100');
    // The worked example of docs/sales.md.
    assert.equal(quote.netTotal, '454.93');
    assert.equal(quote.vatTotal, '80.63');
    assert.equal(quote.grossTotal, '535.56');
    assert.deepEqual(
      quote.totals.vat.map((g: { rate: string; base: string; tax: string }) => [g.rate, g.base, g.tax]),
      [
        ['19', '406.53', '77.24'],
        ['7', '48.40', '3.39'],
      ],
    );
    const days = (Date.parse(quote.validUntil) - Date.parse(quote.quoteDate)) / 86_400_000;
    assert.equal(days, 30);
  });

  test('50 drafts issued at once get 50 distinct consecutive numbers', async () => {
    const client = await h.workspace();
    const customer = (await client.post('/api/v1/companies', { name: 'Großkunde AG' })).body;
    const drafts = [];
    for (let i = 0; i < 50; i++)
      drafts.push(
        (
          await client.post('/api/v1/quotes', {
            subject: `Angebot ${i}`,
            companyId: customer.id,
            quoteDate: '2026-05-04',
            lines: [item('1', '10.00')],
          })
        ).body,
      );
    const issued = await Promise.all(drafts.map((d) => client.post(`/api/v1/quotes/${d.id}/issue`)));
    for (const res of issued) assert.equal(res.status, 200, JSON.stringify(res.body));
    const numbers = issued.map((res) => res.body.number).sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 50 }, (_, i) => `AN-2026-${String(i + 1).padStart(4, '0')}`),
    );
  });

  test('numbers count per year of the quote date', async () => {
    const client = await h.workspace();
    const customer = (await client.post('/api/v1/companies', { name: 'Jahreswechsel KG' })).body;
    const issue = async (quoteDate: string) => {
      const d = (
        await client.post('/api/v1/quotes', {
          subject: 'Silvester',
          companyId: customer.id,
          quoteDate,
          lines: [item('1', '1.00')],
        })
      ).body;
      return (await client.post(`/api/v1/quotes/${d.id}/issue`)).body.number;
    };
    assert.equal(await issue('2026-12-30'), 'AN-2026-0001');
    assert.equal(await issue('2026-12-31'), 'AN-2026-0002');
    assert.equal(await issue('2027-01-01'), 'AN-2027-0001');
    assert.equal(await issue('2026-12-31'), 'AN-2026-0003');
  });

  test('issuing freezes the totals, writes the timeline entry, and sent quotes do not change', async () => {
    const deal = (await api.post('/api/v1/deals', { title: 'Wartungsvertrag', companyId: company.id })).body;
    const quote = await draft(api, {
      dealId: deal.id,
      lines: [{ kind: 'item', productId: product.id, quantity: '2' }],
    });
    const issued = (await api.post(`/api/v1/quotes/${quote.id}/issue`)).body;
    assert.match(issued.number, /^AN-\d{4}-\d{4}$/);
    assert.equal(issued.status, 'sent');
    assert.equal(issued.netTotal, '190.00');
    assert.ok(issued.issuedAt);
    // The product's price changes later: the sent quote keeps its totals and lines.
    const p = (await api.get(`/api/v1/products/${product.id}`)).body;
    await api.patch(`/api/v1/products/${product.id}`, { listPrice: '120.00' }, { 'if-match': `"${p.version}"` });
    const again = (await api.get(`/api/v1/quotes/${quote.id}`)).body;
    assert.equal(again.netTotal, '190.00');
    assert.equal(again.grossTotal, '226.10');
    assert.equal(again.lines[0].unitPrice, '95.00');
    await api.patch(`/api/v1/products/${product.id}`, { listPrice: '95.00' });
    // The timeline of the deal and the company shows it.
    const activities = (await api.get(`/api/v1/activities?dealId=${deal.id}`)).body.data;
    assert.deepEqual(
      activities.map((a: { subject: string }) => a.subject),
      [`Angebot ${issued.number} versendet`],
    );
    assert.ok(activities[0].companyIds.includes(company.id));
    // Sent: no change, no trash, no second issue.
    const patch = await api.patch(`/api/v1/quotes/${quote.id}`, { subject: 'Anders' });
    assert.equal(patch.status, 409);
    assert.equal(patch.body.code, 'quote_not_draft');
    assert.equal((await api.delete(`/api/v1/quotes/${quote.id}`)).body.code, 'quote_not_draft');
    const twice = await api.post(`/api/v1/quotes/${quote.id}/issue`);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'quote_wrong_status');
  });

  test('a revision keeps the number with a suffix and supersedes the sent one when issued', async () => {
    const first = (await api.post(`/api/v1/quotes/${(await draft(api)).id}/issue`)).body;
    const revised = await api.post(`/api/v1/quotes/${first.id}/revise`);
    assert.equal(revised.status, 201, JSON.stringify(revised.body));
    assert.equal(revised.body.revision, 2);
    assert.equal(revised.body.status, 'draft');
    assert.equal(revised.body.number, `${first.number}-2`);
    assert.equal(revised.body.rootId, first.id);
    assert.equal((await api.post(`/api/v1/quotes/${first.id}/revise`)).body.code, 'quote_revision_open');
    const changed = await api.patch(`/api/v1/quotes/${revised.body.id}`, { lines: [item('2', '90.00')] });
    assert.equal(changed.body.netTotal, '180.00');
    assert.equal((await api.get(`/api/v1/quotes/${first.id}`)).body.status, 'sent');
    const issued = (await api.post(`/api/v1/quotes/${revised.body.id}/issue`)).body;
    assert.equal(issued.number, `${first.number}-2`);
    const old = (await api.get(`/api/v1/quotes/${first.id}`)).body;
    assert.equal(old.status, 'superseded');
    assert.equal(old.netTotal, '100.00');
    assert.equal((await api.post(`/api/v1/quotes/${first.id}/accept`)).body.code, 'quote_wrong_status');
    const third = (await api.post(`/api/v1/quotes/${issued.id}/revise`)).body;
    assert.equal(third.number, `${first.number}-3`);
  });

  test('accepting wins the deal with the net total; declining keeps a reason; wrong states are 409', async () => {
    const deal = (await api.post('/api/v1/deals', { title: 'Backstraße', companyId: company.id })).body;
    const quote = await draft(api, { dealId: deal.id, lines: [item('3', '333.33'), item('1', '10', '7')] });
    assert.equal((await api.post(`/api/v1/quotes/${quote.id}/accept`)).body.code, 'quote_wrong_status');
    await api.post(`/api/v1/quotes/${quote.id}/issue`);
    const accepted = await api.post(`/api/v1/quotes/${quote.id}/accept`, { winDeal: true });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'accepted');
    const won = (await api.get(`/api/v1/deals/${deal.id}`)).body;
    assert.equal(won.status, 'won');
    assert.deepEqual(won.amount, { amount: '1009.99', currency: 'EUR' });
    assert.equal((await api.post(`/api/v1/quotes/${quote.id}/decline`)).body.code, 'quote_wrong_status');
    assert.equal((await api.post(`/api/v1/quotes/${quote.id}/revise`)).body.code, 'quote_wrong_status');

    const other = await draft(api);
    await api.post(`/api/v1/quotes/${other.id}/issue`);
    const declined = await api.post(`/api/v1/quotes/${other.id}/decline`, { reason: 'Zu teuer' });
    assert.equal(declined.body.status, 'declined');
    assert.equal(declined.body.declineReason, 'Zu teuer');
    const noDeal = await draft(api);
    await api.post(`/api/v1/quotes/${noDeal.id}/issue`);
    const refused = await api.post(`/api/v1/quotes/${noDeal.id}/accept`, { winDeal: true });
    assert.equal(refused.status, 422);
    assert.equal((await api.get(`/api/v1/quotes/${noDeal.id}`)).body.status, 'sent');
  });

  test('a sent quote past its validity reads as expired and can still be accepted', async () => {
    const quote = await draft(api, { quoteDate: '2025-01-10', validUntil: '2025-02-10' });
    const issued = (await api.post(`/api/v1/quotes/${quote.id}/issue`)).body;
    assert.equal(issued.status, 'expired');
    const listed = (await api.get('/api/v1/quotes?status=expired')).body.data.map((q: { id: string }) => q.id);
    assert.ok(listed.includes(quote.id));
    const sent = (await api.get('/api/v1/quotes?status=sent')).body.data.map((q: { id: string }) => q.id);
    assert.ok(!sent.includes(quote.id));
    assert.equal((await api.post(`/api/v1/quotes/${quote.id}/accept`)).body.status, 'accepted');
  });

  test('reverse charge for an EU company abroad, § 19 for a small business', async () => {
    const client = await h.workspace();
    const austrian = (
      await client.post('/api/v1/companies', {
        name: 'Wiener Kaffeehaus GmbH',
        vatId: 'ATU12345678',
        addresses: [{ city: 'Wien', country: 'AT' }],
      })
    ).body;
    const french = (
      await client.post('/api/v1/companies', {
        name: 'Boulangerie SARL',
        vatId: 'FR12345678901',
        addresses: [{ city: 'Paris', country: 'FR' }],
      })
    ).body;
    const german = (await client.post('/api/v1/companies', { name: 'Inland GmbH', vatId: 'DE123456789' })).body;
    const rc = await draft(client, { companyId: austrian.id, lines: [item('1', '100.00')] });
    assert.equal(rc.taxTreatment, 'reverseCharge');
    assert.equal(rc.language, 'de');
    assert.equal(rc.grossTotal, '100.00');
    assert.equal(rc.totals.note, 'reverseCharge');
    const fr = await draft(client, { companyId: french.id });
    assert.equal(fr.language, 'en');
    assert.equal(fr.taxTreatment, 'reverseCharge');
    // The user may charge VAT instead, not claim reverse charge for a domestic customer.
    const standard = await client.patch(`/api/v1/quotes/${fr.id}`, { taxTreatment: 'standard' });
    assert.equal(standard.body.taxTreatment, 'standard');
    const domestic = await client.post('/api/v1/quotes', {
      subject: 'Inland',
      companyId: german.id,
      taxTreatment: 'reverseCharge',
      lines: [],
    });
    assert.equal(domestic.status, 422);
    assert.equal(domestic.body.errors[0].path, 'taxTreatment');

    assert.equal((await client.patch('/api/v1/sales-settings', { smallBusiness: true })).body.smallBusiness, true);
    const small = await draft(client, { companyId: german.id, lines: [item('1', '100.00')] });
    assert.equal(small.taxTreatment, 'smallBusiness');
    assert.equal(small.vatTotal, '0.00');
    assert.equal(small.grossTotal, '100.00');
    assert.deepEqual(small.totals.vat, []);
    assert.equal(small.totals.note, 'smallBusiness');
    const refused = await client.patch(`/api/v1/quotes/${small.id}`, { taxTreatment: 'standard' });
    assert.equal(refused.status, 422);
  });

  test('bad input is a 422 naming the field, and nothing is written', async () => {
    const client = await h.workspace();
    const customer = (await client.post('/api/v1/companies', { name: 'Prüfstand GmbH' })).body;
    const before = await quoteCount(client);
    const cases: Array<[object, string]> = [
      [
        { lines: [item('1', '10'), { kind: 'item', productId: crypto.randomUUID(), quantity: '1' }] },
        'lines.1.productId',
      ],
      [{ lines: [item('-1', '10')] }, 'lines.0.quantity'],
      [{ lines: [item('1', '10', '16')] }, 'lines.0.vatRate'],
      [{ lines: [item('1', '10', '19', { discount: { kind: 'percent', value: '101' } })] }, 'lines.0.discount.value'],
      [{ lines: [item('1', '10', '19', { discount: { kind: 'amount', value: '11' } })] }, 'lines.0.discount.value'],
      [{ lines: Array.from({ length: 501 }, () => item('1', '1')) }, 'lines'],
      [{ lines: [{ kind: 'item', quantity: '1', unitPrice: '1', vatRate: '19' }] }, 'lines.0.name'],
      [{ companyId: null }, 'companyId'],
      [{ discount: { kind: 'percent', value: '100.5' } }, 'discount.value'],
    ];
    for (const [body, path] of cases) {
      const res = await client.post('/api/v1/quotes', { subject: 'Falsch', companyId: customer.id, ...body });
      assert.equal(res.status, 422, `${path}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path}: ${JSON.stringify(res.body.errors)}`,
      );
    }
    assert.equal(await quoteCount(client), before);
    // A draft's change refused leaves it as it was.
    const quote = await draft(client, { companyId: customer.id });
    const refused = await client.patch(`/api/v1/quotes/${quote.id}`, { subject: 'Neu', lines: [item('-2', '5')] });
    assert.equal(refused.status, 422);
    const kept = (await client.get(`/api/v1/quotes/${quote.id}`)).body;
    assert.equal(kept.subject, 'Angebot Ofenwartung');
    assert.equal(kept.version, quote.version);
    assert.equal(kept.lines.length, 1);
    // An empty quote is not issued.
    const empty = await draft(client, { companyId: customer.id, lines: [{ kind: 'text', text: 'Nur Text' }] });
    assert.equal((await client.post(`/api/v1/quotes/${empty.id}/issue`)).status, 422);
    assert.equal((await client.get(`/api/v1/quotes/${empty.id}`)).body.number, null);
  });

  test('drafts go to the trash and back; the list filters and searches', async () => {
    const quote = await draft(api, { subject: 'Sonderangebot Brezeln' });
    assert.equal((await api.delete(`/api/v1/quotes/${quote.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/quotes/${quote.id}`)).body.code, 'in_trash');
    assert.equal((await api.post(`/api/v1/quotes/${quote.id}/restore`)).status, 200);
    const found = (await api.get('/api/v1/quotes?q=brezeln')).body.data;
    assert.deepEqual(
      found.map((q: { id: string }) => q.id),
      [quote.id],
    );
    const byCompany = (await api.get(`/api/v1/quotes?companyId=${company.id}&status=draft`)).body.data;
    assert.ok(byCompany.every((q: { status: string }) => q.status === 'draft'));
    assert.ok(byCompany.some((q: { id: string }) => q.id === quote.id));
    assert.equal(byCompany[0].lines, undefined);
  });

  test('viewers read quotes and settings, agents write and act, managers change the settings', async () => {
    const viewer = await h.member(api, 'viewer');
    const agent = await h.member(api, 'agent');
    const quote = await draft(agent);
    assert.equal((await viewer.get(`/api/v1/quotes/${quote.id}`)).status, 200);
    assert.equal((await viewer.post('/api/v1/quotes', { subject: 'Nein', companyId: company.id })).status, 403);
    assert.equal((await viewer.post(`/api/v1/quotes/${quote.id}/issue`)).status, 403);
    assert.equal((await agent.post(`/api/v1/quotes/${quote.id}/issue`)).status, 200);
    assert.equal((await viewer.get('/api/v1/sales-settings')).status, 200);
    assert.equal((await agent.patch('/api/v1/sales-settings', { quoteValidityDays: 14 })).status, 403);
    const manager = await h.member(api, 'manager');
    assert.equal((await manager.patch('/api/v1/sales-settings', { quoteValidityDays: 14 })).body.quoteValidityDays, 14);
    const short = await draft(agent, { quoteDate: '2026-03-01' });
    assert.equal(short.validUntil, '2026-03-15');
    await manager.patch('/api/v1/sales-settings', { quoteValidityDays: 30 });
  });
});

describe('quote print', () => {
  test('the printed view has the number, the DIN 5008 recipient, units and totals as issued', async () => {
    const { inTenant } = await import('../../platform/db/tenant.ts');
    const { quotePrint } = await import('./quotes.print.ts');
    const contact = (
      await api.post('/api/v1/contacts', { salutation: 'Frau', firstName: 'Jülide', lastName: 'Öztürk' })
    ).body;
    const swiss = (
      await api.post('/api/v1/companies', {
        name: 'Käserei Zürich AG',
        addresses: [{ street: 'Bahnhofstrasse 5', postalCode: '8001', city: 'Zürich', country: 'CH' }],
      })
    ).body;
    const quote = await draft(api, {
      companyId: swiss.id,
      contactId: contact.id,
      lines: [
        { kind: 'heading', text: 'Wartung' },
        { kind: 'item', productId: product.id, quantity: '2.5', discount: { kind: 'percent', value: '10' } },
      ],
    });
    const issued = (await api.post(`/api/v1/quotes/${quote.id}/issue`)).body;
    const letterhead = {
      companyName: 'Farley Test GmbH',
      addressLines: ['Teststraße 1', '10115 Berlin'],
      phone: null,
      email: null,
      website: null,
      vatId: 'DE123456789',
      taxNumber: null,
      register: null,
      management: null,
      bankName: null,
      iban: null,
      bic: null,
      logo: null,
    };
    const print = await inTenant(h.ctx.db.app, { workspaceId: api.workspaceId, userId: api.userId }, (tx) =>
      quotePrint(tx, api.workspaceId, quote.id, letterhead),
    );
    assert.equal(print.number, issued.number);
    assert.equal(print.language, 'de');
    assert.deepEqual(print.recipientLines, [
      'Käserei Zürich AG',
      'Frau Jülide Öztürk',
      'Bahnhofstrasse 5',
      '8001 Zürich',
      'SCHWEIZ',
    ]);
    assert.deepEqual(print.lines[0], { kind: 'heading', text: 'Wartung' });
    assert.equal(print.lines[1].kind === 'item' && print.lines[1].unitLabel, 'Std.');
    assert.equal(print.lines[1].kind === 'item' && print.lines[1].discountLabel, '10 %');
    assert.equal(print.totals.netTotal, '213.75');
    assert.equal(print.totals.grossTotal, issued.grossTotal);
  });
});

test('amounts on the printed quote are exact in either language', async () => {
  const { formatDecimal } = await import('./quotes.print.ts');
  assert.equal(formatDecimal('1234.5', 'de', { currency: 'EUR', decimals: 2 }), '1.234,50\u00a0€');
  assert.equal(formatDecimal('1234.5', 'en', { currency: 'EUR', decimals: 2 }), '€1,234.50');
  assert.equal(formatDecimal('9999999999999999.9999', 'de', { decimals: 4 }), '9.999.999.999.999.999,9999');
  assert.equal(formatDecimal('2.5', 'de'), '2,5');
});
