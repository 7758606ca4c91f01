// Mail for the email benchmark (bench/email.ts, issue 23): a mailbox of business mail as RFC
// 5322 bytes for Dovecot, and stored emails made inside PostgreSQL for the search.
//
// The mailbox: German and English business correspondence (offers, invoices, orders,
// appointments, replies with the quoted history), newsletters in HTML, mail from private
// addresses, colleagues, out-of-office replies and delivery reports; some with small files.
// A tenth has a known contact as a participant (the rest are strangers to the CRM, whose mail
// the sync must not keep). Every message is computed from its number alone (seeded), so runs
// are comparable; senders come with a long tail (a few write often, most once or twice).
//
// Dovecot is filled by writing its Maildir files directly (the harness configures maildir),
// which is what an MTA's local delivery does; IMAP APPEND is measured beside it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import type pg from 'pg';
import { Rand, hash32 } from '../src/server/modules/demo/demo.random.ts';
import {
  brandWords,
  germanFemaleFirst,
  germanLast,
  germanMaleFirst,
  internationalLast,
  internationalMaleFirst,
  privateMailDomains,
  products,
} from '../src/server/modules/demo/demo.names.ts';

export interface Person {
  address: string;
  name: string;
}

export interface MailOptions {
  /** How many messages in all (INBOX and Sent). */
  count: number;
  /** The mailbox's own address and name. */
  owner: Person;
  /** Contacts the CRM knows: a tenth of the mail is with one of them. */
  known: Person[];
  /** Colleagues (the workspace's other users): mail among them only is internal. */
  colleagues: Person[];
  /** The first and the last message's day; the others in between, in order. */
  from: Date;
  to: Date;
  /**
   * Goes into every Message-ID and stranger's address: a run on a reused workspace gets
   * messages it has not stored, from senders it has not counted.
   */
  tag?: string;
}

export interface Mail {
  n: number;
  folder: 'INBOX' | 'Sent';
  date: Date;
  seen: boolean;
  kind: 'known' | 'business' | 'private' | 'newsletter' | 'colleague' | 'auto-reply' | 'bounce';
  /** A known contact takes part (for a bounce: it names one as undeliverable): the CRM keeps it. */
  known: boolean;
  raw: Buffer;
}

// ---------------------------------------------------------------------------------------------
// Words. The same lists make the stored emails of the search benchmark (fillEmails below).

export const companyStems = [
  'Nordwind',
  'Hansa',
  'Lindner',
  'Brückner',
  'Kranich',
  'Falkenstein',
  'Mittelrhein',
  'Donautal',
  'Bergmann',
  'Isartal',
  'Weserland',
  'Kessler',
  'Harzer',
  'Taunus',
  'Lausitz',
  'Ostsee',
  'Bodensee',
  'Moselblick',
  'Steinbach',
  'Eichenhof',
];
export const companyTrades = [
  'Logistik',
  'Metallbau',
  'Haustechnik',
  'Elektro',
  'Verpackung',
  'Kunststofftechnik',
  'Maschinenbau',
  'Druckerei',
  'Systemhaus',
  'Bauelemente',
  'Medizintechnik',
  'Lebensmittel',
  'Fenster',
  'Antriebstechnik',
  'Gebäudereinigung',
];
export const projects = [
  'Neubau Lager Nord',
  'Hallenerweiterung',
  'ERP-Umstellung',
  'Rollout Filialen',
  'Umbau Kantine',
  'Photovoltaik Dach',
  'Migration Rechenzentrum',
  'Relaunch Webshop',
  'Brandschutz Halle 3',
  'Sanierung Bürotrakt',
];
export const cities = [
  'Hamburg',
  'München',
  'Köln',
  'Frankfurt',
  'Stuttgart',
  'Düsseldorf',
  'Leipzig',
  'Nürnberg',
  'Hannover',
  'Bremen',
  'Dresden',
  'Freiburg',
];

// Placeholders: {p} product, {c} company, {o} order number, {i} invoice number, {d} a date,
// {j} a project, {t} a town, {w} a calendar week, {a} an amount.
export const germanSubjects = [
  'Angebot {o} – {p}',
  'Ihre Anfrage zu {p}',
  'Rechnung {i}',
  'Auftragsbestätigung {o}',
  'Terminvorschlag für nächste Woche',
  'Lieferverzögerung Auftrag {o}',
  'Rückfrage zu {p}',
  'Protokoll Besprechung {d}',
  'Wartungstermin in {t}',
  'Zahlungserinnerung Rechnung {i}',
  'Preisliste und Konditionen',
  'Projekt {j}: Stand der Dinge',
  'Unterlagen für {j}',
  'Reklamation Lieferung {o}',
  'Vertragsverlängerung {p}',
  'Einladung zur Messe in {t}',
];
export const englishSubjects = [
  'Quotation {o} for {p}',
  'Invoice {i}',
  'Order confirmation {o}',
  'Meeting next week',
  'Delivery delay on order {o}',
  'Question about {p}',
  'Project {j} status update',
  'Contract renewal',
  'Follow-up on our call',
  'Payment reminder: invoice {i}',
  'Price list and terms',
  'Documents for {j}',
];
// The first sentences come most often (a long tail): "Angebot", "Rechnung", "Termin" and
// "Lieferung", "offer", "invoice", "meeting" are in many messages, most words in few.
export const germanSentences = [
  'vielen Dank für Ihre Anfrage und das freundliche Gespräch.',
  'anbei erhalten Sie unser Angebot {o} für {p}.',
  'Bitte prüfen Sie die beigefügte Rechnung {i} über {a} Euro.',
  'Können wir nächste Woche einen Termin vereinbaren?',
  'Die Lieferung erfolgt voraussichtlich in KW {w}.',
  'Für Rückfragen stehe ich Ihnen gerne zur Verfügung.',
  'Die Preise verstehen sich zuzüglich der gesetzlichen Mehrwertsteuer.',
  'Wir haben die Unterlagen an unsere Buchhaltung weitergeleitet.',
  'Das Angebot ist bis zum {d} gültig.',
  'Leider verzögert sich die Auslieferung um einige Tage, da ein Zulieferer im Verzug ist.',
  'Das Projekt {j} liegt im Zeitplan, die Abnahme ist für den {d} geplant.',
  'Anbei das Protokoll unseres Gesprächs vom {d}.',
  'Bitte bestätigen Sie den Auftrag {o} kurz per E-Mail.',
  'Der Betrag von {a} Euro ist innerhalb von 30 Tagen ohne Abzug zahlbar.',
  'Wir würden uns freuen, Sie auf der Messe in {t} zu begrüßen.',
  'Die Wartung der Anlage in {t} ist für den {d} eingeplant.',
  'Unser Techniker meldet sich vorab telefonisch bei Ihnen.',
  'Die Rechnung {i} ist leider noch offen, bitte überweisen Sie den Betrag bis zum {d}.',
  'Könnten Sie uns die aktuellen Zeichnungen für {j} schicken?',
  'Wie besprochen senden wir Ihnen die überarbeitete Kalkulation für {p}.',
  'Die Ware wurde heute an die Spedition übergeben.',
  'Bei der Lieferung {o} fehlen zwei Positionen, bitte um Nachlieferung.',
  'Unsere Geschäftsführung hat dem Rahmenvertrag grundsätzlich zugestimmt.',
  'Ich bin vom {d} an im Urlaub, in dringenden Fällen hilft Ihnen mein Kollege weiter.',
  'Der Termin am Donnerstag um 10 Uhr passt uns gut.',
  'Die Reklamation haben wir geprüft und schreiben Ihnen den Betrag gut.',
  'Wir benötigen noch die unterschriebene Auftragsbestätigung.',
  'Die Schulung für Ihre Mitarbeiter findet in {t} statt.',
  'Bitte nennen Sie uns einen Ansprechpartner für die Inbetriebnahme.',
  'Die Mahnung hat sich mit Ihrer Zahlung überschnitten, bitte betrachten Sie sie als gegenstandslos.',
  'Ab dem ersten Quartal gelten die neuen Konditionen der Preisliste.',
  'Für das Gabelstapler-Leasing liegt uns noch kein Angebot vor.',
];
export const englishSentences = [
  'thank you for your inquiry and the pleasant conversation.',
  'please find attached our offer {o} for {p}.',
  'Please review the attached invoice {i} for EUR {a}.',
  'Could we schedule a meeting next week?',
  'The delivery is expected in calendar week {w}.',
  'Let me know if you have any questions.',
  'All prices are exclusive of VAT.',
  'We have forwarded the documents to our accounts department.',
  'The offer is valid until {d}.',
  'Unfortunately the shipment is delayed by a few days because a supplier is behind schedule.',
  'Project {j} is on track and acceptance is planned for {d}.',
  'Attached are the minutes of our call on {d}.',
  'Please confirm order {o} by email.',
  'Invoice {i} is now overdue, please arrange payment by {d}.',
  'We would be glad to welcome you at the trade fair in {t}.',
  'Our technician will call you in advance.',
  'Could you send us the current drawings for {j}?',
  'As discussed, here is the revised calculation for {p}.',
  'The goods were handed over to the carrier today.',
  'Two items are missing from delivery {o}, please send them separately.',
  'Our management has agreed to the framework contract in principle.',
  'I am out of office from {d}, my colleague will help you in urgent matters.',
  'Thursday at 10 am works well for us.',
  'We still need the signed order confirmation.',
  'The training for your staff will take place in {t}.',
  'The new price list applies from the first quarter.',
];
export const germanGreetings = ['Sehr geehrte Frau {l},', 'Sehr geehrter Herr {l},', 'Hallo {f},', 'Guten Tag,'];
export const englishGreetings = ['Dear Mr {l},', 'Dear Ms {l},', 'Hi {f},', 'Hello,'];
export const germanClosings = ['Mit freundlichen Grüßen', 'Viele Grüße', 'Beste Grüße', 'Freundliche Grüße'];
export const englishClosings = ['Best regards', 'Kind regards', 'Regards', 'Many thanks'];

const newsletterSenders = [
  'newsletter@bueroshop24.example',
  'info@werkzeug-direkt.example',
  'news@fachverlag-technik.example',
  'angebote@druckerpatronen-online.example',
  'webinar@cloudanbieter.example',
  'updates@saas-tool.example',
  'newsletter@ihk-region.example',
  'noreply@reisebuero-business.example',
  'team@messe-events.example',
  'info@logistik-magazin.example',
  'digest@industry-weekly.example',
  'offers@office-supplies.example',
];
const newsletterTopics = [
  'Frühjahrsaktion: 20 % auf Büromöbel',
  'Ihr Fachnewsletter Technik',
  'Webinar: Cloud-Sicherheit im Mittelstand',
  'Neue Preise ab dem ersten Quartal',
  'Weekly digest: supply chain news',
  'Last chance: early bird tickets',
  'Product update: new features',
  'Einladung zum Unternehmerfrühstück',
];

// ---------------------------------------------------------------------------------------------
// RFC 5322 bytes.

/** An encoded word (RFC 2047) when the text is not plain ASCII. */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function addressHeader(people: Person[]): string {
  return people.map((p) => `${headerText(p.name)} <${p.address}>`).join(', ');
}

function base64Lines(bytes: Buffer): string {
  return (
    bytes
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\r\n') ?? ''
  );
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function htmlOf(text: string, heavy: boolean): string {
  const paragraphs = text
    .split(/\n\n+/)
    .map(
      (p) =>
        `<p style="margin:0 0 12px 0;font-family:Calibri,Arial,sans-serif;font-size:11pt">${p.replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
  if (!heavy) return `<html><head><meta charset="utf-8"></head><body>\n${paragraphs}\n</body></html>`;
  // A newsletter: tables, inline styles, tracking images and links, as mailing tools write them.
  const row = (i: number) =>
    `<tr><td style="padding:16px;border-bottom:1px solid #e5e5e5"><a href="https://track.example/c/${i}?u=abc" style="color:#0b5cad;text-decoration:none"><img src="https://cdn.example/img/${i}.png" width="560" alt=""></a>${paragraphs}</td></tr>`;
  const rows = Array.from({ length: 6 }, (_, i) => row(i)).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;background:#f4f4f4}</style></head><body><table width="100%" cellpadding="0" cellspacing="0" role="presentation">${rows}</table><img src="https://track.example/open.gif" width="1" height="1"></body></html>`;
}

/** A pool of pseudo-random bytes; files are slices of it behind a header of their own. */
const noise = crypto.createHash('sha512');
const pool = Buffer.alloc(512 * 1024);
for (let offset = 0; offset < pool.length; offset += 64) {
  noise.update(String(offset));
  noise.copy().digest().copy(pool, offset);
}

function fileOf(r: Rand, n: number): { filename: string; type: string; bytes: Buffer } {
  const kind = r.weighted([
    ['pdf', 6],
    ['xlsx', 2],
    ['jpg', 2],
  ] as const);
  const size = r.int(8, 150) * 1024;
  const start = r.int(0, pool.length - size);
  const head = Buffer.from(kind === 'pdf' ? `%PDF-1.7\n% ${n}\n` : `${kind} ${n}\n`);
  const bytes = Buffer.concat([head, pool.subarray(start, start + size)]);
  const names = {
    pdf: ['Angebot', 'Rechnung', 'Lieferschein', 'Protokoll', 'Zeichnung'],
    xlsx: ['Kalkulation', 'Preisliste'],
    jpg: ['Foto', 'Schaden'],
  };
  const type = {
    pdf: 'application/pdf',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    jpg: 'image/jpeg',
  };
  return { filename: `${r.pick(names[kind])}_${n}.${kind}`, type: type[kind], bytes };
}

interface Parts {
  text: string;
  html?: string;
  files?: Array<{ filename: string; type: string; bytes: Buffer }>;
}

function mime(headers: Record<string, string>, parts: Parts, n: number): Buffer {
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  const textPart = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(parts.text)}\r\n`;
  let body = textPart;
  let type = '';
  if (parts.html) {
    const b = `alt-${n}`;
    body = `Content-Type: multipart/alternative; boundary="${b}"\r\n\r\n--${b}\r\n${textPart}--${b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(parts.html)}\r\n--${b}--\r\n`;
  }
  if (parts.files?.length) {
    const b = `mixed-${n}`;
    const files = parts.files
      .map(
        (f) =>
          `--${b}\r\nContent-Type: ${f.type}; name="${f.filename}"\r\nContent-Disposition: attachment; filename="${f.filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(f.bytes)}\r\n`,
      )
      .join('');
    body = `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${body}${files}--${b}--\r\n`;
  }
  // The body's own Content-Type line moves up into the message's headers.
  const split = body.indexOf('\r\n\r\n');
  type = body.slice(0, split);
  return Buffer.from(`${head}\r\nMIME-Version: 1.0\r\n${type}\r\n\r\n${body.slice(split + 4)}`);
}

// ---------------------------------------------------------------------------------------------
// The mailbox.

const local = (text: string) =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '.');

/** Strangers to the CRM: people at firms it has no record of, and at private mail providers. */
function stranger(index: number, privateMail: boolean): Person {
  const r = new Rand().reseed(77, index, privateMail ? 1 : 0);
  const first = r.chance(0.8)
    ? r.pick(r.chance(0.5) ? germanMaleFirst : germanFemaleFirst)
    : r.pick(internationalMaleFirst);
  const last = r.chance(0.85) ? r.pick(germanLast) : r.pick(internationalLast);
  if (privateMail)
    return {
      name: `${first} ${last}`,
      address: `${local(first)}.${local(last)}.${1000 + index}@${r.pick(privateMailDomains)}`,
    };
  // The .example domains are no company's website in the demo workspace: no domain match.
  const domain = `${local(r.pick(brandWords))}-${local(r.pick(companyTrades))}-${index % 997}.example`;
  return { name: `${first} ${last}`, address: `${local(first)}.${local(last)}@${domain}` };
}

/** A long-tail pick from 0..n-1: the first few often, most rarely. */
function tail(r: Rand, n: number, power = 2.2): number {
  return Math.min(n - 1, Math.floor(n * r.next() ** power));
}

function fill(template: string, r: Rand, person: { f: string; l: string }): string {
  return template.replace(/\{(\w)\}/g, (_, key: string) => {
    switch (key) {
      case 'p':
        return r.pick(products);
      case 'o':
        return String(r.int(4_000_000, 4_999_999));
      case 'i':
        return `RE-${r.int(2025, 2026)}-${r.int(10_000, 99_999)}`;
      case 'd':
        return `${r.int(1, 28)}.${r.int(1, 12)}.2026`;
      case 'j':
        return r.pick(projects);
      case 't':
        return r.pick(cities);
      case 'w':
        return String(r.int(1, 52));
      case 'a':
        return `${r.int(200, 90_000).toLocaleString('de-DE')},${String(r.int(0, 99)).padStart(2, '0')}`;
      case 'f':
        return person.f;
      case 'l':
        return person.l;
      default:
        return '';
    }
  });
}

function businessText(r: Rand, english: boolean, to: Person, from: Person, long: boolean): string {
  const [f, ...rest] = to.name.split(' ');
  const person = { f, l: rest.join(' ') || f };
  const sentences = english ? englishSentences : germanSentences;
  const count = long ? r.int(12, 30) : r.int(2, 7);
  const lines: string[] = [];
  for (let k = 0; k < count; k++) lines.push(fill(sentences[tail(r, sentences.length, 1.6)], r, person));
  const paragraphs: string[] = [];
  for (let k = 0; k < lines.length; k += 3) paragraphs.push(lines.slice(k, k + 3).join(' '));
  const greeting = fill(r.pick(english ? englishGreetings : germanGreetings), r, person);
  const closing = r.pick(english ? englishClosings : germanClosings);
  const firm = from.address.split('@')[1].split('.')[0].replace(/-\d+$/, '').replace(/-/g, ' ');
  const signature = `${from.name}\n${english ? 'Sales' : 'Vertrieb'} | ${firm}\nTel. +49 ${r.int(30, 991)} ${r.int(100000, 9999999)}\n${from.address}`;
  return `${greeting}\n\n${paragraphs.join('\n\n')}\n\n${closing}\n${signature}`;
}

/** The messages of the mailbox, one at a time (nothing is kept but a little thread state). */
export function* mailboxMessages(options: MailOptions): Generator<Mail> {
  const { count, owner, known, colleagues } = options;
  const span = options.to.getTime() - options.from.getTime();
  // The last message exchanged with a correspondent: the next one may reply to it.
  const last = new Map<string, { messageId: string; subject: string; text: string; references: string[] }>();
  const strangers = Math.max(50, Math.round(count * 0.15));
  const privates = Math.max(30, Math.round(count * 0.08));
  const r = new Rand();
  // Strangers are new to a reused workspace too (the run's tag in their address).
  const tagged = (p: Person): Person =>
    options.tag ? { ...p, address: p.address.replace('@', `${options.tag}@`) } : p;
  for (let n = 0; n < count; n++) {
    r.reseed(2023, n);
    const date = new Date(options.from.getTime() + Math.floor((span * n) / count) + r.int(0, 600_000));
    const outbound = r.chance(0.15);
    // A tenth of the mail is with a known contact; the rest comes from or goes to strangers.
    let kind: Mail['kind'];
    if (r.chance(0.1)) kind = 'known';
    else if (outbound) kind = r.chance(0.75) ? 'business' : 'private';
    else
      kind = r.weighted([
        ['business', 47],
        ['newsletter', 27],
        ['private', 10],
        ['colleague', 4],
        ['auto-reply', 1.5],
        ['bounce', 0.6],
      ] as const);
    const english = r.chance(0.35);
    let other: Person;
    if (kind === 'known') other = known[tail(r, known.length, 1.5)];
    else if (kind === 'private') other = tagged(stranger(tail(r, privates), true));
    else if (kind === 'colleague') other = r.pick(colleagues);
    else if (kind === 'newsletter') {
      const address = newsletterSenders[tail(r, newsletterSenders.length, 1.4)];
      other = tagged({ address, name: address.split('@')[1].split('.')[0] });
    } else other = tagged(stranger(tail(r, strangers), false));
    const from = outbound ? owner : other;
    const to = outbound ? other : owner;
    const domain = from.address.split('@')[1];
    const messageId = `${n}.${hash32(n, 99).toString(36)}${options.tag ?? ''}@${domain}`;
    const headers: Record<string, string> = {};
    let parts: Parts;
    let subject: string;
    const previous = last.get(other.address);
    if (kind === 'newsletter') {
      subject = r.pick(newsletterTopics);
      const text = `${subject}\n\n${Array.from({ length: r.int(6, 14) }, () => fill(r.pick(r.chance(0.5) ? germanSentences : englishSentences), r, { f: 'Kunde', l: 'Kunde' })).join('\n\n')}\n\nAbmelden: https://track.example/unsubscribe`;
      parts = { text, html: htmlOf(text, true) };
      headers['List-Unsubscribe'] = '<https://track.example/unsubscribe>';
      headers.Precedence = 'bulk';
    } else if (kind === 'bounce') {
      const toKnown = r.chance(0.3);
      const failed = toKnown
        ? known[tail(r, known.length)].address
        : tagged(stranger(tail(r, strangers), false)).address;
      subject = 'Undelivered Mail Returned to Sender';
      const report = `Reporting-MTA: dns; mail.example\r\n\r\nFinal-Recipient: rfc822; ${failed}\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n`;
      const b = `report-${n}`;
      const raw = Buffer.from(
        `From: Mail Delivery System <MAILER-DAEMON@mail.example>\r\nTo: ${addressHeader([owner])}\r\nSubject: ${subject}\r\nDate: ${date.toUTCString()}\r\nMessage-ID: <${messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour message could not be delivered to ${failed}.\r\n--${b}\r\nContent-Type: message/delivery-status\r\n\r\n${report}--${b}--\r\n`,
      );
      yield { n, folder: 'INBOX', date, seen: true, kind, known: toKnown, raw };
      continue;
    } else if (kind === 'auto-reply') {
      subject = `${english ? 'Automatic reply' : 'Automatische Antwort'}: ${previous?.subject ?? fill(r.pick(germanSubjects), r, { f: '', l: '' })}`;
      parts = { text: fill(english ? englishSentences[21] : germanSentences[23], r, { f: '', l: '' }) };
      headers['Auto-Submitted'] = 'auto-replied';
    } else {
      const reply = previous !== undefined && r.chance(0.45);
      const long = r.chance(0.05);
      let text = businessText(r, english, to, from, long);
      if (reply && previous) {
        subject = `${english ? 'Re' : r.chance(0.7) ? 'AW' : 'Re'}: ${previous.subject.replace(/^(AW|Re|WG): /, '')}`;
        headers['In-Reply-To'] = `<${previous.messageId}>`;
        headers.References = [...previous.references, previous.messageId]
          .slice(-10)
          .map((id) => `<${id}>`)
          .join(' ');
        // The quoted history, as mail programs append it (bounded, like a thread of a few mails).
        const quoted = previous.text
          .slice(0, 6000)
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n');
        text = `${text}\n\n${english ? 'On' : 'Am'} ${date.toUTCString()} ${english ? 'wrote' : 'schrieb'} ${other.name}:\n${quoted}`;
      } else subject = fill(r.pick(english ? englishSubjects : germanSubjects), r, { f: '', l: '' });
      parts = { text, ...(r.chance(0.4) && { html: htmlOf(text, false) }) };
      if (kind !== 'colleague' && r.chance(0.07))
        parts.files = Array.from({ length: r.chance(0.2) ? 2 : 1 }, (_, k) => fileOf(r, n * 2 + k));
      if (kind !== 'colleague')
        last.set(other.address, {
          messageId,
          subject,
          text: text.slice(0, 3000),
          references: reply && previous ? [...previous.references, previous.messageId].slice(-10) : [],
        });
    }
    Object.assign(headers, {
      From: addressHeader([from]),
      To: addressHeader([to]),
      Subject: headerText(subject),
      Date: date.toUTCString(),
      'Message-ID': `<${messageId}>`,
    });
    const raw = mime(headers, parts, n);
    yield { n, folder: outbound ? 'Sent' : 'INBOX', date, seen: r.chance(0.85), kind, known: kind === 'known', raw };
  }
}

// ---------------------------------------------------------------------------------------------
// Into Dovecot.

/**
 * Writes messages as Maildir files into `maildir` (the user's folder, which Dovecot made at
 * the first login): INBOX in its cur/ and new/, other folders in `.<name>/` (Maildir++).
 * Each file's mtime is the message's date, which Dovecot reports as its INTERNALDATE.
 */
export function maildirWriter(maildir: string) {
  const owner = fs.statSync(maildir);
  const made = new Set<string>();
  const folderDir = (folder: string) => {
    const dir = folder === 'INBOX' ? maildir : path.join(maildir, `.${folder}`);
    if (!made.has(dir)) {
      for (const sub of ['', 'cur', 'new', 'tmp']) {
        const d = path.join(dir, sub);
        fs.mkdirSync(d, { recursive: true });
        fs.chownSync(d, owner.uid, owner.gid);
      }
      made.add(dir);
    }
    return dir;
  };
  return (mail: Mail) => {
    const dir = folderDir(mail.folder);
    const seconds = Math.floor(mail.date.getTime() / 1000);
    const base = `${seconds}.M${mail.n}P${process.pid}.farley-bench,S=${mail.raw.length}`;
    const file = mail.seen ? path.join(dir, 'cur', `${base}:2,S`) : path.join(dir, 'new', base);
    fs.writeFileSync(file, mail.raw);
    fs.chownSync(file, owner.uid, owner.gid);
    fs.utimesSync(file, seconds, seconds);
  };
}

/** APPENDs messages over `connections` IMAP connections in parallel; answers the seconds it took. */
export async function appendAll(
  server: { host: string; port: number },
  login: { user: string; pass: string },
  folder: string,
  mails: Mail[],
  connections: number,
): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new ImapFlow({ ...server, secure: false, doSTARTTLS: false, auth: login, logger: false });
      await client.connect();
      return client;
    }),
  );
  try {
    if (!(await clients[0].list()).some((f) => f.path === folder)) await clients[0].mailboxCreate(folder);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < mails.length; i = next++)
          await client.append(folder, mails[i].raw, mails[i].seen ? ['\\Seen'] : [], mails[i].date);
      }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
  }
}

// ---------------------------------------------------------------------------------------------
// Stored emails for the search: made inside PostgreSQL from the same words.

/** How many article numbers the stored emails mention (ranks 1 to this, log-uniform). */
export const articles = 20_000;

/** The article number of a rank ("KB1027"): one word to the text search, one per rank. */
export function articleCode(rank: number): string {
  return `${String.fromCharCode(65 + (rank % 26))}${String.fromCharCode(65 + (Math.floor(rank / 26) % 26))}${1000 + rank}`;
}

const articleSql = (rank: string) =>
  `(select chr(65 + k % 26) || chr(65 + (k / 26) % 26) || (1000 + k) from (select ${rank} as k) r)`;

/**
 * Adds `count` stored emails to the mailbox, sent over the three years before `end`, each
 * with its activity on a contact's timeline (as the sync makes them), as the owner with the
 * row triggers off. Subjects and bodies come from the word lists above, a sentence's rank
 * drawn with a long tail; order and invoice numbers, firms and people make the rare and the
 * medium-frequent words.
 */
export async function fillEmails(
  client: pg.ClientBase,
  options: { workspaceId: string; mailboxId: string; count: number; end: Date; batch?: number },
  progress: (line: string) => void = () => {},
) {
  const { workspaceId, mailboxId, count } = options;
  const batch = options.batch ?? 100_000;
  const lists: Record<string, readonly string[]> = {
    de_subject: germanSubjects,
    en_subject: englishSubjects,
    de_sentence: germanSentences,
    en_sentence: englishSentences,
    de_greeting: germanGreetings,
    en_greeting: englishGreetings,
    de_closing: germanClosings,
    en_closing: englishClosings,
    product: products,
    project: projects,
    city: cities,
    first: [...germanMaleFirst, ...germanFemaleFirst],
    last: germanLast,
    stem: companyStems,
    trade: companyTrades,
  };
  // Each list is a parameter; the statement picks from it by index (no lookups per row).
  const parameters: unknown[] = [workspaceId, mailboxId, options.end.toISOString(), 0, 0];
  const param: Record<string, string> = {};
  for (const [kind, list] of Object.entries(lists)) {
    parameters.push(list);
    param[kind] = `$${parameters.length}::text[]`;
  }
  // h(k): a non-negative hash of the row number g (and sentence number s) and a salt k.
  const h = (k: number, s = '') => `(hashint8(g * 7919${s} + ${k}) & 2147483647)`;
  const pick = (kind: string, k: number, power = 1, s = '') =>
    `(${param[kind]})[1 + floor(${lists[kind].length} * power(${h(k, s)}::float8 / 2147483648, ${power}))::int]`;
  const pickLang = (what: string, k: number, power = 1, s = '') =>
    `case when lang = 'en' then ${pick(`en_${what}`, k, power, s)} else ${pick(`de_${what}`, k, power, s)} end`;
  // Placeholders, the same per message in subject and body: {o} order, {i} invoice,
  // {p} product, {j} project, {t} town, {d} date, {w} week, {a} amount, {f} {l} the name.
  const placeholders = (expr: string) =>
    `replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(${expr},
      '{o}', (4000000 + ${h(31)} % 1000000)::text),
      '{i}', 'RE-' || (2024 + ${h(32)} % 3) || '-' || (10000 + ${h(33)} % 90000)),
      '{p}', ${pick('product', 34, 1.5)}),
      '{j}', ${pick('project', 35)}),
      '{t}', ${pick('city', 36)}),
      '{d}', (1 + ${h(37)} % 28) || '.' || (1 + ${h(38)} % 12) || '.2026'),
      '{w}', (1 + ${h(39)} % 52)::text),
      '{a}', to_char((200 + ${h(40)} % 90000) + (${h(41)} % 100) / 100.0, 'FM999G990D00')),
      '{f}', first),
      '{l}', last)`;
  const statement = `
    with base as (
      select g, gen_random_uuid() as id, case when ${h(1)} % 100 < 35 then 'en' else 'de' end as lang,
             ${pick('first', 2)} as first, ${pick('last', 3, 1.3)} as last,
             ${pick('stem', 4)} || ' ' || ${pick('trade', 5)} || ' ' || (${h(6)} % 100) || ' GmbH' as firm,
             $3::timestamptz - make_interval(secs => (${h(7)}::float8 / 2147483648) * 3 * 365 * 86400) as sent_at
        from generate_series($4::bigint, $5::bigint) g),
    written as (
      select *, ${placeholders(pickLang('subject', 20))} as subject,
             ${placeholders(`${pickLang('greeting', 21)} || E'\\n\\n' ||
               (select string_agg(${pickLang('sentence', 100, 1.6, ' + s * 104729')}, ' ')
                  from generate_series(1, 3 + ${h(42)} % 12) s) || E'\\n\\n' ||
               -- Article numbers, their ranks log-uniform: every frequency from a tenth of the mail to a few mails.
               case when lang = 'en' then 'Items: ' else 'Positionen: ' end ||
               (select string_agg(${articleSql(`floor(exp((${h(60, ' + a * 7')}::float8 / 2147483648) * ln(${articles})))::int`)}, ', ')
                  from generate_series(1, 1 + ${h(61)} % 3) a) || E'\\n\\n' ||
               ${pickLang('closing', 22)} || E'\\n' || first || ' ' || last || E'\\n' || firm || E'\\n' ||
               ${pick('city', 43)} || ' · Tel. +49 ' || (30 + ${h(44)} % 900) || ' ' || (100000 + ${h(45)} % 900000) ||
               -- German business mail carries the firm's register entry; replies quote the mail before.
               case when lang = 'de' then E'\\nGeschäftsführer: ' || ${pick('first', 46)} || ' ' || ${pick('last', 47)} ||
                 ' · Amtsgericht ' || ${pick('city', 48)} || ' HRB ' || (1000 + ${h(49)} % 90000) else '' end ||
               case when ${h(50)} % 100 < 40 then E'\\n\\n' || case when lang = 'en' then 'On ' else 'Am ' end ||
                 to_char(sent_at - interval '2 days', 'DD.MM.YYYY HH24:MI') || ' ' || ${pick('first', 51)} || ' ' || ${pick('last', 52)} ||
                 case when lang = 'en' then ' wrote:' else ' schrieb:' end || E'\\n> ' ||
                 (select string_agg(${pickLang('sentence', 300, 1.6, ' + s * 15485863')}, E'\\n> ')
                    from generate_series(1, 3 + ${h(53)} % 10) s) else '' end`)} as body,
             lower(translate(first || '.' || last, 'äöüßÄÖÜ ', 'aousAOU-')) || '@' ||
               lower(translate(replace(firm, ' GmbH', ''), 'äöüßÄÖÜ ', 'aousAOU-')) || '.example' as from_address
        from base)
    insert into emails (workspace_id, id, mailbox_id, message_id, thread_id, subject, from_address, from_name,
                        recipients, participants, sent_at, direction, text_body, snippet, size)
    select $1, id, $2, 'bench-' || g || '@mail.example', id, subject, from_address, first || ' ' || last,
           '{"to":[{"address":"postfach@farley.example"}],"cc":[],"bcc":[]}', array[from_address, 'postfach@farley.example'],
           sent_at, 'inbound', body, left(regexp_replace(body, '\\s+', ' ', 'g'), 240), octet_length(body) + 600
      from written`;
  await client.query(`set farley.maintenance = 'on'`);
  // The GIN indexes are made anew after the load, as a bulk loader does: kept up row by row
  // they took more than half the time.
  const { rows: gin } = await client.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
      where tablename = 'emails' and indexdef like '% USING gin %'`,
  );
  for (const index of gin) await client.query(`drop index ${index.name}`);
  const started = performance.now();
  for (let from = 1; from <= count; from += batch) {
    parameters[3] = from;
    parameters[4] = Math.min(count, from + batch - 1);
    await client.query(statement, parameters);
    progress(
      `  emails: ${Number(parameters[4]).toLocaleString('en')} of ${count.toLocaleString('en')} after ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  // Their activities, each on a contact's timeline, as the sync makes them.
  await client.query('begin');
  await client.query(`set local session_replication_role = replica`);
  await client.query(
    `create temporary table bench_contacts on commit drop as
       select row_number() over (order by id) as n, id from contacts where workspace_id = $1 and deleted_at is null;
     create index on bench_contacts (n)`.replace('$1', `'${workspaceId}'`),
  );
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from bench_contacts');
  await client.query(
    `create temporary table bench_activities on commit drop as
       select gen_random_uuid() as id, e.id as email_id, e.subject, e.snippet, e.sent_at,
              1 + (hashtext(e.message_id) & 2147483647) % ${Math.max(1, rows[0].n)} as contact
         from emails e where e.workspace_id = '${workspaceId}' and e.mailbox_id = '${mailboxId}'
          and e.message_id like 'bench-%'`,
  );
  await client.query(
    `insert into activities (workspace_id, id, type, direction, subject, body, occurred_at, email_id)
       select $1, id, 'email', 'inbound', nullif(subject, ''), nullif(snippet, ''), sent_at, email_id from bench_activities`,
    [workspaceId],
  );
  await client.query(
    `insert into activity_links (workspace_id, activity_id, record_type, record_id, occurred_at)
       select $1, a.id, 'contact', c.id, a.sent_at from bench_activities a join bench_contacts c on c.n = a.contact`,
    [workspaceId],
  );
  await client.query('commit');
  const loaded = (performance.now() - started) / 1000;
  const indexStarted = performance.now();
  for (const index of gin) await client.query(index.definition);
  const indexed = (performance.now() - indexStarted) / 1000;
  await client.query('vacuum (analyze) emails, activities, activity_links');
  return { seconds: loaded, indexSeconds: indexed };
}
