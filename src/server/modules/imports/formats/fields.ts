// The catalogue of what an import can fill: per record type its fields, their kind (which
// decides how a cell's text is converted) and the column names people's files use for them.
// The web app shows the labels beside the file's columns; guessMapping matches the synonyms;
// the mapping file and the saved mappings name the fields by key.

import { productFields } from './productFields.ts';

export const recordTypes = ['contacts', 'companies', 'deals', 'activities', 'notes', 'products', 'orders'] as const;
export type RecordType = (typeof recordTypes)[number];

/**
 * How a field's cells are read: `multi` holds several values (tags), `email` and `phone` hold one
 * value per column but a cell may list several; `ref` names another record (by name, email or
 * customer number) that the write path resolves; `price` is money with up to four decimals,
 * `percent` a rate that may carry a % sign.
 */
export type FieldKind =
  | 'text'
  | 'date'
  | 'datetime'
  | 'number'
  | 'money'
  | 'boolean'
  | 'email'
  | 'phone'
  | 'multi'
  | 'ref'
  | 'price'
  | 'percent';

export interface ImportField {
  key: string;
  label: { de: string; en: string };
  kind: FieldKind;
  /**
   * Column names that mean this field, lower-case, best first (a file with both "Business
   * Street" and "Home Street" maps the business one). They are compared after normalising both
   * sides (see normaliseHeader), so one spelling of "E-Mail"/"email"/"e_mail" is enough.
   */
  synonyms: string[];
  /**
   * Columns joined after the main one into the same field, in the file's column order: the
   * house number to the street.
   */
  joins?: string[];
  /** Whole integers only (employee count, minutes). */
  integer?: boolean;
}

const f = (
  key: string,
  de: string,
  en: string,
  kind: FieldKind,
  synonyms: string[],
  extra: Partial<Pick<ImportField, 'joins' | 'integer'>> = {},
): ImportField => ({ key, label: { de, en }, kind, synonyms: [key.toLowerCase(), ...synonyms], ...extra });

const houseNumber = [
  'hausnummer',
  'hausnr',
  'haus-nr',
  'hnr',
  'house number',
  'house no',
  'street number',
  'street_number',
];

// Shared by contacts and companies: how to reach them.
const customerNumber = f('customerNumber', 'Kundennummer', 'Customer number', 'text', [
  'kundennummer',
  'kunden-nr',
  'kundennr',
  'kd-nr',
  'kdnr',
  'customer number',
  'customer no',
  'customer id',
  'customer_number',
  'debitorennummer',
  'debitor',
  'account number',
]);
const externalId = f('externalId', 'Externe ID', 'External id', 'text', [
  'external id',
  'externe id',
  'fremd-id',
  'ext id',
  'soc_sec_id',
]);
const tags = f('tags', 'Schlagwörter', 'Tags', 'multi', [
  'tags',
  'tag',
  'schlagwörter',
  'schlagworte',
  'stichwörter',
  'kategorien',
  'kategorie',
  'categories',
  'category',
  'labels',
  'label',
]);
const owner = f('owner', 'Zuständig', 'Owner', 'ref', [
  'owner',
  'zuständig',
  'zuständige person',
  'betreuer',
  'verantwortlich',
  'bearbeiter',
  'account owner',
  'contact owner',
  'sales rep',
  'vertriebsmitarbeiter',
]);
const notes = f('notes', 'Notiz', 'Note', 'text', [
  'notiz',
  'notizen',
  'bemerkung',
  'bemerkungen',
  'anmerkung',
  'anmerkungen',
  'kommentar',
  'note',
  'notes',
  'comment',
  'comments',
  'remarks',
]);
const street = (prefixes: string[]) =>
  f(
    'street',
    'Straße',
    'Street',
    'text',
    [
      'straße',
      'strasse',
      'str',
      'straße und hausnummer',
      'straße hausnummer',
      'straße + hausnr',
      'straße/hausnr',
      'straße nr',
      'adresse',
      'anschrift',
      'street',
      'street address',
      'address',
      'address line 1',
      'address_1',
      'address 1 - street',
      ...prefixes.flatMap((p) => [`${p} street`, `straße ${p}`]),
      'straße geschäftlich',
      'business street',
      'home street',
      'straße privat',
      'other street',
      'weitere straße',
    ],
    { joins: houseNumber },
  );
const postalCode = f('postalCode', 'PLZ', 'Postal code', 'text', [
  'plz',
  'postleitzahl',
  'zip',
  'zip code',
  'zipcode',
  'postal code',
  'postcode',
  'post code',
  'address 1 - postal code',
  'postleitzahl geschäftlich',
  'business postal code',
  'home postal code',
  'postleitzahl privat',
  'other postal code',
  'weitere postleitzahl',
]);
const city = f('city', 'Ort', 'City', 'text', [
  'ort',
  'stadt',
  'wohnort',
  'city',
  'town',
  'suburb',
  'locality',
  'address 1 - city',
  'ort geschäftlich',
  'business city',
  'home city',
  'ort privat',
  'other city',
  'weiterer ort',
]);
const region = f('region', 'Bundesland', 'Region', 'text', [
  'bundesland',
  'region',
  'kanton',
  'state',
  'province',
  'county',
  'address 1 - region',
  'bundesland/kanton geschäftlich',
  'region geschäftlich',
  'business state',
  'home state',
  'bundesland/kanton privat',
  'other state',
]);
const country = f('country', 'Land', 'Country', 'text', [
  'land',
  'staat',
  'country',
  'country/region',
  'country code',
  'länderkennzeichen',
  'address 1 - country',
  'land/region geschäftlich',
  'land geschäftlich',
  'business country/region',
  'business country',
  'home country/region',
  'land/region privat',
  'other country/region',
]);
const email = (n: '' | '2' | '3') =>
  f(
    `email${n}`,
    n ? `E-Mail ${n}` : 'E-Mail',
    n ? `Email ${n}` : 'Email',
    'email',
    n === ''
      ? [
          'e-mail',
          'email',
          'mail',
          'e-mail-adresse',
          'email-adresse',
          'e-mail adresse',
          'email address',
          'e-mail address',
          'e-mail 1 - value',
          'e-mail 1',
          'email 1',
          'primary email',
          'mail address',
        ]
      : [`e-mail ${n}`, `email ${n}`, `e-mail ${n} address`, `e-mail ${n}-adresse`, `e-mail ${n} - value`, `mail ${n}`],
  );
const phone = f('phone', 'Telefon', 'Phone', 'phone', [
  'telefon',
  'tel',
  'telefonnummer',
  'telefon geschäftlich',
  'tel geschäftlich',
  'telefon firma',
  'festnetz',
  'phone',
  'phone number',
  'telephone',
  'business phone',
  'work phone',
  'phone 1 - value',
  'primary phone',
  'telefon privat',
  'home phone',
]);
const phone2 = f('phone2', 'Telefon 2', 'Phone 2', 'phone', [
  'telefon geschäftlich 2',
  'business phone 2',
  'telefon privat',
  'tel privat',
  'home phone',
  'weiteres telefon',
  'other phone',
]);
const mobile = f('mobile', 'Mobil', 'Mobile', 'phone', [
  'mobil',
  'mobiltelefon',
  'mobilnummer',
  'handy',
  'handynummer',
  'mobile',
  'mobile phone',
  'cell',
  'cell phone',
  'cellphone',
]);
const fax = f('fax', 'Fax', 'Fax', 'phone', [
  'fax',
  'telefax',
  'faxnummer',
  'fax geschäftlich',
  'business fax',
  'fax privat',
  'home fax',
]);

/**
 * Consents (GDPR) a file brings for a contact, per purpose: yes/no, since when and from where.
 * A "yes" records a consent by import, a "no" a withdrawal where one was given (imports.consents.ts).
 */
const consentFields: ImportField[] = [
  f('consentNewsletter', 'Newsletter-Einwilligung', 'Newsletter consent', 'boolean', [
    'newsletter-einwilligung',
    'einwilligung newsletter',
    'newsletter einwilligung',
    'newsletter',
    'newsletter opt-in',
    'newsletter consent',
    'opt-in',
    'double opt-in',
  ]),
  f('consentNewsletterDate', 'Newsletter-Einwilligung am', 'Newsletter consent date', 'datetime', [
    'newsletter-einwilligung am',
    'newsletter-einwilligung datum',
    'newsletter-einwilligung vom',
    'datum newsletter-einwilligung',
    'einwilligungsdatum',
    'newsletter consent date',
    'opt-in date',
    'opt-in datum',
  ]),
  f('consentNewsletterSource', 'Newsletter-Einwilligung Quelle', 'Newsletter consent source', 'text', [
    'newsletter-einwilligung quelle',
    'quelle newsletter-einwilligung',
    'einwilligungsquelle',
    'newsletter consent source',
    'opt-in source',
    'opt-in quelle',
  ]),
  f('consentPhone', 'Einwilligung Telefonwerbung', 'Phone marketing consent', 'boolean', [
    'einwilligung telefonwerbung',
    'telefon-einwilligung',
    'telefonwerbung',
    'phone marketing consent',
    'phone consent',
  ]),
  f('consentPhoneDate', 'Einwilligung Telefonwerbung am', 'Phone marketing consent date', 'datetime', [
    'einwilligung telefonwerbung am',
    'einwilligung telefonwerbung datum',
    'telefon-einwilligung datum',
    'phone marketing consent date',
    'phone consent date',
  ]),
  f('consentPhoneSource', 'Einwilligung Telefonwerbung Quelle', 'Phone marketing consent source', 'text', [
    'einwilligung telefonwerbung quelle',
    'telefon-einwilligung quelle',
    'phone marketing consent source',
    'phone consent source',
  ]),
];

/** Which purpose each consent field of the import records, and its date and source fields. */
export const importedConsents = [
  {
    purpose: 'newsletter',
    granted: 'consentNewsletter',
    at: 'consentNewsletterDate',
    source: 'consentNewsletterSource',
  },
  { purpose: 'phone_marketing', granted: 'consentPhone', at: 'consentPhoneDate', source: 'consentPhoneSource' },
] as const;

const contactFields: ImportField[] = [
  customerNumber,
  externalId,
  f('salutation', 'Anrede', 'Salutation', 'text', ['anrede', 'herr/frau', 'salutation', 'form of address']),
  f('title', 'Titel', 'Title', 'text', [
    'titel',
    'akad titel',
    'akademischer titel',
    'title',
    'name prefix',
    'prefix',
    'n.prefix',
  ]),
  f('firstName', 'Vorname', 'First name', 'text', [
    'vorname',
    'vornamen',
    'first name',
    'firstname',
    'given name',
    'given_name',
    'forename',
    'n.given',
    'weitere vornamen',
    'middle name',
    'additional name',
    'n.additional',
  ]),
  f('lastName', 'Nachname', 'Last name', 'text', [
    'nachname',
    'familienname',
    'zuname',
    'last name',
    'lastname',
    'family name',
    'surname',
    'n.family',
  ]),
  f('fullName', 'Name (vollständig)', 'Full name', 'text', [
    'name',
    'vollständiger name',
    'kontakt',
    'kontaktperson',
    'ansprechpartner',
    'full name',
    'display name',
    'contact',
    'contact name',
    'fn',
  ]),
  f('jobTitle', 'Position', 'Job title', 'text', [
    'position',
    'funktion',
    'berufsbezeichnung',
    'stellung',
    'job title',
    'jobtitle',
    'role',
    'organization 1 - title',
    'organization title',
  ]),
  f('birthday', 'Geburtstag', 'Birthday', 'date', [
    'geburtstag',
    'geburtsdatum',
    'geb datum',
    'geb',
    'birthday',
    'birth date',
    'date of birth',
    'date_of_birth',
    'dob',
    'bday',
  ]),
  f('lifecycleStage', 'Phase', 'Lifecycle stage', 'text', [
    'phase',
    'lebenszyklusphase',
    'lebenszyklus',
    'status',
    'lifecycle stage',
    'lifecycle',
    'stage',
  ]),
  f('source', 'Quelle', 'Source', 'text', ['quelle', 'herkunft', 'source', 'lead source', 'origin']),
  tags,
  owner,
  email(''),
  email('2'),
  email('3'),
  phone,
  phone2,
  mobile,
  fax,
  street([]),
  postalCode,
  city,
  region,
  country,
  f('company', 'Firma', 'Company', 'ref', [
    'firma',
    'unternehmen',
    'firmenname',
    'organisation',
    'arbeitgeber',
    'company',
    'company name',
    'organization',
    'organisation name',
    'organization 1 - name',
    'org',
    'account',
    'account name',
  ]),
  f('companyCustomerNumber', 'Kundennummer der Firma', "Company's customer number", 'text', [
    'kundennummer firma',
    'firmen-kundennummer',
    'company customer number',
    'account number',
  ]),
  notes,
  ...consentFields,
];

const companyFields: ImportField[] = [
  customerNumber,
  externalId,
  f('name', 'Name', 'Name', 'text', [
    'name',
    'firma',
    'firmenname',
    'unternehmen',
    'unternehmensname',
    'company',
    'company name',
    'organization',
    'organisation',
    'account name',
  ]),
  f('legalForm', 'Rechtsform', 'Legal form', 'text', ['rechtsform', 'legal form', 'entity type']),
  f('industry', 'Branche', 'Industry', 'text', ['branche', 'industrie', 'industry', 'sector', 'sektor']),
  f(
    'employeeCount',
    'Mitarbeiterzahl',
    'Employees',
    'number',
    [
      'mitarbeiter',
      'mitarbeitende',
      'mitarbeiterzahl',
      'anzahl mitarbeiter',
      'beschäftigte',
      'employees',
      'employee count',
      'headcount',
    ],
    { integer: true },
  ),
  f('annualRevenue', 'Jahresumsatz', 'Annual revenue', 'money', [
    'umsatz',
    'jahresumsatz',
    'annual revenue',
    'revenue',
    'turnover',
  ]),
  f('website', 'Website', 'Website', 'text', [
    'website',
    'webseite',
    'homepage',
    'internetseite',
    'internet',
    'url',
    'web',
    'www',
    'domain',
  ]),
  f('vatId', 'USt-IdNr.', 'VAT id', 'text', [
    'ust-idnr',
    'ust-id',
    'ustid',
    'umsatzsteuer-id',
    'umsatzsteuer-identifikationsnummer',
    'vat id',
    'vat number',
    'vat no',
    'vat',
  ]),
  f('description', 'Beschreibung', 'Description', 'text', ['beschreibung', 'description', 'about', 'info']),
  tags,
  owner,
  f('email', 'E-Mail', 'Email', 'email', ['e-mail', 'email', 'mail', 'e-mail-adresse', 'email address']),
  f('phone', 'Telefon', 'Phone', 'phone', ['telefon', 'tel', 'telefonnummer', 'phone', 'phone number', 'telephone']),
  fax,
  street([]),
  postalCode,
  city,
  region,
  country,
  notes,
];

const refContact = f('contact', 'Kontakt', 'Contact', 'ref', [
  'kontakt',
  'ansprechpartner',
  'kontakt e-mail',
  'contact',
  'contact email',
  'person',
]);
const refCompany = f('company', 'Firma', 'Company', 'ref', [
  'firma',
  'unternehmen',
  'kunde',
  'company',
  'organization',
  'account',
  'customer',
]);
const refDeal = f('deal', 'Verkaufschance', 'Deal', 'ref', ['verkaufschance', 'deal', 'opportunity', 'chance']);
const occurredAt = f('occurredAt', 'Zeitpunkt', 'Date', 'datetime', [
  'zeitpunkt',
  'datum',
  'erstellt am',
  'date',
  'created',
  'created at',
  'timestamp',
  'occurred at',
]);

const dealFields: ImportField[] = [
  externalId,
  f('title', 'Titel', 'Title', 'text', ['titel', 'bezeichnung', 'name', 'title', 'deal', 'deal name', 'opportunity']),
  f('value', 'Wert', 'Value', 'money', ['wert', 'betrag', 'volumen', 'auftragswert', 'value', 'amount', 'deal value']),
  f('currency', 'Währung', 'Currency', 'text', ['währung', 'currency']),
  f('pipeline', 'Pipeline', 'Pipeline', 'text', ['pipeline', 'vertriebsprozess']),
  f('stage', 'Phase', 'Stage', 'text', ['phase', 'stufe', 'status', 'stage', 'deal stage']),
  f('expectedCloseDate', 'Erwarteter Abschluss', 'Expected close', 'date', [
    'abschlussdatum',
    'erwarteter abschluss',
    'voraussichtlicher abschluss',
    'close date',
    'expected close',
    'expected close date',
  ]),
  refCompany,
  refContact,
  owner,
  tags,
  notes,
];

const activityFields: ImportField[] = [
  f('type', 'Art', 'Type', 'text', ['art', 'typ', 'aktivitätsart', 'type', 'activity type', 'kind']),
  f('subject', 'Betreff', 'Subject', 'text', ['betreff', 'thema', 'titel', 'subject', 'title']),
  f('body', 'Inhalt', 'Body', 'text', [
    'inhalt',
    'text',
    'beschreibung',
    'notiz',
    'bemerkung',
    'body',
    'description',
    'content',
    'note',
  ]),
  occurredAt,
  f(
    'durationMinutes',
    'Dauer (Minuten)',
    'Duration (minutes)',
    'number',
    ['dauer', 'dauer in minuten', 'minuten', 'duration', 'duration minutes', 'minutes'],
    { integer: true },
  ),
  f('direction', 'Richtung', 'Direction', 'text', ['richtung', 'direction']),
  f('outcome', 'Ergebnis', 'Outcome', 'text', ['ergebnis', 'outcome', 'result']),
  refContact,
  refCompany,
  refDeal,
  owner,
];

const noteFields: ImportField[] = [
  f('body', 'Inhalt', 'Body', 'text', [
    'inhalt',
    'text',
    'notiz',
    'bemerkung',
    'body',
    'note',
    'content',
    'description',
    'beschreibung',
  ]),
  occurredAt,
  refContact,
  refCompany,
  refDeal,
  owner,
];

// Orders and their lines (docs/import-export.md, "Orders"): a row is an order, a line of one,
// or both (the order's columns repeated on each of its line rows).
const orderFields: ImportField[] = [
  f('externalNumber', 'Auftragsnummer', 'Order number', 'text', [
    'auftragsnummer',
    'auftrags-nr',
    'auftragsnr',
    'bestellnummer',
    'bestell-nr',
    'bestellnr',
    'belegnummer',
    'beleg-nr',
    'order number',
    'order no',
    'order id',
    'order',
    'external number',
  ]),
  customerNumber,
  externalId,
  f('email', 'E-Mail', 'Email', 'text', [
    'e-mail',
    'email',
    'mail',
    'e-mail-adresse',
    'email address',
    'kunden e-mail',
  ]),
  f('customerName', 'Kunde', 'Customer', 'text', [
    'kunde',
    'kundenname',
    'firma',
    'firmenname',
    'auftraggeber',
    'customer',
    'customer name',
    'company',
    'company name',
  ]),
  f('orderDate', 'Bestelldatum', 'Order date', 'date', [
    'bestelldatum',
    'auftragsdatum',
    'belegdatum',
    'datum',
    'order date',
    'date',
  ]),
  f('netTotal', 'Nettobetrag', 'Net total', 'money', [
    'nettobetrag',
    'netto',
    'summe netto',
    'nettosumme',
    'auftragswert',
    'net total',
    'net',
    'total net',
    'order total',
  ]),
  f('currency', 'Währung', 'Currency', 'text', ['währung', 'currency']),
  f('status', 'Status', 'Status', 'text', ['status', 'auftragsstatus', 'order status']),
  f('kind', 'Art', 'Kind', 'text', ['art', 'belegart', 'auftragsart', 'kind', 'type']),
  f('productNumber', 'Artikelnummer', 'Product number', 'text', [
    'artikelnummer',
    'artikel-nr',
    'artikelnr',
    'art-nr',
    'sku',
    'product number',
    'product no',
    'item number',
  ]),
  f('productName', 'Artikel', 'Product', 'text', [
    'artikel',
    'artikelbezeichnung',
    'bezeichnung',
    'product',
    'item',
    'product name',
  ]),
  f('quantity', 'Menge', 'Quantity', 'number', ['menge', 'anzahl', 'stückzahl', 'quantity', 'qty']),
  f('unitPrice', 'Einzelpreis', 'Unit price', 'money', ['einzelpreis', 'stückpreis', 'preis', 'unit price', 'price']),
  f('netAmount', 'Positionsbetrag', 'Line amount', 'money', [
    'positionsbetrag',
    'positionswert',
    'betrag',
    'gesamtpreis',
    'zeilenbetrag',
    'line amount',
    'line total',
    'amount',
  ]),
  f('vatRate', 'USt-Satz', 'VAT rate', 'number', [
    'ust-satz',
    'mwst-satz',
    'steuersatz',
    'mwst',
    'vat rate',
    'tax rate',
  ]),
];

/** Every record type's fields, in the order the web app lists them. */
export const importFields: Record<RecordType, readonly ImportField[]> = {
  contacts: contactFields,
  companies: companyFields,
  deals: dealFields,
  activities: activityFields,
  notes: noteFields,
  products: productFields,
  orders: orderFields,
};

export function fieldsOf(recordType: RecordType): readonly ImportField[] {
  return importFields[recordType];
}

export function fieldOf(recordType: RecordType, key: string): ImportField | undefined {
  return importFields[recordType].find((field) => field.key === key);
}

/**
 * A column name as guessing compares it: lower-case, umlauts and ß transcribed (ä → ae, so
 * "Straße", "Strasse" and "STRASSE" meet), accents dropped, punctuation and underscores as
 * single spaces ("E-Mail-Adresse" → "e mail adresse", "Str." → "str", "Kunden-Nr." → "kunden nr").
 */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The columns of vCard rows (vcf.ts fills them), fixed so a file's columns are known before its
 * cards are read. `TEL.n.type` says what a number is (`cell`, `work,voice`, `fax`): applyMapping
 * reads it beside `TEL.n` to put mobiles and faxes into their fields.
 */
export const vcardColumns = [
  'FN',
  'N.family',
  'N.given',
  'N.additional',
  'N.prefix',
  'ORG',
  'TITLE',
  'EMAIL.1',
  'EMAIL.2',
  'EMAIL.3',
  'TEL.1',
  'TEL.1.type',
  'TEL.2',
  'TEL.2.type',
  'TEL.3',
  'TEL.3.type',
  'ADR.1.street',
  'ADR.1.city',
  'ADR.1.region',
  'ADR.1.postalCode',
  'ADR.1.country',
  'BDAY',
  'NOTE',
  'UID',
  'URL',
  'CATEGORIES',
] as const;

/**
 * How vCard columns fill a contact: TITLE is the job title in vCard (not the academic one, which
 * is N's prefix), UID the id the card has in its address book. URL has no field on contacts.
 */
export const vcardContactMapping: Record<string, string | string[]> = {
  externalId: 'UID',
  title: 'N.prefix',
  firstName: ['N.given', 'N.additional'],
  lastName: 'N.family',
  fullName: 'FN',
  jobTitle: 'TITLE',
  birthday: 'BDAY',
  tags: 'CATEGORIES',
  email: 'EMAIL.1',
  email2: 'EMAIL.2',
  email3: 'EMAIL.3',
  phone: ['TEL.1', 'TEL.2', 'TEL.3'],
  street: 'ADR.1.street',
  postalCode: 'ADR.1.postalCode',
  city: 'ADR.1.city',
  region: 'ADR.1.region',
  country: 'ADR.1.country',
  company: 'ORG',
  notes: 'NOTE',
};
