// The record of processing activities (GDPR Art. 30) as a starting point: generated from what
// the workspace has configured and holds (record types in use, connected mailboxes and their
// servers, calendars, retention rules), in Markdown the admin edits and keeps; exported as a
// self-contained HTML page to print or file.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

type Lang = 'de' | 'en';

interface Facts {
  workspace: string;
  contacts: number;
  companies: number;
  deals: number;
  orders: number;
  emails: number;
  appointments: number;
  users: number;
  mailHosts: string[];
  appPasswords: number;
  analytics: boolean;
  rules: Array<{ record_type: string; status: string | null; months: number; action: string; active: boolean }>;
}

async function factsOf(tx: Db): Promise<Facts> {
  const count = async (table: string, where = sql`true`) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(tx)).rows[0].n,
    );
  const workspace = await tx.selectFrom('workspaces').select('name').executeTakeFirst();
  const hosts = await sql<{ host: string }>`
    select distinct host from (
      select imap_host as host from mailboxes where deleted_at is null
      union select smtp_host from mailboxes where deleted_at is null) h
    where host is not null and host <> '' order by host`.execute(tx);
  return {
    workspace: workspace?.name ?? '',
    contacts: await count('contacts', sql`deleted_at is null`),
    companies: await count('companies', sql`deleted_at is null`),
    deals: await count('deals', sql`deleted_at is null`),
    orders: await count('orders', sql`deleted_at is null`),
    emails: await count('emails'),
    appointments: await count('appointments'),
    users: await count('users', sql`deleted_at is null`),
    mailHosts: hosts.rows.map((r) => r.host),
    appPasswords: await count('api_tokens', sql`kind = 'dav' and deleted_at is null`),
    analytics: (await count('analytics_runs')) > 0,
    rules: await tx
      .selectFrom('retention_rules')
      .select(['record_type', 'status', 'months', 'action', 'active'])
      .orderBy('created_at')
      .execute(),
  };
}

const texts = {
  de: {
    title: 'Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)',
    intro:
      'Von Farley aus der Konfiguration des Arbeitsbereichs erzeugt. Bitte prüfen und ergänzen Sie es (Anschrift, Datenschutzbeauftragte/r, Auftragsverarbeiter, Drittlandübermittlungen).',
    controller: 'Verantwortlicher',
    controllerText: (w: string) => `${w} — Anschrift, Vertretung und Datenschutzbeauftragte/r: bitte ergänzen.`,
    activity: 'Verarbeitungstätigkeit: Kundenbeziehungsmanagement (CRM)',
    purposes: 'Zwecke',
    purposeList: (f: Facts) => [
      'Pflege von Kunden- und Interessentenbeziehungen, Ansprechpartner in Firmen (Art. 6 Abs. 1 lit. b und f DSGVO)',
      'Vertrieb: Verkaufschancen, Angebote und Aufträge (Art. 6 Abs. 1 lit. b DSGVO; Aufbewahrung nach lit. c)',
      ...(f.emails
        ? ['Kommunikation per E-Mail mit Kunden, Ablage der Korrespondenz (Art. 6 Abs. 1 lit. b und f)']
        : []),
      ...(f.appointments ? ['Terminplanung und Einladungen (Art. 6 Abs. 1 lit. b und f)'] : []),
      ...(f.analytics
        ? ['Kundenanalysen (Umsatzklassen, Kaufwahrscheinlichkeit) zur Vertriebssteuerung (Art. 6 Abs. 1 lit. f)']
        : []),
      'Einwilligungen und Rechtsgrundlagen je Kontakt: siehe Abschnitt Einwilligungen',
    ],
    subjects: 'Kategorien betroffener Personen',
    subjectList: (f: Facts) => [
      `Kunden, Interessenten und Ansprechpartner (${f.contacts} Kontakte, ${f.companies} Firmen)`,
      `Beschäftigte, die Farley nutzen (${f.users} Benutzer)`,
      ...(f.emails ? ['Absender und Empfänger abgelegter E-Mails'] : []),
    ],
    categories: 'Kategorien personenbezogener Daten',
    categoryList: (f: Facts) => [
      'Stammdaten: Anrede, Titel, Vor- und Nachname, Position, Geburtstag, Herkunft, Schlagwörter',
      'Kontaktdaten: E-Mail-Adressen, Telefonnummern, Anschriften',
      'Vertragsdaten: Verkaufschancen, Angebote, Aufträge, Kundennummern, Preislisten',
      'Aktivitäten: Notizen, Anrufe, Besuche, Aufgaben',
      ...(f.emails ? [`E-Mails mit Inhalt und Anhängen (${f.emails} abgelegt)`] : []),
      ...(f.appointments ? [`Termine mit Teilnehmern (${f.appointments})`] : []),
      ...(f.analytics ? ['Abgeleitete Kennzahlen: ABC-Klasse, RFM-Segment, Kundenwert'] : []),
      'Benutzer: Name, E-Mail-Adresse, Rolle, Anmeldungen; Änderungsprotokoll (wer hat wann was geändert)',
    ],
    recipients: 'Empfänger',
    recipientList: (f: Facts) => [
      'Intern: Benutzer des Arbeitsbereichs nach Rolle (Betrachter, Mitarbeiter, Manager, Administrator)',
      ...f.mailHosts.map((h) => `E-Mail-Server (IMAP/SMTP): ${h}`),
      ...(f.appPasswords ? [`Telefone und Kalender-Apps per CardDAV/CalDAV (${f.appPasswords} App-Passwörter)`] : []),
      'Betreiber des Servers und der Datenbank (Hosting): bitte ergänzen',
    ],
    transfers: 'Übermittlungen in Drittländer',
    transfersText: 'Keine durch Farley selbst. Prüfen Sie Hosting und E-Mail-Anbieter.',
    retention: 'Löschfristen',
    ruleText: (r: Facts['rules'][number]) =>
      `${r.record_type === 'contact' ? 'Kontakte' : 'Verkaufschancen'}${r.status ? ` (${r.status})` : ''}: nach ${r.months} Monaten ${r.record_type === 'contact' ? 'ohne Aktivität' : 'nach Abschluss'} ${r.action === 'delete' ? 'löschen' : 'anonymisieren'}${r.active ? '' : ' (inaktiv)'}`,
    noRules: 'Keine Aufbewahrungsregeln eingerichtet.',
    retentionAlways:
      'Löschung auf Antrag (Art. 17) jederzeit; Angebote und Aufträge werden nach HGB § 257 und AO § 147 bis zu 10 Jahre aufbewahrt.',
    measures: 'Technische und organisatorische Maßnahmen (Art. 32)',
    measureList: [
      'Trennung der Arbeitsbereiche in der Datenbank (Row-Level-Security)',
      'Rollen und Berechtigungen; Änderungsprotokoll jeder Änderung',
      'Passwörter mit Argon2id gehasht; Zugangsdaten von E-Mail-Konten mit AES-256-GCM verschlüsselt',
      'Sperrliste gelöschter Personen nur als HMAC-Hashwerte',
      'Transportverschlüsselung (TLS) und Datensicherung: durch den Betreiber, bitte ergänzen',
    ],
  },
  en: {
    title: 'Record of processing activities (GDPR Art. 30)',
    intro:
      "Generated by Farley from the workspace's configuration. Please check and complete it (address, data protection officer, processors, transfers to third countries).",
    controller: 'Controller',
    controllerText: (w: string) => `${w} — address, representative and data protection officer: please complete.`,
    activity: 'Processing activity: customer relationship management (CRM)',
    purposes: 'Purposes',
    purposeList: (f: Facts) => [
      'Managing customer and prospect relationships, contact persons of companies (Art. 6(1)(b) and (f) GDPR)',
      'Sales: deals, quotes and orders (Art. 6(1)(b) GDPR; retention under (c))',
      ...(f.emails ? ['Email communication with customers, filing the correspondence (Art. 6(1)(b) and (f))'] : []),
      ...(f.appointments ? ['Scheduling appointments and invitations (Art. 6(1)(b) and (f))'] : []),
      ...(f.analytics
        ? ['Customer analytics (revenue classes, purchase probability) to steer sales (Art. 6(1)(f))']
        : []),
      'Consents and legal bases per contact: see the consent section',
    ],
    subjects: 'Categories of data subjects',
    subjectList: (f: Facts) => [
      `Customers, prospects and contact persons (${f.contacts} contacts, ${f.companies} companies)`,
      `Employees who use Farley (${f.users} users)`,
      ...(f.emails ? ['Senders and recipients of filed emails'] : []),
    ],
    categories: 'Categories of personal data',
    categoryList: (f: Facts) => [
      'Master data: salutation, title, first and last name, job title, birthday, source, tags',
      'Contact data: email addresses, phone numbers, postal addresses',
      'Contract data: deals, quotes, orders, customer numbers, price lists',
      'Activities: notes, calls, visits, tasks',
      ...(f.emails ? [`Emails with content and attachments (${f.emails} filed)`] : []),
      ...(f.appointments ? [`Appointments with attendees (${f.appointments})`] : []),
      ...(f.analytics ? ['Derived figures: ABC class, RFM segment, customer value'] : []),
      'Users: name, email address, role, sign-ins; audit log (who changed what when)',
    ],
    recipients: 'Recipients',
    recipientList: (f: Facts) => [
      "Internal: the workspace's users by role (viewer, agent, manager, admin)",
      ...f.mailHosts.map((h) => `Mail servers (IMAP/SMTP): ${h}`),
      ...(f.appPasswords ? [`Phones and calendar apps via CardDAV/CalDAV (${f.appPasswords} app passwords)`] : []),
      'Operator of the server and the database (hosting): please complete',
    ],
    transfers: 'Transfers to third countries',
    transfersText: 'None by Farley itself. Check your hosting and email providers.',
    retention: 'Time limits for erasure',
    ruleText: (r: Facts['rules'][number]) =>
      `${r.record_type === 'contact' ? 'Contacts' : 'Deals'}${r.status ? ` (${r.status})` : ''}: ${r.action === 'delete' ? 'deleted' : 'anonymised'} after ${r.months} months ${r.record_type === 'contact' ? 'without activity' : 'after closing'}${r.active ? '' : ' (inactive)'}`,
    noRules: 'No retention rules set up.',
    retentionAlways:
      'Erasure on request (Art. 17) at any time; quotes and orders are kept up to 10 years under German commercial and tax law (HGB § 257, AO § 147).',
    measures: 'Technical and organisational measures (Art. 32)',
    measureList: [
      'Workspaces separated in the database (row-level security)',
      'Roles and permissions; an audit log of every change',
      'Passwords hashed with Argon2id; mailbox credentials encrypted with AES-256-GCM',
      'Blocking list of erased people kept only as HMAC hashes',
      'Encryption in transit (TLS) and backups: by the operator, please complete',
    ],
  },
} as const;

/** The generated record, in Markdown. */
export async function generateProcessingRecord(tx: Db, lang: Lang): Promise<string> {
  const f = await factsOf(tx);
  const t = texts[lang];
  const list = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');
  return [
    `# ${t.title}`,
    t.intro,
    `## ${t.controller}`,
    t.controllerText(f.workspace),
    `## ${t.activity}`,
    `### ${t.purposes}`,
    list(t.purposeList(f)),
    `### ${t.subjects}`,
    list(t.subjectList(f)),
    `### ${t.categories}`,
    list(t.categoryList(f)),
    `### ${t.recipients}`,
    list(t.recipientList(f)),
    `### ${t.transfers}`,
    t.transfersText,
    `### ${t.retention}`,
    f.rules.length ? list(f.rules.map(t.ruleText)) : t.noRules,
    t.retentionAlways,
    `## ${t.measures}`,
    list(t.measureList),
  ].join('\n\n');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The record as a printable HTML page: headings, lists and paragraphs of the Markdown, all text escaped. */
export function processingRecordHtml(markdown: string, lang: Lang): string {
  const body: string[] = [];
  let inList = false;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (!item && inList) {
      body.push('</ul>');
      inList = false;
    }
    if (heading) body.push(`<h${heading[1].length}>${escapeHtml(heading[2])}</h${heading[1].length}>`);
    else if (item) {
      if (!inList) body.push('<ul>');
      inList = true;
      body.push(`<li>${escapeHtml(item[1])}</li>`);
    } else if (line.trim()) body.push(`<p>${escapeHtml(line)}</p>`);
  }
  if (inList) body.push('</ul>');
  const title = /^#\s+(.*)$/m.exec(markdown)?.[1] ?? texts[lang].title;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5;color:#222}h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}@media print{body{margin:0}}</style>
</head><body>
${body.join('\n')}
</body></html>
`;
}
