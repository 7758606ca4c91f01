// The pools the demo data is drawn from: German and international names (with umlauts),
// real German city / postal code / area code triples, streets, industries and legal forms.

export const germanMaleFirst = [
  'Jürgen', 'Björn', 'Jörg', 'Sören', 'Günter', 'Thomas', 'Michael', 'Andreas', 'Stefan', 'Christian',
  'Markus', 'Frank', 'Matthias', 'Alexander', 'Martin', 'Tobias', 'Florian', 'Sebastian', 'Jan', 'Lukas',
  'Maximilian', 'Felix', 'Jonas', 'Niklas', 'Timo', 'Dirk', 'Uwe', 'Klaus', 'Wolfgang', 'Holger',
  'Hans-Jürgen', 'Karl-Heinz', 'Jörn', 'Sönke', 'Bernd', 'Rüdiger', 'Ralf', 'Torsten', 'Volker', 'Helmut',
  'Dieter', 'Manfred', 'Olaf', 'Benedikt', 'Moritz', 'Jens', 'Lars', 'Kai', 'Malte', 'Till',
];

export const germanFemaleFirst = [
  'Anna', 'Julia', 'Katrin', 'Sabine', 'Petra', 'Monika', 'Claudia', 'Susanne', 'Andrea', 'Nicole',
  'Stefanie', 'Sandra', 'Melanie', 'Christina', 'Laura', 'Lea', 'Hannah', 'Sophie', 'Marie', 'Lena',
  'Jülide', 'Bärbel', 'Dörte', 'Käthe', 'Jördis', 'Ute', 'Birgit', 'Heike', 'Anja', 'Kerstin',
  'Anna-Lena', 'Marie-Luise', 'Annegret', 'Gisela', 'Renate', 'Franziska', 'Johanna', 'Charlotte', 'Miriam', 'Vanessa',
  'Katharina', 'Carolin', 'Svenja', 'Wiebke', 'Friederike', 'Antje', 'Silke', 'Tanja', 'Nadine', 'Ines',
];

export const germanLast = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
  'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber',
  'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert',
  'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz',
  'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Martin',
  'Schumacher', 'Krämer', 'Vogt', 'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich',
  'Brandt', 'Haas', 'Schreiber', 'Graf', 'Schulte', 'Dietrich', 'Ziegler', 'Kuhn', 'Kühn', 'Pohl',
  'Engel', 'Horn', 'Busch', 'Bergmann', 'Voigt', 'Sauer', 'Arnold', 'Wolff', 'Pfeiffer', 'Gößwein',
  'Blümel', 'Däubler', 'Nüßlein', 'Oßwald', 'Strauß', 'Jährling', 'Bürger', 'Dürr', 'Förster', 'Gärtner',
  'Häusler', 'Kößler', 'Löffler', 'Mößner', 'Pöschl', 'Rößler', 'Sänger', 'Thürmer', 'Völker', 'Zöllner',
];

export const internationalMaleFirst = [
  'James', 'John', 'David', 'Michael', 'Liam', 'Oliver', 'Mehmet', 'Emre', 'Ümit', 'Piotr',
  'Tomasz', 'Jiří', 'Luca', 'Marco', 'José', 'Pablo', 'François', 'Pierre', 'Lars', 'Mikael',
  'Sven', 'Dmitri', 'Wei', 'Hiroshi', 'Andrés', 'João', 'Niall', 'Kofi', 'Ahmed', 'Raj',
];

export const internationalFemaleFirst = [
  'Emma', 'Olivia', 'Sarah', 'Emily', 'Charlotte', 'Ayşe', 'Özlem', 'Elif', 'Agnieszka', 'Katarzyna',
  'Zuzana', 'Giulia', 'Chiara', 'María', 'Lucía', 'Amélie', 'Zoë', 'Renée', 'Ingrid', 'Astrid',
  'Sofia', 'Olga', 'Mei', 'Yuki', 'Ana', 'Beatriz', 'Siobhán', 'Priya', 'Fatima', 'Noémie',
];

export const internationalLast = [
  'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', "O'Brien", 'Murphy', 'Yılmaz', 'Kaya', 'Demir',
  'Öztürk', 'Çelik', 'Nowak', 'Kowalski', 'Wiśniewski', 'Novák', 'Dvořák', 'Horváth', 'Rossi', 'Bianchi',
  'García', 'Martínez', 'Fernández', 'Dubois', 'Lefèvre', 'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'de Vries',
  'van den Berg', 'Jansen', 'Ivanova', 'Petrov', 'Nguyen', 'Tanaka', 'Kim', 'Chen', 'Papadopoulos', 'Silva',
];

/** City, region (Bundesland), landline area code, and real postal codes of that city. */
export interface City {
  city: string; region: string; area: string; postalCodes: readonly string[]; country: string;
  /** Subscriber number length abroad (German ones vary). */
  digits?: number;
}

const de = (city: string, region: string, area: string, postalCodes: string[]): City => ({ city, region, area, postalCodes, country: 'DE' });

export const germanCities: readonly City[] = [
  de('Berlin', 'Berlin', '30', ['10115', '10117', '10178', '10435', '10551', '10625', '10707', '10961', '12043', '13347']),
  de('München', 'Bayern', '89', ['80331', '80333', '80335', '80469', '80539', '80636', '81369', '81541', '81667']),
  de('Hamburg', 'Hamburg', '40', ['20095', '20099', '20144', '20249', '20354', '22041', '22299', '22765']),
  de('Köln', 'Nordrhein-Westfalen', '221', ['50667', '50668', '50672', '50674', '50733', '50823', '50937', '51103']),
  de('Frankfurt am Main', 'Hessen', '69', ['60311', '60313', '60316', '60322', '60325', '60486', '60594']),
  de('Stuttgart', 'Baden-Württemberg', '711', ['70173', '70174', '70176', '70178', '70180', '70190', '70469']),
  de('Düsseldorf', 'Nordrhein-Westfalen', '211', ['40210', '40211', '40212', '40213', '40215', '40219', '40477']),
  de('Leipzig', 'Sachsen', '341', ['04103', '04105', '04107', '04109', '04177', '04275']),
  de('Dresden', 'Sachsen', '351', ['01067', '01069', '01097', '01099', '01307']),
  de('Hannover', 'Niedersachsen', '511', ['30159', '30161', '30169', '30173']),
  de('Nürnberg', 'Bayern', '911', ['90402', '90403', '90408', '90429', '90459']),
  de('Bremen', 'Bremen', '421', ['28195', '28203', '28209', '28211']),
  de('Essen', 'Nordrhein-Westfalen', '201', ['45127', '45128', '45130']),
  de('Dortmund', 'Nordrhein-Westfalen', '231', ['44135', '44137', '44139']),
  de('Bonn', 'Nordrhein-Westfalen', '228', ['53111', '53113', '53115']),
  de('Münster', 'Nordrhein-Westfalen', '251', ['48143', '48145', '48147']),
  de('Karlsruhe', 'Baden-Württemberg', '721', ['76131', '76133', '76135']),
  de('Mannheim', 'Baden-Württemberg', '621', ['68159', '68161', '68163', '68165']),
  de('Augsburg', 'Bayern', '821', ['86150', '86152', '86153']),
  de('Freiburg im Breisgau', 'Baden-Württemberg', '761', ['79098', '79100', '79102', '79104']),
  de('Kiel', 'Schleswig-Holstein', '431', ['24103', '24105', '24114']),
  de('Rostock', 'Mecklenburg-Vorpommern', '381', ['18055', '18057']),
  de('Erfurt', 'Thüringen', '361', ['99084', '99085']),
  de('Mainz', 'Rheinland-Pfalz', '6131', ['55116', '55118', '55122']),
  de('Wiesbaden', 'Hessen', '611', ['65183', '65185', '65189']),
  de('Regensburg', 'Bayern', '941', ['93047', '93049', '93053']),
  de('Würzburg', 'Bayern', '931', ['97070', '97072', '97074']),
  de('Potsdam', 'Brandenburg', '331', ['14467', '14469', '14482']),
  de('Magdeburg', 'Sachsen-Anhalt', '391', ['39104', '39106', '39108']),
  de('Saarbrücken', 'Saarland', '681', ['66111', '66113', '66117']),
  de('Aachen', 'Nordrhein-Westfalen', '241', ['52062', '52064', '52066']),
  de('Heidelberg', 'Baden-Württemberg', '6221', ['69115', '69117', '69120']),
  de('Göttingen', 'Niedersachsen', '551', ['37073', '37075', '37083']),
  de('Lübeck', 'Schleswig-Holstein', '451', ['23552', '23554', '23564']),
  de('Osnabrück', 'Niedersachsen', '541', ['49074', '49076', '49078']),
  de('Bielefeld', 'Nordrhein-Westfalen', '521', ['33602', '33604', '33609']),
  de('Ulm', 'Baden-Württemberg', '731', ['89073', '89075', '89077']),
  de('Passau', 'Bayern', '851', ['94032', '94034']),
];

/** A few neighbours, for the odd foreign address (their codes pass the API's country rules). */
export const foreignCities: readonly City[] = [
  { city: 'Wien', region: 'Wien', area: '1', postalCodes: ['1010', '1030', '1070'], country: 'AT', digits: 7 },
  { city: 'Graz', region: 'Steiermark', area: '316', postalCodes: ['8010', '8020'], country: 'AT', digits: 6 },
  { city: 'Zürich', region: 'Zürich', area: '44', postalCodes: ['8001', '8004', '8008'], country: 'CH', digits: 7 },
  { city: 'Basel', region: 'Basel-Stadt', area: '61', postalCodes: ['4051', '4052'], country: 'CH', digits: 7 },
  { city: 'Amsterdam', region: 'Noord-Holland', area: '20', postalCodes: ['1012 AB', '1017 CE'], country: 'NL', digits: 7 },
];

export const countryCallingCodes: Record<string, string> = { DE: '49', AT: '43', CH: '41', NL: '31' };

export const streets = [
  'Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Goethestraße', 'Lindenstraße', 'Friedrichstraße',
  'Schloßstraße', 'Gartenweg', 'Am Markt', 'Kirchstraße', 'Poststraße', 'Berliner Straße', 'Münchener Straße',
  'Industriestraße', 'Mühlenweg', 'Birkenweg', 'Rosenstraße', 'Ringstraße', 'Kaiserstraße', 'Wilhelmstraße',
  'Beethovenstraße', 'Mozartstraße', 'Feldstraße', 'Waldstraße', 'Uhlandstraße', 'Theodor-Heuss-Straße',
  'Konrad-Adenauer-Ring', 'Gewerbepark Süd', 'Am Hafen', 'Königstraße', 'Gutenbergstraße', 'Daimlerstraße',
  'Max-Planck-Straße', 'Robert-Bosch-Straße', 'Siemensstraße', 'Ludwigstraße', 'Marktplatz', 'Schulstraße',
];

/** Germany's mobile prefixes (without the leading 0) and their subscriber number lengths. */
export const mobilePrefixes: ReadonlyArray<readonly [string, number]> = [
  ['151', 8], ['152', 8], ['160', 7], ['170', 7], ['171', 7], ['172', 7], ['173', 7], ['175', 7], ['176', 8], ['177', 7], ['179', 7],
];

export const privateMailDomains = ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de', 'outlook.de', 'icloud.com'];

export const legalForms: ReadonlyArray<readonly [string, number]> = [
  ['GmbH', 52], ['GmbH & Co. KG', 13], ['AG', 5], ['KG', 5], ['UG', 5], ['e.K.', 6], ['OHG', 2], ['GbR', 4],
  ['SE', 1], ['e.V.', 2], ['Ltd', 2], ['Inc', 1],
];

export const groupLegalForms: ReadonlyArray<readonly [string, number]> = [['AG', 5], ['SE', 2], ['GmbH', 3], ['GmbH & Co. KG', 2]];

export const industries = [
  'Maschinenbau', 'Automobilzulieferer', 'Chemie', 'Pharma', 'Medizintechnik', 'Logistik', 'Einzelhandel',
  'Großhandel', 'IT-Dienstleistungen', 'Software', 'Telekommunikation', 'Energie', 'Bauwesen', 'Handwerk',
  'Lebensmittel', 'Gastronomie', 'Hotellerie', 'Versicherungen', 'Banken', 'Unternehmensberatung',
  'Steuerberatung', 'Rechtsberatung', 'Immobilien', 'Elektrotechnik', 'Kunststofftechnik', 'Druck & Medien',
  'Textil', 'Möbel', 'Landwirtschaft', 'Gesundheitswesen', 'Bildung', 'Öffentliche Verwaltung',
];

/** Words that make a company name for its industry ("Krüger Maschinenbau", "Nordlicht Logistik"). */
export const companyWords: Record<string, readonly string[]> = {
  Maschinenbau: ['Maschinenbau', 'Anlagenbau', 'Präzisionstechnik', 'Antriebstechnik'],
  Automobilzulieferer: ['Fahrzeugtechnik', 'Automotive', 'Zulieferteile'],
  Chemie: ['Chemie', 'Chemiewerke', 'Beschichtungen'],
  Pharma: ['Pharma', 'Arzneimittel', 'Biotech'],
  Medizintechnik: ['Medizintechnik', 'Dental', 'Orthopädietechnik'],
  Logistik: ['Logistik', 'Spedition', 'Transporte', 'Lagerlogistik'],
  Einzelhandel: ['Handel', 'Fachmarkt', 'Warenhaus'],
  Großhandel: ['Großhandel', 'Handelshaus', 'Vertrieb'],
  'IT-Dienstleistungen': ['IT-Service', 'Systemhaus', 'Netzwerke'],
  Software: ['Software', 'Digital', 'Solutions', 'Data'],
  Telekommunikation: ['Telekom', 'Kommunikation', 'Netz'],
  Energie: ['Energie', 'Solar', 'Stadtwerke', 'Windkraft'],
  Bauwesen: ['Bau', 'Hochbau', 'Tiefbau', 'Bauunternehmung'],
  Handwerk: ['Elektro', 'Sanitär', 'Dachdeckerei', 'Schreinerei', 'Malerbetrieb'],
  Lebensmittel: ['Feinkost', 'Backwaren', 'Molkerei', 'Brauerei'],
  Gastronomie: ['Gastronomie', 'Catering', 'Brauhaus'],
  Hotellerie: ['Hotels', 'Hotel & Spa', 'Gästehaus'],
  Versicherungen: ['Versicherung', 'Versicherungsmakler'],
  Banken: ['Bank', 'Finanz', 'Kapital'],
  Unternehmensberatung: ['Consulting', 'Beratung', 'Partners'],
  Steuerberatung: ['Steuerberatung', 'Treuhand'],
  Rechtsberatung: ['Rechtsanwälte', 'Kanzlei'],
  Immobilien: ['Immobilien', 'Wohnbau', 'Hausverwaltung'],
  Elektrotechnik: ['Elektrotechnik', 'Elektronik', 'Schaltanlagen'],
  Kunststofftechnik: ['Kunststofftechnik', 'Kunststoffwerk', 'Polymer'],
  'Druck & Medien': ['Druckerei', 'Medien', 'Verlag'],
  Textil: ['Textil', 'Mode', 'Weberei'],
  Möbel: ['Möbel', 'Möbelwerkstätten', 'Einrichtungen'],
  Landwirtschaft: ['Agrar', 'Landtechnik', 'Hofgut'],
  Gesundheitswesen: ['Klinik', 'Pflegedienst', 'Praxisverbund'],
  Bildung: ['Akademie', 'Bildungswerk', 'Schulungszentrum'],
  'Öffentliche Verwaltung': ['Zweckverband', 'Kommunalservice', 'Bürgerdienste'],
};

/** First halves of invented brand names ("Nordlicht", "Alpenblick"). */
export const brandWords = [
  'Nordlicht', 'Alpenblick', 'Rheinland', 'Elbtal', 'Spreewald', 'Sonnenhof', 'Weitblick', 'Blauwal', 'Fichtel',
  'Hanse', 'Isartal', 'Mainufer', 'Bergland', 'Ostsee', 'Nordsee', 'Donau', 'Schwarzwald', 'Harz', 'Eifel', 'Taunus',
  'Lindwurm', 'Greif', 'Kranich', 'Adler', 'Falke', 'Luchs', 'Sternwarte', 'Leuchtturm', 'Mühlstein', 'Quelle',
];

export const subsidiarySuffixes = ['Vertrieb', 'Service', 'Logistik', 'Nord', 'Süd', 'Ost', 'West', 'Systems', 'Digital', 'Technik', 'International', 'Deutschland'];

export const companyDescriptions = [
  'Familiengeführtes Unternehmen in dritter Generation.',
  'Mittelständischer Betrieb mit Schwerpunkt auf Qualität und kurzen Lieferzeiten.',
  'Marktführer in der Region, wächst seit Jahren zweistellig.',
  'Bestandskunde seit vielen Jahren; Jahresgespräch im Frühjahr.',
  'Long-standing partner with offices across Europe.',
  'Fast-growing start-up, Series A in the last year.',
  'Einkauf läuft zentral über die Holding.',
  'Interesse an einer Rahmenvereinbarung für 2025/2026.',
];

export const companyTags = ['key-account', 'a-kunde', 'b-kunde', 'c-kunde', 'partner', 'lieferant', 'newsletter', 'messe-2024', 'potenzial', 'b2b', 'öffentlich'];
export const contactTags = ['newsletter', 'entscheider', 'messe', 'webinar', 'vip', 'event-2025', 'weihnachtskarte', 'beta-tester'];

export const academicTitles: ReadonlyArray<readonly [string | null, number]> = [[null, 90], ['Dr.', 7], ['Prof. Dr.', 1], ['Dipl.-Ing.', 2]];

export const sources = ['Website', 'Messe', 'Empfehlung', 'Kaltakquise', 'Newsletter', 'LinkedIn', 'Partner', 'Webinar', 'Anzeige'];

/** Job titles by buying-centre role. */
export const jobTitles: Record<string, readonly string[]> = {
  decision_maker: ['Geschäftsführer', 'Geschäftsführerin', 'Vorstand', 'CEO', 'Managing Director', 'Inhaber', 'Leiter Vertrieb'],
  influencer: ['Leiterin IT', 'Head of Operations', 'Technischer Leiter', 'Projektleiterin', 'CTO', 'Leiter Produktion'],
  user: ['Sachbearbeiterin', 'Teamleiter Kundenservice', 'Disponent', 'Office Manager', 'Ingenieur', 'Assistentin der Geschäftsführung'],
  gatekeeper: ['Assistenz der Geschäftsleitung', 'Empfang', 'Office Manager', 'Sekretariat'],
  buyer: ['Einkaufsleiter', 'Einkäuferin', 'Procurement Manager', 'Strategischer Einkauf'],
  champion: ['Bereichsleiterin Digitalisierung', 'Innovation Manager', 'Prokurist', 'Leiterin Marketing'],
};

export const buyingRoles: ReadonlyArray<readonly [string, number]> = [
  ['decision_maker', 18], ['influencer', 20], ['user', 30], ['gatekeeper', 8], ['buyer', 14], ['champion', 10],
];

export const products = [
  'Wartungsvertrag', 'Software-Lizenzen', 'Rahmenvertrag', 'Beratungsprojekt', 'Schulungspaket', 'Erweiterung Standort',
  'Cloud-Migration', 'Ersatzteilpaket', 'Service-Level-Agreement', 'Pilotprojekt', 'Jahresvertrag', 'Hardware-Erneuerung',
  'CRM-Einführung', 'Support Premium', 'Consulting retainer', 'Annual subscription',
];

export const lostReasons = [
  'Preis zu hoch', 'Wettbewerber gewählt', 'Kein Budget', 'Projekt verschoben', 'Keine Rückmeldung',
  'Anforderungen nicht erfüllt', 'Lost to competitor', 'Entscheidung intern gefallen',
];

/** The demo's colleagues: name, role, login local part (the admin comes first). */
export const demoUsers = [
  { name: 'Katrin Weiß', role: 'admin' },
  { name: 'Björn Gößwein', role: 'manager' },
  { name: 'Jürgen Schäfer', role: 'agent' },
  { name: 'Özlem Krüger', role: 'agent' },
] as const;

const mailLocals = new Map<string, string>();

/** "Jürgen Gößwein" → "juergen.goesswein": what people do with umlauts in mail addresses. */
export function mailLocal(text: string): string {
  let local = mailLocals.get(text);
  if (local === undefined) {
    local = toMailLocal(text);
    if (mailLocals.size < 200_000) mailLocals.set(text, local);
  }
  return local;
}

function toMailLocal(text: string): string {
  return text.toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/ı/g, 'i')
    .normalize('NFKD').replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '');
}
