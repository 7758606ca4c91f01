import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Addressee, letterSalutation, type SalutationOptions } from './salutation.ts';

type Case = [Addressee, string];

function check(cases: Case[], options: SalutationOptions) {
  for (const [person, expected] of cases)
    assert.equal(letterSalutation(person, options), expected, `${JSON.stringify(person)} ${JSON.stringify(options)}`);
}

describe('the German letter salutation', () => {
  test('a man or a woman by their last name, with their doctorate and professorship', () => {
    check(
      [
        [{ salutation: 'Herr', firstName: 'Jürgen', lastName: 'Müller' }, 'Sehr geehrter Herr Müller,'],
        [{ salutation: 'Frau', title: 'Dr.', firstName: 'Ida', lastName: 'Schmidt' }, 'Sehr geehrte Frau Dr. Schmidt,'],
        [
          { salutation: 'Herr', title: 'Prof. Dr.', firstName: 'Klaus', lastName: 'Weber' },
          'Sehr geehrter Herr Prof. Dr. Weber,',
        ],
        [{ salutation: 'Frau', title: 'Prof.', lastName: 'Öztürk' }, 'Sehr geehrte Frau Prof. Öztürk,'],
        [{ salutation: 'Herr', title: 'Dr. Dr.', lastName: 'Brandt' }, 'Sehr geehrter Herr Dr. Dr. Brandt,'],
        [
          { salutation: 'Herr', title: 'Dr. rer. nat.', lastName: 'von Weizsäcker' },
          'Sehr geehrter Herr Dr. von Weizsäcker,',
        ],
        [{ salutation: 'Frau', title: 'Dr. med. dent.', lastName: 'Groß' }, 'Sehr geehrte Frau Dr. Groß,'],
        [{ salutation: 'Herr', title: 'Dr.-Ing.', lastName: 'Vogel' }, 'Sehr geehrter Herr Dr. Vogel,'],
        [
          { salutation: 'Herr', title: 'Prof. Dr. Dr. h.c. mult.', lastName: 'Lenz' },
          'Sehr geehrter Herr Prof. Dr. Dr. Lenz,',
        ],
        [{ salutation: 'Frau', title: 'Univ.-Prof. Dr.', lastName: 'Huber' }, 'Sehr geehrte Frau Prof. Dr. Huber,'],
        [{ salutation: 'Frau', lastName: 'Müller-Lüdenscheidt' }, 'Sehr geehrte Frau Müller-Lüdenscheidt,'],
      ],
      { language: 'de' },
    );
  });

  test('degrees a German salutation does not name are left out', () => {
    check(
      [
        [{ salutation: 'Herr', title: 'Dipl.-Ing.', lastName: 'Krause' }, 'Sehr geehrter Herr Krause,'],
        [{ salutation: 'Frau', title: 'M.Sc.', lastName: 'Lang' }, 'Sehr geehrte Frau Lang,'],
        [{ salutation: 'Herr', title: 'Dipl.-Kfm. Dr.', lastName: 'Roth' }, 'Sehr geehrter Herr Dr. Roth,'],
      ],
      { language: 'de' },
    );
  });

  test('salutations as typed: case, spaces, dots, "Herrn", English and other languages', () => {
    check(
      [
        [{ salutation: 'herr', lastName: 'Müller' }, 'Sehr geehrter Herr Müller,'],
        [{ salutation: '  FRAU  ', lastName: ' Schmidt ' }, 'Sehr geehrte Frau Schmidt,'],
        [{ salutation: 'Herrn', lastName: 'Bauer' }, 'Sehr geehrter Herr Bauer,'],
        [{ salutation: 'Hr.', lastName: 'Bauer' }, 'Sehr geehrter Herr Bauer,'],
        [{ salutation: 'Fr.', lastName: 'Wagner' }, 'Sehr geehrte Frau Wagner,'],
        [{ salutation: 'Mr.', lastName: 'Smith' }, 'Sehr geehrter Herr Smith,'],
        [{ salutation: 'Mrs', lastName: 'Smith' }, 'Sehr geehrte Frau Smith,'],
        [{ salutation: 'Ms.', lastName: 'Jones' }, 'Sehr geehrte Frau Jones,'],
        [{ salutation: 'Madame', lastName: 'Dubois' }, 'Sehr geehrte Frau Dubois,'],
        [{ salutation: 'Sig.ra', lastName: 'Rossi' }, 'Sehr geehrte Frau Rossi,'],
        [{ salutation: 'Señor', lastName: 'García' }, 'Sehr geehrter Herr García,'],
        [{ salutation: 'Fräulein', lastName: 'Klein' }, 'Sehr geehrte Frau Klein,'],
        [{ salutation: 'Sehr geehrter Herr', lastName: 'Vogt' }, 'Sehr geehrter Herr Vogt,'],
        [
          { salutation: 'Frau', firstName: 'Anna\u00a0Lena', lastName: 'Meyer\tZu  Hause' },
          'Sehr geehrte Frau Meyer Zu Hause,',
        ],
      ],
      { language: 'de' },
    );
  });

  test('a title in the salutation field, or a form of address in the title field, still counts', () => {
    check(
      [
        [{ salutation: 'Herr Dr.', lastName: 'Hahn' }, 'Sehr geehrter Herr Dr. Hahn,'],
        [{ salutation: 'Frau Prof.Dr.', lastName: 'Keller' }, 'Sehr geehrte Frau Prof. Dr. Keller,'],
        [{ title: 'Herr Dr.', lastName: 'Hahn' }, 'Sehr geehrter Herr Dr. Hahn,'],
        [{ salutation: 'Dr.', firstName: 'Alex', lastName: 'Berger' }, 'Guten Tag Dr. Alex Berger,'],
      ],
      { language: 'de' },
    );
  });

  test('no salutation, Divers or one not known: "Guten Tag" with the whole name', () => {
    check(
      [
        [{ firstName: 'Alex', lastName: 'Berger' }, 'Guten Tag Alex Berger,'],
        [{ salutation: 'Divers', firstName: 'Alex', lastName: 'Berger' }, 'Guten Tag Alex Berger,'],
        [{ salutation: 'divers', title: 'Dr.', firstName: 'Kim', lastName: 'Sommer' }, 'Guten Tag Dr. Kim Sommer,'],
        [{ salutation: 'Mx', firstName: 'Sam', lastName: 'Fischer' }, 'Guten Tag Sam Fischer,'],
        [{ salutation: 'Herr/Frau', firstName: 'Robin', lastName: 'Koch' }, 'Guten Tag Robin Koch,'],
        [{ salutation: 'Keine Angabe', lastName: 'Koch' }, 'Guten Tag Koch,'],
        [{ salutation: '', firstName: 'Alex', lastName: 'Berger' }, 'Guten Tag Alex Berger,'],
        [{ salutation: null, title: null, firstName: null, lastName: 'Berger' }, 'Guten Tag Berger,'],
      ],
      { language: 'de' },
    );
  });

  test('without a last name the first name is used; without any name, or for a company, the ladies and gentlemen', () => {
    check(
      [
        [{ salutation: 'Frau', title: 'Dr.', firstName: 'Anna', lastName: '' }, 'Guten Tag Anna,'],
        [{ salutation: 'Herr', firstName: 'Jonas' }, 'Guten Tag Jonas,'],
        [{ salutation: 'Frau', lastName: '   ' }, 'Sehr geehrte Damen und Herren,'],
        [{}, 'Sehr geehrte Damen und Herren,'],
        [{ salutation: 'Firma', lastName: 'Brandt & Vogel GmbH' }, 'Sehr geehrte Damen und Herren,'],
      ],
      { language: 'de' },
    );
  });

  test('a family and a couple', () => {
    check(
      [
        [{ salutation: 'Familie', lastName: 'Schulz' }, 'Sehr geehrte Familie Schulz,'],
        [{ salutation: 'Herr und Frau', lastName: 'Schulz' }, 'Sehr geehrte Frau Schulz, sehr geehrter Herr Schulz,'],
        [
          { salutation: 'Herr u. Frau', title: 'Dr.', lastName: 'Schulz' },
          'Sehr geehrte Frau Schulz, sehr geehrter Herr Schulz,',
        ],
        [{ salutation: 'Mr & Mrs', lastName: 'Taylor' }, 'Sehr geehrte Frau Taylor, sehr geehrter Herr Taylor,'],
      ],
      { language: 'de' },
    );
  });

  test('German is the default language and formal the default formality', () => {
    assert.equal(letterSalutation({ salutation: 'Frau', lastName: 'Schmidt' }), 'Sehr geehrte Frau Schmidt,');
  });

  test('informal: "Hallo" and the first name, else the formal name', () => {
    check(
      [
        [{ salutation: 'Frau', title: 'Dr.', firstName: 'Anna', lastName: 'Schmidt' }, 'Hallo Anna,'],
        [{ firstName: ' anna ', lastName: 'Schmidt' }, 'Hallo anna,'],
        [{ salutation: 'Frau', title: 'Dr.', lastName: 'Schmidt' }, 'Hallo Frau Dr. Schmidt,'],
        [{ salutation: 'Herr', lastName: 'Müller' }, 'Hallo Herr Müller,'],
        [{ lastName: 'Berger' }, 'Hallo Berger,'],
        [{ salutation: 'Familie', firstName: 'Uwe', lastName: 'Schulz' }, 'Hallo Familie Schulz,'],
        [{ salutation: 'Herr und Frau', lastName: 'Schulz' }, 'Hallo zusammen,'],
        [{ salutation: 'Firma' }, 'Hallo zusammen,'],
        [{}, 'Hallo zusammen,'],
      ],
      { language: 'de', formality: 'informal' },
    );
  });
});

describe('the English letter salutation', () => {
  test('Mr and Ms by the last name, British style without full stops; Mrs and Miss when the contact says so', () => {
    check(
      [
        [{ salutation: 'Herr', firstName: 'Jürgen', lastName: 'Müller' }, 'Dear Mr Müller,'],
        [{ salutation: 'Frau', lastName: 'Schmidt' }, 'Dear Ms Schmidt,'],
        [{ salutation: 'Ms.', lastName: 'Jones' }, 'Dear Ms Jones,'],
        [{ salutation: 'Mrs.', lastName: 'Taylor' }, 'Dear Mrs Taylor,'],
        [{ salutation: 'miss', lastName: 'Brown' }, 'Dear Miss Brown,'],
        [{ salutation: 'MR', lastName: ' Smith ' }, 'Dear Mr Smith,'],
        [{ salutation: 'Mx', firstName: 'Sam', lastName: 'Fischer' }, 'Dear Mx Fischer,'],
        [{ salutation: 'Madame', lastName: 'Dubois' }, 'Dear Ms Dubois,'],
      ],
      { language: 'en' },
    );
  });

  test('a title takes the place of Mr or Ms: Dr, or Professor before Dr', () => {
    check(
      [
        [{ salutation: 'Frau', title: 'Dr.', lastName: 'Schmidt' }, 'Dear Dr Schmidt,'],
        [{ salutation: 'Herr', title: 'Prof. Dr.', lastName: 'Weber' }, 'Dear Professor Weber,'],
        [{ title: 'Dr. med.', firstName: 'Kim', lastName: 'Sommer' }, 'Dear Dr Sommer,'],
        [{ salutation: 'Divers', title: 'PhD', lastName: 'Lee' }, 'Dear Dr Lee,'],
        [{ salutation: 'Herr', title: 'Dipl.-Ing.', lastName: 'Krause' }, 'Dear Mr Krause,'],
      ],
      { language: 'en' },
    );
  });

  test('no or an unknown salutation: the whole name; no name or a company: Sir or Madam', () => {
    check(
      [
        [{ firstName: 'Alex', lastName: 'Berger' }, 'Dear Alex Berger,'],
        [{ salutation: 'Divers', firstName: 'Alex', lastName: 'Berger' }, 'Dear Alex Berger,'],
        [{ salutation: 'Herr', firstName: 'Jonas', lastName: null }, 'Dear Jonas,'],
        [{}, 'Dear Sir or Madam,'],
        [{ salutation: 'Company', lastName: 'Acme Ltd' }, 'Dear Sir or Madam,'],
        [{ salutation: 'Familie', lastName: 'Schulz' }, 'Dear Schulz family,'],
        [{ salutation: 'Herr und Frau', lastName: 'Schulz' }, 'Dear Mr and Mrs Schulz,'],
      ],
      { language: 'en' },
    );
  });

  test('informal: "Hi" and the first name, else the formal name', () => {
    check(
      [
        [{ salutation: 'Frau', title: 'Dr.', firstName: 'Anna', lastName: 'Schmidt' }, 'Hi Anna,'],
        [{ salutation: 'Frau', title: 'Dr.', lastName: 'Schmidt' }, 'Hi Dr Schmidt,'],
        [{ salutation: 'Frau', lastName: 'Schmidt' }, 'Hi Ms Schmidt,'],
        [{ salutation: 'Familie', lastName: 'Schulz' }, 'Hi Schulz family,'],
        [{}, 'Hello,'],
      ],
      { language: 'en', formality: 'informal' },
    );
  });
});
