// Issued sales documents end to end: the PDF stored at issue (its text checked), a draft without
// one, an accepted quote turned into an order with its own number and confirmation PDF, the
// wrong states, a viewer, a customer's price list filling a catalogue line's price, and a
// merge of customers taking their quotes and orders along (and the undo bringing them back).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { pdfText } from '../salesPdf/pdfText.ts';

let h: Harness;
let api: Client;
let company: { id: string };
let product: { id: string };

before(async () => {
  h = await harness();
  api = await h.workspace();
  company = (
    await api.post('/api/v1/companies', {
      name: 'Bäckerei Müller GmbH',
      addresses: [{ street: 'Größweg 3', postalCode: '80331', city: 'München', country: 'DE' }],
    })
  ).body;
  product = (
    await api.post('/api/v1/products', {
      sku: 'OFEN-W',
      name: 'Ofenwartung',
      unit: 'flat',
      listPrice: '200.00',
      vatRate: '19',
    })
  ).body;
});
after(() => h.close());

async function pdfOf(client: Client, path: string) {
  const res = await h.raw({ method: 'GET', url: path, headers: { authorization: `Bearer ${client.token}` } });
  return { status: res.statusCode, type: res.headers['content-type'], bytes: res.rawPayload };
}

async function issuedQuote() {
  const created = await api.post('/api/v1/quotes', {
    subject: 'Wartung der Backöfen',
    companyId: company.id,
    lines: [
      { kind: 'heading', text: 'Leistungen' },
      { kind: 'item', productId: product.id, quantity: '2' },
      { kind: 'item', name: 'Fachbuch Backtechnik', quantity: '1', unitPrice: '40.00', vatRate: '7' },
      { kind: 'item', name: 'Ersatzteilpaket', quantity: '1', unitPrice: '99.00', vatRate: '19', optional: true },
    ],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const issued = await api.post(`/api/v1/quotes/${created.body.id}/issue`);
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  return issued.body;
}

describe('sales documents', () => {
  test('issuing stores the PDF: its number, lines, VAT per rate and totals, umlauts intact', async () => {
    const quote = await issuedQuote();
    assert.equal(quote.netTotal, '440.00');
    const pdf = await pdfOf(api, `/api/v1/quotes/${quote.id}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    const text = (await pdfText(pdf.bytes)).flat().join('\n');
    for (const expected of [quote.number, 'Bäckerei Müller GmbH', 'Größweg 3', 'Ofenwartung', '400,00', '440,00'])
      assert.ok(text.includes(expected), `the PDF says ${expected}:\n${text}`);
    assert.match(text, /19 %/);
    assert.match(text, /7 %/);
    // 400 × 19 % = 76.00, 40 × 7 % = 2.80: gross 518.80.
    assert.ok(text.includes('518,80'), text);
    // What was sent does not change: the same bytes later.
    const again = await pdfOf(api, `/api/v1/quotes/${quote.id}/pdf`);
    assert.deepEqual(again.bytes, pdf.bytes);
  });

  test('a draft has no PDF yet', async () => {
    const draft = await api.post('/api/v1/quotes', {
      subject: 'Entwurf',
      companyId: company.id,
      lines: [{ kind: 'item', name: 'X', quantity: '1', unitPrice: '1.00', vatRate: '19' }],
    });
    assert.equal((await pdfOf(api, `/api/v1/quotes/${draft.body.id}/pdf`)).status, 404);
  });

  test('an accepted quote becomes one order with its number, lines, totals and confirmation PDF', async () => {
    const quote = await issuedQuote();
    const early = await api.post(`/api/v1/quotes/${quote.id}/order`, {});
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'quote_wrong_status');
    assert.equal((await api.post(`/api/v1/quotes/${quote.id}/accept`, {})).status, 200);
    const viewer = await h.member(api, 'viewer');
    assert.equal((await viewer.post(`/api/v1/quotes/${quote.id}/order`, {})).status, 403);

    const made = await api.post(`/api/v1/quotes/${quote.id}/order`, { orderDate: '2026-12-03' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const order = made.body;
    assert.match(order.number, /^AB-2026-\d{4}$/);
    assert.equal(order.quoteId, quote.id);
    assert.equal(order.companyId, company.id);
    assert.equal(order.netTotal, '440.00');
    assert.equal(order.grossTotal, '518.80');
    assert.deepEqual(
      order.lines.map((l: { name: string; netAmount: string }) => [l.name, l.netAmount]),
      [
        ['Ofenwartung', '400.00'],
        ['Fachbuch Backtechnik', '40.00'],
      ],
    );
    const again = await api.post(`/api/v1/quotes/${quote.id}/order`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'quote_ordered');

    const pdf = await pdfOf(api, `/api/v1/orders/${order.id}/pdf`);
    assert.equal(pdf.status, 200);
    const text = (await pdfText(pdf.bytes)).flat().join('\n');
    assert.ok(text.includes(order.number), text);
    assert.ok(text.includes('Auftragsbestätigung'), text);
    assert.ok(!text.includes('Ersatzteilpaket'), 'optional items are not ordered');

    const purchases = await api.get(`/api/v1/companies/${company.id}/purchases`);
    assert.equal(purchases.status, 200);
    assert.ok(purchases.body.orders.some((o: { id: string }) => o.id === order.id));
  });

  test("a catalogue line without a price takes the customer's price list", async () => {
    const list = await api.post('/api/v1/price-lists', { name: 'Großkunde', discountPercent: '10' });
    assert.equal(list.status, 201, JSON.stringify(list.body));
    const customer = await api.post('/api/v1/companies', { name: 'Großbäckerei Nord', priceListId: list.body.id });
    const quote = await api.post('/api/v1/quotes', {
      subject: 'Wartung',
      companyId: customer.body.id,
      lines: [{ kind: 'item', productId: product.id, quantity: '1' }],
    });
    assert.equal(quote.status, 201, JSON.stringify(quote.body));
    assert.equal(Number(quote.body.lines[0].unitPrice), 180);
  });

  test('merging companies moves their quotes and orders to the survivor; the undo moves them back', async () => {
    const survivor = (await api.post('/api/v1/companies', { name: 'Bäckerei Brandt' })).body;
    const loser = (await api.post('/api/v1/companies', { name: 'Baeckerei Brandt' })).body;
    const quote = await api.post('/api/v1/quotes', {
      subject: 'Brötchenautomat',
      companyId: loser.id,
      lines: [{ kind: 'item', name: 'Automat', quantity: '1', unitPrice: '500.00', vatRate: '19' }],
    });
    const order = await api.post('/api/v1/orders', {
      companyId: loser.id,
      orderDate: '2026-11-02',
      lines: [{ name: 'Mehl', quantity: '10', unitPrice: '2.50', vatRate: '7' }],
    });
    assert.equal(order.status, 201, JSON.stringify(order.body));
    const merged = await api.post('/api/v1/companies/merge', { survivorId: survivor.id, mergedIds: [loser.id] });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal((await api.get(`/api/v1/quotes/${quote.body.id}`)).body.companyId, survivor.id);
    assert.equal((await api.get(`/api/v1/orders/${order.body.id}`)).body.companyId, survivor.id);
    const purchases = await api.get(`/api/v1/companies/${survivor.id}/purchases`);
    assert.ok(purchases.body.orders.some((o: { id: string }) => o.id === order.body.id));

    assert.equal((await api.post(`/api/v1/merges/${merged.body.mergeId}/undo`)).status, 200);
    assert.equal((await api.get(`/api/v1/quotes/${quote.body.id}`)).body.companyId, loser.id);
    assert.equal((await api.get(`/api/v1/orders/${order.body.id}`)).body.companyId, loser.id);
  });

  test('an order entered directly gets its confirmation; one pushed by another system has none', async () => {
    const entered = await api.post('/api/v1/orders', {
      companyId: company.id,
      orderDate: '2026-11-20',
      lines: [
        { productId: product.id, quantity: '1' },
        { name: 'Brötchentüten (1.000 Stück)', quantity: '3', unitPrice: '12.40', vatRate: '7' },
      ],
    });
    assert.equal(entered.status, 201, JSON.stringify(entered.body));
    const pdf = await pdfOf(api, `/api/v1/orders/${entered.body.id}/pdf`);
    assert.equal(pdf.status, 200);
    const text = (await pdfText(pdf.bytes)).flat().join('\n');
    for (const expected of [
      'Auftragsbestätigung',
      entered.body.number,
      'Bäckerei Müller GmbH',
      'Brötchentüten',
      '237,20',
    ])
      assert.ok(text.includes(expected), `the confirmation says ${expected}:\n${text}`);

    const pushed = await api.put('/api/v1/orders/by-external-number/SHOP-77', {
      companyId: company.id,
      orderDate: '2026-11-21',
      lines: [{ name: 'Mehl', quantity: '1', unitPrice: '5.00', vatRate: '7' }],
    });
    assert.equal(pushed.status, 201, JSON.stringify(pushed.body));
    assert.equal((await pdfOf(api, `/api/v1/orders/${pushed.body.id}/pdf`)).status, 404);
  });
});
