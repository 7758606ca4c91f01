// The printed quote, read back as text (pdfjs): what it says, in which language and format,
// page by page with carried totals, the same bytes each time, and rendered in worker threads.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import { closeSalesPdfPool, renderSalesPdf, renderSalesPdfInWorker } from './index.ts';
import { pdfText } from './pdfText.ts';
import { parsedFontsShared, shareParsedFonts } from './salesPdf.fonts.ts';
import { sampleLetterhead, sampleQuote } from './salesPdf.sample.ts';

after(() => closeSalesPdfPool());

async function textOf(bytes: Uint8Array) {
  const pages = await pdfText(bytes);
  return { pages, all: pages.flat().join('\n') };
}

/** "1.341,00 €" → 1341.00 */
const euros = (text: string) => new Decimal(text.replace(/[.\s€]/g, '').replace(',', '.'));
/** "1341.00" → "1.341,00 €" */
const inGerman = (amount: string) => `${amount.replace('.', ',').replace(/\B(?=(\d{3})+,)/g, '.')} €`;

test('a quote shows its number, dates, recipient, lines and totals per VAT rate in German', async () => {
  const { all } = await textOf(await renderSalesPdf(sampleQuote({ extras: true })));
  for (const expected of [
    'Angebot AN-2026-0042',
    'Angebotsnummer AN-2026-0042',
    'Datum 15.06.2026',
    'Gültig bis 15.07.2026',
    'Ihre Referenz Anfrage vom 10.06.2026',
    'Ansprechpartner Anna Groß',
    'Bäckerei Weiß GmbH',
    '10115 Berlin',
    'Pos. Beschreibung Menge Einheit Einzelpreis Rabatt USt. Betrag netto',
    '1 Beratung vor Ort 6 Stunde 95,00 € 19 % 570,00 €',
    'Art.-Nr. BER-100',
    '3 Software-Lizenz Raumplaner 1 Pauschal 1.490,00 € 10 % 19 % 1.341,00 €',
    // The optional item: marked, its amount in brackets, and left out of the subtotal.
    '4 Montage Trennwände (Optional) 12,5 m² 68,40 € 25,00 € 19 % (830,00 €)',
    'Zwischensumme netto 1.960,90 €',
    'Rabatt -58,83 €',
    'Nettobetrag 1.902,07 €',
    'zzgl. 19 % USt. auf 1.853,67 € 352,20 €',
    'zzgl. 7 % USt. auf 48,40 € 3,39 €',
    'Gesamtbetrag 2.257,66 €',
    'Planung und Ausstattung',
    'Zahlbar innerhalb von 14 Tagen',
    'Auftrag erteilt',
    'Seite 1 von',
  ]) {
    assert.ok(all.includes(expected), `missing: ${expected}\n${all}`);
  }
});

test('an order confirmation is titled as one and signed for the sender', async () => {
  const doc = { ...sampleQuote(), kind: 'order' as const, number: 'AB-2026-0007', validUntil: null };
  const { all } = await textOf(await renderSalesPdf(doc));
  for (const expected of ['Auftragsbestätigung AB-2026-0007', 'Auftragsnummer AB-2026-0007', 'für Müller & Söhne']) {
    assert.ok(all.includes(expected), `missing: ${expected}`);
  }
  assert.ok(!all.includes('Gültig bis'));
  assert.ok(!all.includes('Auftrag erteilt'));
});

test('umlauts, ß and € are printed as written, in the letterhead and the imprint too', async () => {
  const { all } = await textOf(
    await renderSalesPdf(
      sampleQuote({
        letterhead: { ...sampleLetterhead, companyName: 'Größe & Müller GmbH', bankName: 'Süßwaren-Bank' },
      }),
    ),
  );
  for (const expected of ['Größe & Müller GmbH', 'Müller', 'Größe', 'Büroräume', 'Süßwaren-Bank', '€']) {
    assert.ok(all.includes(expected), `missing: ${expected}`);
  }
  for (const imprint of [
    'Amtsgericht München, HRB 123456',
    'Geschäftsführer: Jürgen Müller',
    'USt-IdNr. DE123456789',
    'Steuernr. 143/123/45678',
    'IBAN DE89 3704 0044 0532 0130 00',
    'BIC COBADEFFXXX',
  ]) {
    assert.ok(all.includes(imprint), `missing imprint: ${imprint}`);
  }
});

test('under § 19 UStG no VAT is shown and the note is printed', async () => {
  const doc = sampleQuote({ taxTreatment: 'smallBusiness' });
  const { all } = await textOf(await renderSalesPdf(doc));
  assert.ok(all.includes('Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.'));
  assert.ok(!/USt\. auf/.test(all), 'no VAT line');
  assert.ok(all.includes(`Gesamtbetrag ${inGerman(doc.totals.netTotal)}`));
  assert.ok(!all.includes('Nettobetrag'));
});

test('under reverse charge the note and the recipient VAT ID are printed, at 0 % VAT', async () => {
  const { all } = await textOf(await renderSalesPdf(sampleQuote({ taxTreatment: 'reverseCharge' })));
  assert.ok(all.includes('Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)'));
  assert.ok(all.includes('USt-IdNr. des Leistungsempfängers: ATU12345678'));
  assert.ok(all.includes('Ihre USt-IdNr. ATU12345678'));
  assert.ok(all.includes('zzgl. 0 % USt. auf 2.790,90 € 0,00 €'));
  assert.ok(all.includes('Gesamtbetrag 2.790,90 €'));
});

test('prices entered gross show gross amounts and the VAT they include', async () => {
  const { all } = await textOf(await renderSalesPdf(sampleQuote({ pricesEntered: 'gross' })));
  assert.ok(all.includes('Betrag brutto'));
  assert.ok(/enthaltene USt\. 19 % auf [\d.,]+ € [\d.,]+ €/.test(all));
});

test('a 100-line quote runs over pages, carrying a total that adds up', async () => {
  const doc = sampleQuote({ items: 100 });
  const { pages } = await textOf(await renderSalesPdf(doc));
  assert.ok(pages.length >= 3, `${pages.length} pages`);
  let sum = new Decimal(0);
  let positions = 0;
  pages.forEach((lines, index) => {
    assert.ok(lines.includes(`Seite ${index + 1} von ${pages.length}`));
    const carried = lines.filter((line) => line.startsWith('Übertrag ')).map((line) => euros(line.slice(9)));
    if (index > 0 && carried.length > 0)
      assert.ok(carried[0].equals(sum), `page ${index + 1} starts with ${carried[0]}, not ${sum}`);
    for (const line of lines) {
      const row = /^(\d+) .+ (\(?)(-?[\d.]+,\d{2}) €\)?$/.exec(line);
      if (!row) continue;
      positions++;
      assert.equal(Number(row[1]), positions, 'positions in order, none lost at a page break');
      if (!row[2]) sum = sum.plus(euros(row[3]));
    }
    const continues = pages[index + 1]?.some((line) => line.startsWith('Übertrag '));
    if (continues) {
      assert.ok(carried.at(-1)?.equals(sum), `page ${index + 1} ends with ${carried.at(-1)}, not ${sum}`);
    }
  });
  assert.equal(positions, 100);
  const continued = pages.filter((lines) => lines.some((line) => line.startsWith('Übertrag ')));
  assert.ok(continued.length >= 3, 'carried over at least two page breaks');
  assert.ok(sum.equals(doc.totals.subtotal.net));
  assert.ok(pages.flat().includes(`Nettobetrag ${inGerman(doc.totals.netTotal)}`));
});

test('an English quote speaks English and formats amounts the English way', async () => {
  const { all } = await textOf(await renderSalesPdf(sampleQuote({ language: 'en', extras: true, items: 60 })));
  for (const expected of [
    'Quote AN-2026-0042',
    'Quote no. AN-2026-0042',
    'Date 15 June 2026',
    'Valid until 15 July 2026',
    'Item Description Qty Unit Unit price Discount VAT Net amount',
    '1 On-site consulting 6 hour €95.00 19% €570.00',
    'Carried forward',
    'Net total',
    'plus VAT 19% on',
    'Order placed',
    'Page 1 of',
  ]) {
    assert.ok(all.includes(expected), `missing: ${expected}\n${all.slice(0, 2000)}`);
  }
  assert.ok(!all.includes('Übertrag'));
});

test('the same document renders to the same bytes', async () => {
  const first = await renderSalesPdf(sampleQuote({ items: 30 }));
  const second = await renderSalesPdf(sampleQuote({ items: 30 }));
  assert.deepEqual(Buffer.from(first), Buffer.from(second));
  const otherDay = await renderSalesPdf({ ...sampleQuote({ items: 30 }), date: '2026-06-16' });
  assert.notDeepEqual(Buffer.from(otherDay), Buffer.from(first));
});

test('sharing the parsed fonts between documents changes no byte', async () => {
  const doc = sampleQuote({ items: 12, extras: true });
  const shared = await renderSalesPdf(doc);
  assert.ok(parsedFontsShared(), 'pdfkit still lets documents share a parsed font');
  shareParsedFonts(false);
  try {
    assert.deepEqual(Buffer.from(await renderSalesPdf(doc)), Buffer.from(shared));
  } finally {
    shareParsedFonts(true);
  }
});

test('a logo is printed, and one the decoder cannot read is left out', async () => {
  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const withLogo = await renderSalesPdf(sampleQuote({ letterhead: { ...sampleLetterhead, logo: png } }));
  assert.ok(Buffer.from(withLogo).includes('/Subtype /Image'));
  const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const without = await renderSalesPdf(sampleQuote({ letterhead: { ...sampleLetterhead, logo: broken } }));
  assert.ok(!Buffer.from(without).includes('/Subtype /Image'));
  assert.ok((await textOf(without)).all.includes('Gesamtbetrag'));
});

test('the worker pool renders many documents in parallel, the same bytes, without blocking the loop', async () => {
  const docs = Array.from({ length: 8 }, (_, index) => sampleQuote({ items: 20 + index }));
  // Warm the threads up first: their first document also loads the fonts and the sources.
  await Promise.all([renderSalesPdfInWorker(docs[0]), renderSalesPdfInWorker(docs[1])]);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const rendered = await Promise.all(docs.map((doc) => renderSalesPdfInWorker(doc)));
  delay.disable();
  for (const [index, bytes] of rendered.entries()) {
    assert.deepEqual(Buffer.from(bytes), Buffer.from(await renderSalesPdf(docs[index])));
  }
  // A render takes a tenth of a second or more; on the loop eight would hold it for a second.
  assert.ok(delay.max / 1e6 < 400, `the loop was held up ${Math.round(delay.max / 1e6)} ms`);
});
