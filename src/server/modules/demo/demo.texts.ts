// What the demo's activities and tasks say, in German (the demo is a German firm's CRM): subjects, bodies with
// line breaks, outcomes and follow-up titles, filled in with the people and firms involved.

export interface TextVars {
  /** "Herr Dr. Müller" */
  greeting: string;
  /** "Herrn Dr. Müller" (after mit, bei, an) */
  dative: string;
  /** "Sehr geehrter Herr Dr. Müller" */
  dear: string;
  first: string;
  last: string;
  company: string;
  product: string;
  author: string;
}

type Template = (v: TextVars) => string;
export interface ActivityText {
  subject: Template;
  body: Template | null;
}

export type ActivityType =
  | 'note'
  | 'call'
  | 'email'
  | 'meeting'
  | 'letter'
  | 'fax'
  | 'chat'
  | 'social'
  | 'visit'
  | 'sms';

export const activityTypes: ReadonlyArray<readonly [ActivityType, number]> = [
  ['email', 30],
  ['call', 25],
  ['note', 14],
  ['meeting', 10],
  ['letter', 4],
  ['visit', 5],
  ['chat', 3],
  ['sms', 3],
  ['social', 4],
  ['fax', 2],
];

const de: Record<ActivityType, ActivityText[]> = {
  call: [
    {
      subject: (v) => `Telefonat mit ${v.dative}`,
      body: (v) =>
        `${v.first} ${v.last} hat Interesse an ${v.product} bekundet.\nBitte Unterlagen bis Ende der Woche schicken.`,
    },
    {
      subject: (v) => `Rückruf bei ${v.dative} wegen ${v.product}`,
      body: (_v) => `Kurz abgestimmt: Budget ist freigegeben, Entscheidung fällt im nächsten Quartal.`,
    },
    {
      subject: () => 'Nachfassen Angebot',
      body: (v) => `Angebot zu ${v.product} besprochen. ${v.greeting} prüft intern und meldet sich.`,
    },
    {
      subject: () => 'Terminvereinbarung',
      body: (v) => `Termin bei ${v.company} vereinbart, Einladung folgt per E-Mail.`,
    },
    {
      subject: () => 'Reklamation Lieferung',
      body: () => 'Lieferung unvollständig, zwei Positionen fehlen.\nErsatz wurde zugesagt.',
    },
  ],
  email: [
    {
      subject: (v) => `Angebot ${v.product}`,
      body: (v) =>
        `${v.dear},\n\nanbei wie besprochen unser Angebot zu ${v.product}.\n\nMit freundlichen Grüßen\n${v.author}`,
    },
    {
      subject: () => 'Re: Rückfrage zur Rechnung',
      body: (v) => `Hallo ${v.first},\ndie Rechnung wurde korrigiert und geht heute raus.\nViele Grüße, ${v.author}`,
    },
    {
      subject: () => 'Unterlagen zur Präsentation',
      body: (v) => `Guten Tag ${v.greeting},\nhier die Folien von unserem Termin bei ${v.company}.`,
    },
    {
      subject: () => 'Einladung Kundenevent',
      body: (v) => `Liebe(r) ${v.first},\nwir würden uns freuen, Sie bei unserem Kundenabend begrüßen zu dürfen.`,
    },
    {
      subject: () => 'Vertragsentwurf',
      body: () => 'Im Anhang der Vertragsentwurf. Änderungen bitte im Überarbeitungsmodus.',
    },
  ],
  meeting: [
    {
      subject: (v) => `Workshop bei ${v.company}`,
      body: (v) =>
        `Teilnehmer: ${v.greeting}, ${v.author}.\nAnforderungen für ${v.product} aufgenommen, nächster Schritt: Angebot.`,
    },
    {
      subject: () => 'Jahresgespräch',
      body: () => 'Zufrieden mit der Zusammenarbeit; Ausbau im Gespräch.\nPreiserhöhung angekündigt, keine Einwände.',
    },
    {
      subject: (v) => `Präsentation ${v.product}`,
      body: () => 'Demo lief gut, technische Fragen zur Schnittstelle offen.',
    },
  ],
  note: [
    { subject: () => 'Notiz', body: (v) => `${v.greeting} bevorzugt Kontakt per E-Mail, nicht vor 10 Uhr anrufen.` },
    {
      subject: () => 'Interne Notiz',
      body: (v) => `Entscheidung bei ${v.company} liegt beim Einkauf; Budgetplanung im Herbst.`,
    },
    {
      subject: () => 'Wettbewerb',
      body: () => 'Hat auch ein Angebot vom Wettbewerb vorliegen – Preis ist entscheidend.',
    },
  ],
  letter: [
    { subject: () => 'Auftragsbestätigung', body: (v) => `Auftragsbestätigung für ${v.product} per Post versandt.` },
    {
      subject: () => 'Kündigungsschreiben erhalten',
      body: () => 'Schriftliche Kündigung zum Jahresende eingegangen.\nRückgewinnung versuchen.',
    },
  ],
  fax: [{ subject: () => 'Bestellung per Fax', body: (v) => `Bestellung über ${v.product} per Fax eingegangen.` }],
  chat: [
    {
      subject: () => 'Chat auf der Website',
      body: (v) => `${v.first} fragte nach Lieferzeiten und Preisen für ${v.product}.`,
    },
  ],
  social: [
    {
      subject: () => 'LinkedIn-Nachricht',
      body: (v) => `Vernetzt mit ${v.first} ${v.last}; Interesse an einem Austausch.`,
    },
  ],
  visit: [
    {
      subject: (v) => `Besuch vor Ort bei ${v.company}`,
      body: () => 'Werksführung, Bedarf für zwei weitere Standorte.\nProtokoll liegt im Laufwerk.',
    },
    {
      subject: () => 'Messebesuch am Stand',
      body: (v) => `${v.greeting} am Messestand getroffen, Katalog mitgegeben.`,
    },
  ],
  sms: [{ subject: () => 'SMS', body: (v) => `Bin in 10 Minuten da. Gruß, ${v.author}` }],
};

/** How to address a person in German, in the forms the templates need. */
export function addressing(female: boolean, title: string | null, last: string) {
  const name = title ? `${title} ${last}` : last;
  return {
    greeting: `${female ? 'Frau' : 'Herr'} ${name}`,
    dative: `${female ? 'Frau' : 'Herrn'} ${name}`,
    dear: `${female ? 'Sehr geehrte Frau' : 'Sehr geehrter Herr'} ${name}`,
  };
}

export function activityTexts(type: ActivityType): ActivityText[] {
  return de[type];
}

export const callOutcomes = [
  'erreicht',
  'nicht erreicht',
  'Mailbox',
  'Rückruf vereinbart',
  'Termin vereinbart',
  'kein Interesse',
];
export const meetingOutcomes = ['positiv', 'Angebot angefordert', 'weiterer Termin', 'kein Bedarf'];

export const taskTitles: Template[] = [
  (v) => `Rückruf bei ${v.dative}`,
  (v) => `Angebot nachfassen – ${v.company}`,
  () => 'Vertrag zur Unterschrift senden',
  (v) => `Wiedervorlage: Termin mit ${v.first} ${v.last} vereinbaren`,
  (v) => `Jahresgespräch ${v.company} vorbereiten`,
  (v) => `Unterlagen zu ${v.product} schicken`,
  () => 'Rechnungsklärung mit der Buchhaltung',
  (v) => `Bei ${v.dative} zum Angebot nachhaken`,
  (v) => `Preisliste ${v.product} an ${v.company} schicken`,
  () => 'Referenzbesuch organisieren',
];

export const taskDescriptions: Array<Template | null> = [
  null,
  null,
  (v) => `${v.greeting} erwartet den Anruf am Vormittag.`,
  (v) => `Bezieht sich auf das Angebot zu ${v.product}.\nUnterlagen liegen in der Ablage.`,
  () => 'Vorher die offenen Fragen aus dem letzten Termin klären.',
];
