// summary.html of the access export: what the JSON files hold, for the person to read, in
// German or English. Self-contained (no script, no remote resources); every value escaped.
import type { PersonalData } from './personalData.gather.ts';

export type SummaryLanguage = 'de' | 'en';

const texts = {
  de: {
    title: 'Auskunft über gespeicherte personenbezogene Daten',
    intro:
      'Diese Auskunft nach Art. 15 DSGVO enthält alle Daten, die wir über Sie speichern. Die JSON-Dateien in diesem Archiv enthalten dieselben Daten vollständig und maschinenlesbar (Datenübertragbarkeit nach Art. 20 DSGVO).',
    exportedAt: 'Erstellt am',
    person: 'Stammdaten',
    name: 'Name',
    emails: 'E-Mail-Adressen',
    phones: 'Telefonnummern',
    addresses: 'Anschriften',
    birthday: 'Geburtstag',
    jobTitle: 'Position',
    source: 'Herkunft',
    tags: 'Schlagwörter',
    createdAt: 'Erfasst am',
    companies: 'Firmen',
    consents: 'Einwilligungen und Rechtsgrundlagen',
    purpose: 'Zweck',
    status: 'Stand',
    basis: 'Rechtsgrundlage',
    since: 'Seit',
    how: 'Wie erfasst',
    granted: 'erteilt',
    withdrawn: 'widerrufen',
    restriction: 'Einschränkung der Verarbeitung (Art. 18 DSGVO)',
    restrictedSince: 'Eingeschränkt seit',
    reason: 'Grund',
    none: 'keine',
    contents: 'Weitere gespeicherte Daten',
    file: 'Datei',
    count: 'Anzahl',
    emailsFile: 'E-Mails',
    activitiesFile: 'Aktivitäten (Notizen, Anrufe, Termine …)',
    tasksFile: 'Aufgaben',
    appointmentsFile: 'Termine',
    dealsFile: 'Verkaufschancen',
    quotesFile: 'Angebote',
    ordersFile: 'Aufträge',
    auditFile: 'Änderungsprotokoll',
    filesFile: 'Dateien (E-Mail-Anhänge)',
    emailList: 'E-Mails',
    subject: 'Betreff',
    date: 'Datum',
  },
  en: {
    title: 'Access to the personal data we store',
    intro:
      'This access report under Art. 15 GDPR holds all data we store about you. The JSON files in this archive hold the same data completely and machine-readably (data portability, Art. 20 GDPR).',
    exportedAt: 'Created on',
    person: 'Personal details',
    name: 'Name',
    emails: 'Email addresses',
    phones: 'Phone numbers',
    addresses: 'Addresses',
    birthday: 'Birthday',
    jobTitle: 'Job title',
    source: 'Source',
    tags: 'Tags',
    createdAt: 'Recorded on',
    companies: 'Companies',
    consents: 'Consents and legal bases',
    purpose: 'Purpose',
    status: 'Status',
    basis: 'Legal basis',
    since: 'Since',
    how: 'Recorded how',
    granted: 'granted',
    withdrawn: 'withdrawn',
    restriction: 'Restriction of processing (Art. 18 GDPR)',
    restrictedSince: 'Restricted since',
    reason: 'Reason',
    none: 'none',
    contents: 'Further data stored',
    file: 'File',
    count: 'Count',
    emailsFile: 'Emails',
    activitiesFile: 'Activities (notes, calls, meetings …)',
    tasksFile: 'Tasks',
    appointmentsFile: 'Appointments',
    dealsFile: 'Deals',
    quotesFile: 'Quotes',
    ordersFile: 'Orders',
    auditFile: 'Change log',
    filesFile: 'Files (email attachments)',
    emailList: 'Emails',
    subject: 'Subject',
    date: 'Date',
  },
} as const;

const purposeNames: Record<SummaryLanguage, Record<string, string>> = {
  de: {
    newsletter: 'Newsletter',
    email_marketing: 'Werbung per E-Mail',
    phone_marketing: 'Werbung per Telefon',
    sms_marketing: 'Werbung per SMS',
    postal_marketing: 'Werbung per Post',
    contract: 'Vertragserfüllung',
  },
  en: {
    newsletter: 'Newsletter',
    email_marketing: 'Marketing by email',
    phone_marketing: 'Marketing by phone',
    sms_marketing: 'Marketing by text message',
    postal_marketing: 'Marketing by post',
    contract: 'Performance of a contract',
  },
};

const esc = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export function summaryHtml(
  data: PersonalData,
  files: Array<{ path: string; size: number }>,
  language: SummaryLanguage,
  exportedAt: Date,
): string {
  const t = texts[language];
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const when = (iso: string | null | undefined) =>
    iso
      ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' })
      : '';
  const c = data.contact;
  const name = [c.salutation, c.title, c.firstName, c.lastName].filter(Boolean).join(' ');
  const row = (label: string, value: string) => (value ? `<tr><th>${esc(label)}</th><td>${value}</td></tr>` : '');
  const lines = (values: string[]) => values.map(escape).join('<br>');
  const address = (a: (typeof c.addresses)[number]) =>
    [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ');
  const purpose = (key: string) => purposeNames[language][key] ?? key;
  const consentRows = data.consents.history
    .map(
      (e) =>
        `<tr><td>${esc(purpose(e.purpose))}</td><td>${esc(t[e.status])}</td><td>Art. 6 (1) ${esc(e.legalBasis)}</td><td>${esc(when(e.effectiveAt))}</td><td>${esc(e.method)}${e.source ? ` – ${esc(e.source)}` : ''}</td></tr>`,
    )
    .join('');
  const counts: Array<[string, string, number]> = [
    ['emails.json', t.emailsFile, data.emails.length],
    ['activities.json', t.activitiesFile, data.activities.length],
    ['tasks.json', t.tasksFile, data.tasks.length],
    ['appointments.json', t.appointmentsFile, data.appointments.length],
    ['deals.json', t.dealsFile, data.deals.length],
    ['quotes.json', t.quotesFile, data.quotes.length],
    ['orders.json', t.ordersFile, data.orders.length],
    ['audit.json', t.auditFile, data.audit.length],
    ['files/', t.filesFile, files.length],
  ];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<title>${esc(t.title)} – ${esc(name)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid #ddd; }
th { width: 14rem; font-weight: 600; }
</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
<p>${esc(t.intro)}</p>
<p>${esc(t.exportedAt)}: ${esc(when(exportedAt.toISOString()))}</p>
<h2>${esc(t.person)}</h2>
<table>
${row(t.name, esc(name))}
${row(t.emails, lines(c.emails.map((e) => e.email)))}
${row(t.phones, lines(c.phones.map((p) => p.number)))}
${row(t.addresses, lines(c.addresses.map(address)))}
${row(t.birthday, esc(c.birthday ?? ''))}
${row(t.jobTitle, esc(c.jobTitle ?? ''))}
${row(t.source, esc(c.source ?? ''))}
${row(t.tags, esc(c.tags.join(', ')))}
${row(t.createdAt, esc(when(c.createdAt)))}
${row(t.companies, lines(data.companies.map((x) => x.company?.name ?? x.affiliation.companyId)))}
</table>
<h2>${esc(t.consents)}</h2>
${
  consentRows
    ? `<table><tr><th>${esc(t.purpose)}</th><th>${esc(t.status)}</th><th>${esc(t.basis)}</th><th>${esc(t.since)}</th><th>${esc(t.how)}</th></tr>${consentRows}</table>`
    : `<p>${esc(t.none)}</p>`
}
<h2>${esc(t.restriction)}</h2>
${
  c.restriction
    ? `<table>${row(t.restrictedSince, esc(when(c.restriction.restrictedAt)))}${row(t.reason, esc(c.restriction.reason))}</table>`
    : `<p>${esc(t.none)}</p>`
}
<h2>${esc(t.contents)}</h2>
<table><tr><th>${esc(t.file)}</th><th></th><th>${esc(t.count)}</th></tr>
${counts.map(([file, label, n]) => `<tr><td>${esc(file)}</td><td>${esc(label)}</td><td>${n}</td></tr>`).join('\n')}
</table>
${
  data.emails.length
    ? `<h2>${esc(t.emailList)}</h2><table><tr><th>${esc(t.date)}</th><th>${esc(t.subject)}</th></tr>${data.emails
        .map((e) => `<tr><td>${esc(when(e.sentAt))}</td><td>${esc(e.subject)}</td></tr>`)
        .join('')}</table>`
    : ''
}
</body>
</html>
`;
}
