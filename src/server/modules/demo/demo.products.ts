// The demo workspace's catalogue: what a German IT service provider sells, from consulting
// hours and training days to licences, hardware and cable by the metre, so that product
// lists, quotes and orders look like a real firm's. Seeding a workspace again leaves the
// products it has alone.
import { sql } from 'kysely';
import { vatRatesFor } from '../../../contract/sales/vatRates.ts';
import type { ProductCreate } from '../../../contract/products.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';

type Rate = 'standard' | 'reduced';
type DemoProduct = Omit<ProductCreate, 'vatRate' | 'currency'> & { rate?: Rate };

const p = (
  sku: string,
  name: string,
  unit: ProductCreate['unit'],
  listPrice: string,
  productGroup: string,
  extra: Partial<DemoProduct> = {},
): DemoProduct => ({ sku, name, unit, listPrice, productGroup, ...extra });

export const demoProducts: DemoProduct[] = [
  p('BER-100', 'Beratung Senior Consultant', 'hour', '145.00', 'Beratung', {
    description:
      'Beratung durch einen Senior Consultant, vor Ort oder per Videokonferenz. Abrechnung je angefangene Viertelstunde.',
    tags: ['Dienstleistung'],
  }),
  p('BER-110', 'Beratung Consultant', 'hour', '115.00', 'Beratung', { tags: ['Dienstleistung'] }),
  p('BER-120', 'Projektleitung', 'hour', '155.00', 'Beratung', { tags: ['Dienstleistung'] }),
  p('BER-130', 'Workshop Prozessanalyse (Tagessatz)', 'day', '1180.00', 'Beratung', {
    description: 'Ganztägiger Workshop mit bis zu acht Teilnehmenden, inklusive Vorbereitung und Ergebnisprotokoll.',
    tags: ['Dienstleistung', 'Workshop'],
  }),
  p('BER-140', 'Anforderungsanalyse CRM-Einführung', 'flat', '2400.00', 'Beratung', { tags: ['CRM'] }),
  p('BER-150', 'Datenschutz-Check nach DSGVO', 'flat', '890.00', 'Beratung', { tags: ['Datenschutz'] }),
  p('SCH-200', 'Anwenderschulung CRM (Tagessatz)', 'day', '980.00', 'Schulung', {
    description: 'Schulung für Anwenderinnen und Anwender, bis zu zehn Teilnehmende, Schulungsunterlagen inklusive.',
    tags: ['Schulung'],
  }),
  p('SCH-210', 'Administratorschulung (Tagessatz)', 'day', '1150.00', 'Schulung', { tags: ['Schulung'] }),
  p('SCH-220', 'Webinar Vertriebssteuerung', 'piece', '79.00', 'Schulung', { tags: ['Schulung', 'Online'] }),
  p('SCH-230', 'Reisekostenpauschale Schulung', 'flat', '180.00', 'Schulung'),
  p('LIZ-300', 'CRM-Lizenz Professional je Benutzer', 'month', '39.00', 'Software', {
    description: 'Monatliche Nutzungslizenz je benannter Benutzerin bzw. benanntem Benutzer, inklusive Updates.',
    tags: ['Lizenz', 'Abo'],
  }),
  p('LIZ-310', 'CRM-Lizenz Enterprise je Benutzer', 'month', '59.00', 'Software', { tags: ['Lizenz', 'Abo'] }),
  p('LIZ-320', 'Zusatzmodul Angebote & Aufträge', 'month', '12.50', 'Software', { tags: ['Lizenz', 'Abo'] }),
  p('LIZ-330', 'Schnittstelle DATEV', 'month', '29.00', 'Software', { tags: ['Lizenz', 'Schnittstelle'] }),
  p('LIZ-340', 'Zusätzlicher Speicher 100 GB', 'month', '9.90', 'Software', { tags: ['Abo'] }),
  p('LIZ-350', 'Einrichtungspauschale Mandant', 'flat', '490.00', 'Software', { tags: ['Einrichtung'] }),
  p('LIZ-360', 'Office-Paket Jahreslizenz', 'piece', '149.00', 'Software', { tags: ['Lizenz'] }),
  p('LIZ-370', 'Virenschutz Jahreslizenz je Gerät', 'piece', '34.90', 'Software', { tags: ['Lizenz', 'Sicherheit'] }),
  p('HW-400', 'Notebook 14" Business, 16 GB RAM', 'piece', '1189.00', 'Hardware', {
    description: 'Business-Notebook mit 14"-Display, 16 GB Arbeitsspeicher, 512 GB SSD, drei Jahre Vor-Ort-Garantie.',
    tags: ['Gerät'],
  }),
  p('HW-410', 'Monitor 27" WQHD höhenverstellbar', 'piece', '329.00', 'Hardware', { tags: ['Gerät'] }),
  p('HW-420', 'Dockingstation USB-C', 'piece', '189.00', 'Hardware', { tags: ['Gerät'] }),
  p('HW-430', 'Headset kabellos mit Ladestation', 'piece', '139.00', 'Hardware', { tags: ['Gerät'] }),
  p('HW-440', 'Tischtelefon VoIP', 'piece', '119.00', 'Hardware', { tags: ['Gerät', 'Telefonie'] }),
  p('HW-450', 'Etikettendrucker', 'piece', '249.00', 'Hardware', { tags: ['Gerät'] }),
  p('HW-460', 'Barcode-Scanner', 'piece', '94.50', 'Hardware', { tags: ['Gerät'] }),
  p('HW-470', 'Server-Rack 19" 42 HE', 'piece', '1490.00', 'Hardware', { active: false, tags: ['Auslaufartikel'] }),
  p('ZUB-500', 'Netzwerkkabel Cat. 7', 'm', '1.85', 'Zubehör', {
    description: 'Verlegekabel S/FTP Cat. 7 vom Ring, Zuschnitt auf den Meter.',
  }),
  p('ZUB-510', 'Patchkabel Cat. 6a, 2 m', 'piece', '6.90', 'Zubehör'),
  p('ZUB-520', 'Kabelkanal weiß', 'm', '4.20', 'Zubehör'),
  p('ZUB-530', 'Akustikpaneel Filz', 'm2', '64.00', 'Zubehör', { tags: ['Büro'] }),
  p('ZUB-540', 'Bildschirmreiniger', 'l', '12.80', 'Zubehör'),
  p('ZUB-550', 'Versandkarton mit Polsterung', 'kg', '3.40', 'Zubehör', { active: false }),
  p('SRV-600', 'Wartungsvertrag Standard', 'month', '249.00', 'Service & Support', {
    description: 'Reaktionszeit acht Stunden an Werktagen, Fernwartung und Updates inklusive.',
    tags: ['Wartung', 'Abo'],
  }),
  p('SRV-610', 'Wartungsvertrag Premium 24/7', 'month', '690.00', 'Service & Support', { tags: ['Wartung', 'Abo'] }),
  p('SRV-620', 'Support-Stundenkontingent 10 h', 'flat', '1050.00', 'Service & Support', { tags: ['Support'] }),
  p('SRV-630', 'Fernwartung', 'hour', '98.00', 'Service & Support', { tags: ['Support'] }),
  p('SRV-640', 'Vor-Ort-Einsatz Techniker', 'hour', '108.00', 'Service & Support', { tags: ['Support'] }),
  p('SRV-650', 'Anfahrtspauschale Zone 1', 'flat', '45.00', 'Service & Support'),
  p('SRV-660', 'Datenmigration aus Altsystem', 'flat', '1850.00', 'Service & Support', { tags: ['Einrichtung'] }),
  p('LIT-700', 'Fachbuch „Vertrieb mit System“', 'piece', '39.90', 'Literatur', { rate: 'reduced' }),
  p('LIT-710', 'Praxisleitfaden DSGVO (Broschüre)', 'piece', '14.95', 'Literatur', {
    rate: 'reduced',
    tags: ['Datenschutz'],
  }),
];

/**
 * Adds the demo catalogue to the workspace in one transaction; products whose SKU it has
 * already stay as they are. Like the rest of the demo it writes no audit rows.
 */
export async function seedDemoProducts(ctx: AppContext, actor: Actor): Promise<number> {
  return inTenant(ctx.db.app, actor, async (tx) => {
    await sql`select set_config('farley.audit', 'off', true)`.execute(tx);
    const settings = await workspaceSettings(tx, actor.workspaceId);
    const rates = vatRatesFor(settings.defaultCountry);
    const held = new Set(
      (await tx.selectFrom('products').select('sku').where('deleted_at', 'is', null).execute()).map((row) => row.sku),
    );
    const rows = demoProducts
      .filter((product) => !held.has(product.sku))
      .map(({ rate, ...product }) => ({
        workspace_id: actor.workspaceId,
        id: newId(),
        sku: product.sku,
        name: product.name,
        description: product.description ?? null,
        unit: product.unit,
        list_price: product.listPrice,
        // Goods cost the business part of their price (a margin for the analyses); services,
        // sold by the hour or day, are left without, as their cost is the staff's time.
        cost_price:
          product.unit === 'hour' || product.unit === 'day' ? null : (Number(product.listPrice) * 0.62).toFixed(2),
        currency: settings.defaultCurrency,
        // The reduced rate where the country has one (books in Germany: 7 %), else the standard.
        vat_rate: rate === 'reduced' && rates.length > 2 ? rates[1] : rates[0],
        product_group: product.productGroup ?? null,
        active: product.active ?? true,
        tags: product.tags ?? [],
      }));
    if (rows.length) await tx.insertInto('products').values(rows).execute();
    return rows.length;
  });
}
