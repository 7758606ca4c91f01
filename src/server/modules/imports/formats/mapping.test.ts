import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyMapping, guessMapping, type Mapping, type SourceRow, splitFullName, vcardColumns } from './index.ts';

const row = (values: Record<string, string>, line = 2): SourceRow => ({ line, values, problems: [] });
const de = { defaultCountry: 'DE', onInvalid: 'skipValue' as const };

describe('guessMapping', () => {
  test('German headers, street joined with the house number', () => {
    const columns = [
      'Kunden-Nr.',
      'Anrede',
      'Titel',
      'Vorname',
      'Nachname',
      'Firma',
      'Funktion',
      'Straße',
      'Hausnr.',
      'PLZ',
      'Ort',
      'Bundesland',
      'Land',
      'E-Mail-Adresse',
      'Tel.',
      'Handy',
      'Fax',
      'Geburtsdatum',
      'Bemerkung',
      'Schlagwörter',
      'Quelle',
    ];
    assert.deepEqual(guessMapping('contacts', columns), {
      customerNumber: 'Kunden-Nr.',
      salutation: 'Anrede',
      title: 'Titel',
      firstName: 'Vorname',
      lastName: 'Nachname',
      jobTitle: 'Funktion',
      birthday: 'Geburtsdatum',
      source: 'Quelle',
      tags: 'Schlagwörter',
      email: 'E-Mail-Adresse',
      phone: 'Tel.',
      mobile: 'Handy',
      fax: 'Fax',
      street: ['Straße', 'Hausnr.'],
      postalCode: 'PLZ',
      city: 'Ort',
      region: 'Bundesland',
      country: 'Land',
      company: 'Firma',
      notes: 'Bemerkung',
    });
  });

  test('"Name" beside "Vorname" is the family name; alone it is the full name', () => {
    assert.deepEqual(guessMapping('contacts', ['Name', 'Vorname', 'Stadt', 'Strasse']), {
      firstName: 'Vorname',
      lastName: 'Name',
      street: 'Strasse',
      city: 'Stadt',
    });
    assert.deepEqual(guessMapping('contacts', ['Name', 'E-Mail']), { fullName: 'Name', email: 'E-Mail' });
  });

  test('Outlook, English: business address over home address, second and third email', () => {
    const columns = [
      'Title',
      'First Name',
      'Middle Name',
      'Last Name',
      'Company',
      'Job Title',
      'Business Street',
      'Business City',
      'Business State',
      'Business Postal Code',
      'Business Country/Region',
      'Home Street',
      'Home City',
      'Home Postal Code',
      'Business Fax',
      'Business Phone',
      'Business Phone 2',
      'Home Phone',
      'Mobile Phone',
      'E-mail Address',
      'E-mail 2 Address',
      'E-mail 3 Address',
      'Birthday',
      'Notes',
      'Categories',
    ];
    const mapping = guessMapping('contacts', columns);
    assert.equal(mapping.title, 'Title');
    assert.equal(mapping.firstName, 'First Name');
    assert.equal(mapping.lastName, 'Last Name');
    assert.equal(mapping.company, 'Company');
    assert.equal(mapping.jobTitle, 'Job Title');
    assert.equal(mapping.street, 'Business Street');
    assert.equal(mapping.city, 'Business City');
    assert.equal(mapping.region, 'Business State');
    assert.equal(mapping.postalCode, 'Business Postal Code');
    assert.equal(mapping.country, 'Business Country/Region');
    assert.equal(mapping.phone, 'Business Phone');
    assert.equal(mapping.phone2, 'Business Phone 2');
    assert.equal(mapping.mobile, 'Mobile Phone');
    assert.equal(mapping.fax, 'Business Fax');
    assert.equal(mapping.email, 'E-mail Address');
    assert.equal(mapping.email2, 'E-mail 2 Address');
    assert.equal(mapping.email3, 'E-mail 3 Address');
    assert.equal(mapping.birthday, 'Birthday');
    assert.equal(mapping.notes, 'Notes');
    assert.equal(mapping.tags, 'Categories');
  });

  test('Outlook, German', () => {
    const columns = [
      'Anrede',
      'Vorname',
      'Weitere Vornamen',
      'Nachname',
      'Firma',
      'Position',
      'Straße geschäftlich',
      'Ort geschäftlich',
      'Region geschäftlich',
      'Postleitzahl geschäftlich',
      'Land/Region geschäftlich',
      'Straße privat',
      'Ort privat',
      'Fax geschäftlich',
      'Telefon geschäftlich',
      'Telefon geschäftlich 2',
      'Telefon privat',
      'Mobiltelefon',
      'E-Mail-Adresse',
      'E-Mail 2: Adresse',
      'Geburtstag',
      'Notizen',
      'Kategorien',
    ];
    const mapping = guessMapping('contacts', columns);
    assert.equal(mapping.firstName, 'Vorname');
    assert.equal(mapping.lastName, 'Nachname');
    assert.equal(mapping.company, 'Firma');
    assert.equal(mapping.jobTitle, 'Position');
    assert.equal(mapping.street, 'Straße geschäftlich');
    assert.equal(mapping.city, 'Ort geschäftlich');
    assert.equal(mapping.region, 'Region geschäftlich');
    assert.equal(mapping.postalCode, 'Postleitzahl geschäftlich');
    assert.equal(mapping.country, 'Land/Region geschäftlich');
    assert.equal(mapping.phone, 'Telefon geschäftlich');
    assert.equal(mapping.phone2, 'Telefon geschäftlich 2');
    assert.equal(mapping.mobile, 'Mobiltelefon');
    assert.equal(mapping.fax, 'Fax geschäftlich');
    assert.equal(mapping.email, 'E-Mail-Adresse');
    assert.equal(mapping.email2, 'E-Mail 2: Adresse');
    assert.equal(mapping.birthday, 'Geburtstag');
    assert.equal(mapping.notes, 'Notizen');
    assert.equal(mapping.tags, 'Kategorien');
  });

  test('Google Contacts: numbered phones all go to phone (their types route them)', () => {
    const columns = [
      'Name',
      'Given Name',
      'Additional Name',
      'Family Name',
      'Name Prefix',
      'Birthday',
      'Notes',
      'E-mail 1 - Type',
      'E-mail 1 - Value',
      'E-mail 2 - Type',
      'E-mail 2 - Value',
      'Phone 1 - Type',
      'Phone 1 - Value',
      'Phone 2 - Type',
      'Phone 2 - Value',
      'Address 1 - Type',
      'Address 1 - Formatted',
      'Address 1 - Street',
      'Address 1 - City',
      'Address 1 - Region',
      'Address 1 - Postal Code',
      'Address 1 - Country',
      'Organization 1 - Name',
      'Organization 1 - Title',
    ];
    const mapping = guessMapping('contacts', columns);
    assert.equal(mapping.firstName, 'Given Name');
    assert.equal(mapping.lastName, 'Family Name');
    assert.equal(mapping.fullName, 'Name');
    assert.equal(mapping.title, 'Name Prefix');
    assert.equal(mapping.email, 'E-mail 1 - Value');
    assert.equal(mapping.email2, 'E-mail 2 - Value');
    assert.deepEqual(mapping.phone, ['Phone 1 - Value', 'Phone 2 - Value']);
    assert.equal(mapping.street, 'Address 1 - Street');
    assert.equal(mapping.city, 'Address 1 - City');
    assert.equal(mapping.region, 'Address 1 - Region');
    assert.equal(mapping.postalCode, 'Address 1 - Postal Code');
    assert.equal(mapping.country, 'Address 1 - Country');
    assert.equal(mapping.company, 'Organization 1 - Name');
    assert.equal(mapping.jobTitle, 'Organization 1 - Title');
    const { values } = applyMapping(
      'contacts',
      mapping,
      row({
        'Phone 1 - Type': 'Mobile',
        'Phone 1 - Value': '0170 1234567 ::: 0171 7654321',
        'Phone 2 - Type': 'Work',
        'Phone 2 - Value': '030 123456',
      }),
      de,
    );
    assert.deepEqual(values.mobile, ['0170 1234567', '0171 7654321']);
    assert.deepEqual(values.phone, ['030 123456']);
  });

  test('vCard columns map completely', () => {
    const mapping = guessMapping('contacts', [...vcardColumns]);
    const mapped = new Set(Object.values(mapping).flat());
    const unmapped = vcardColumns.filter((c) => !mapped.has(c) && !c.endsWith('.type'));
    assert.deepEqual(unmapped, ['URL']);
    assert.equal(mapping.jobTitle, 'TITLE');
    assert.equal(mapping.externalId, 'UID');
  });

  test('companies, deals, activities, FEBRL', () => {
    assert.deepEqual(
      guessMapping('companies', [
        'Firmenname',
        'Rechtsform',
        'Branche',
        'Mitarbeiter',
        'Jahresumsatz',
        'Webseite',
        'USt-IdNr.',
        'Kundennummer',
      ]),
      {
        customerNumber: 'Kundennummer',
        name: 'Firmenname',
        legalForm: 'Rechtsform',
        industry: 'Branche',
        employeeCount: 'Mitarbeiter',
        annualRevenue: 'Jahresumsatz',
        website: 'Webseite',
        vatId: 'USt-IdNr.',
      },
    );
    assert.deepEqual(guessMapping('deals', ['Titel', 'Betrag', 'Währung', 'Phase', 'Firma', 'Kontakt']), {
      title: 'Titel',
      value: 'Betrag',
      currency: 'Währung',
      stage: 'Phase',
      company: 'Firma',
      contact: 'Kontakt',
    });
    assert.deepEqual(guessMapping('activities', ['Art', 'Betreff', 'Datum', 'Dauer', 'Kontakt']), {
      type: 'Art',
      subject: 'Betreff',
      occurredAt: 'Datum',
      durationMinutes: 'Dauer',
      contact: 'Kontakt',
    });
    const febrl = [
      'rec_id',
      'given_name',
      'surname',
      'street_number',
      'address_1',
      'address_2',
      'suburb',
      'postcode',
      'state',
      'date_of_birth',
      'soc_sec_id',
    ];
    const mapping = guessMapping('contacts', febrl);
    assert.deepEqual(mapping.street, ['street_number', 'address_1']);
    assert.equal(mapping.firstName, 'given_name');
    assert.equal(mapping.lastName, 'surname');
    assert.equal(mapping.city, 'suburb');
    assert.equal(mapping.postalCode, 'postcode');
    assert.equal(mapping.region, 'state');
    assert.equal(mapping.birthday, 'date_of_birth');
    assert.equal(mapping.externalId, 'soc_sec_id');
  });
});

describe('applyMapping', () => {
  test('values converted: German date, joined street, lists, constants, full name split', () => {
    const mapping: Mapping = {
      fullName: 'Name',
      birthday: 'Geb',
      street: ['Str', 'Nr'],
      email: 'Mail',
      tags: 'Tags',
      constants: { tags: ['Messe 2026'], source: 'Import', lifecycleStage: 'Kunde' },
    };
    const result = applyMapping(
      'contacts',
      mapping,
      row({
        Name: 'Anna von Müller',
        Geb: '29.02.1980',
        Str: ' Hauptstraße ',
        Nr: '5a',
        Mail: 'a@example.de; b@example.de',
        Tags: 'vip, newsletter',
      }),
      de,
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.rejected, false);
    assert.deepEqual(result.values, {
      firstName: 'Anna',
      lastName: 'von Müller',
      birthday: '1980-02-29',
      street: 'Hauptstraße 5a',
      email: ['a@example.de', 'b@example.de'],
      tags: ['vip', 'newsletter', 'Messe 2026'],
      source: 'Import',
      lifecycleStage: 'customer',
    });
  });

  test('bad values: skipValue drops them with a warning, reject rejects the row', () => {
    const mapping: Mapping = { lastName: 'N', birthday: 'G', email: 'E' };
    const bad = row({ N: 'Muster', G: '31.02.2026', E: 'not-an-email' }, 7);
    const skipped = applyMapping('contacts', mapping, bad, de);
    assert.equal(skipped.rejected, false);
    assert.deepEqual(skipped.values, { lastName: 'Muster' });
    assert.deepEqual(
      skipped.problems.map((p) => [p.line, p.field, p.code]),
      [
        [7, 'birthday', 'invalid_date'],
        [7, 'email', 'invalid_email'],
      ],
    );
    assert.match(skipped.problems[0].message, /31\.02\.2026/);
    const rejected = applyMapping('contacts', mapping, bad, { ...de, onInvalid: 'reject' });
    assert.equal(rejected.rejected, true);
  });

  test('a reader problem always rejects; control characters never come through', () => {
    const result = applyMapping(
      'contacts',
      { lastName: 'N', notes: 'X' },
      {
        line: 3,
        values: { N: 'A\u0000b', X: 'one\u0007 two\r\nthree' },
        problems: [{ line: 3, field: null, code: 'invalid_format', message: 'bad' }],
      },
      de,
    );
    assert.equal(result.rejected, true);
    assert.deepEqual(result.values, { lastName: 'Ab', notes: 'one two\nthree' });
  });

  test('money and numbers per locale, activities choices, datetimes in Berlin time', () => {
    const deal = (value: string, locale?: 'de' | 'en') =>
      applyMapping('deals', { value: 'V' }, row({ V: value }), { ...de, locale }).values.value;
    assert.equal(deal('1.234,56 €'), '1234.56');
    assert.equal(deal('1,234.56'), '1234.56');
    assert.equal(deal('1.234'), '1234');
    assert.equal(deal('1,234', 'en'), '1234');
    assert.equal(deal('1.234', 'en'), undefined); // three decimals are no money
    assert.equal(deal('EUR 12,5'), '12.5');
    const activity = applyMapping(
      'activities',
      { type: 'T', direction: 'D', occurredAt: 'W', durationMinutes: 'M' },
      row({ T: 'Anruf', D: 'eingehend', W: '31.07.2026 14:30', M: '15' }),
      de,
    );
    assert.deepEqual(activity.values, {
      type: 'call',
      direction: 'inbound',
      occurredAt: '2026-07-31T12:30:00.000Z',
      durationMinutes: '15',
    });
    const unknown = applyMapping('activities', { type: 'T' }, row({ T: 'Tanz' }), de);
    assert.equal(unknown.problems[0].code, 'invalid_choice');
  });

  test('full names', () => {
    assert.deepEqual(splitFullName('Müller, Anna'), { lastName: 'Müller', firstName: 'Anna' });
    assert.deepEqual(splitFullName('Hans Peter van der Berg'), { firstName: 'Hans Peter', lastName: 'van der Berg' });
    assert.deepEqual(splitFullName('Cher'), { lastName: 'Cher' });
  });
});
