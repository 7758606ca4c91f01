// The first line of a letter or an email to a contact ("Sehr geehrte Frau Dr. Schmidt,"), in
// German or English, formal or informal, from the contact's free-text salutation, academic
// title and names. The rules are written up in docs/email.md ("Salutation").
//
// The salutation field is free text: people type "Herr", "herrn", "Frau ", "Mrs.", "Herr Dr."
// or "Herr und Frau", and imports bring "Mr." or "Sig.ra". Both fields are therefore read as
// words, and what a word says (a man, a woman, a couple, a family, a company, a title) counts;
// words this file does not know are left out rather than guessed at.

export type LetterLanguage = 'de' | 'en';
export type Formality = 'formal' | 'informal';

/** Who a letter goes to: a contact's fields as stored (any of them may be missing or blank). */
export interface Addressee {
  salutation?: string | null;
  title?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface SalutationOptions {
  /** The letter's language; German by default. */
  language?: LetterLanguage;
  /** Formal ("Sehr geehrte …", "Dear …") by default. */
  formality?: Formality;
}

type Form = 'man' | 'woman' | 'couple' | 'family' | 'company' | 'neutral';

/** The English form of address a contact asked for, where English has more than one. */
type EnglishForm = 'Mr' | 'Ms' | 'Mrs' | 'Miss' | 'Mx';

const men: Record<string, EnglishForm> = Object.fromEntries(
  [
    'herr',
    'herrn',
    'hr',
    'mr',
    'mister',
    'sir',
    'monsieur',
    'senor',
    'señor',
    'sr',
    'signor',
    'sig',
    'heer',
    'dhr',
  ].map((word) => [word, 'Mr']),
);
const women: Record<string, EnglishForm> = {
  ...Object.fromEntries(
    [
      'frau',
      'fr',
      'fräulein',
      'frl',
      'ms',
      'madam',
      'madame',
      'mme',
      'mademoiselle',
      'mlle',
      'senora',
      'señora',
      'sra',
      'senorita',
      'señorita',
      'srta',
      'signora',
      'mevrouw',
      'mevr',
    ].map((word) => [word, 'Ms' as const]),
  ),
  mrs: 'Mrs',
  miss: 'Miss',
};
const neutralWords = new Set(['divers', 'div', 'mx', 'neutral']);
const familyWords = new Set(['familie', 'fam', 'family', 'eheleute']);
const companyWords = new Set(['firma', 'fa', 'company']);
const conjunctions = new Set(['und', 'and', '&', 'u', '+']);
const professorWords = new Set(['prof', 'professor', 'professorin']);
const doctorWords = new Set(['dr', 'doktor', 'doktorin', 'doctor', 'phd']);

/** One line of text as people mean it: trimmed, every run of whitespace one space. */
const tidy = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

/** The words of a field, lower case, without dots and leading hyphens ("Dr.-Ing." → dr, ing). */
function wordsOf(value: string): string[] {
  return value
    .toLocaleLowerCase('de')
    .replace(/\bsig\.?\s*ra\b/g, 'signora')
    .split(/[\s.,;:/()]+/)
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter(Boolean);
}

interface Reading {
  form: Form;
  english: EnglishForm | null;
  professor: boolean;
  /** Doctorates named ("Dr. Dr." is two), at most two. */
  doctors: number;
}

/** What the salutation and title fields say together. */
function read(person: Addressee): Reading {
  const words = [...wordsOf(tidy(person.salutation)), ...wordsOf(tidy(person.title))];
  const man = words.find((word) => Object.hasOwn(men, word));
  const woman = words.find((word) => Object.hasOwn(women, word));
  const professor = words.some((word) => professorWords.has(word));
  const doctors = Math.min(2, words.filter((word) => doctorWords.has(word)).length);
  const reading = (form: Form, english: EnglishForm | null = null): Reading => ({ form, english, professor, doctors });
  if (words.some((word) => companyWords.has(word))) return reading('company');
  if (words.some((word) => familyWords.has(word))) return reading('family');
  // "Herr und Frau" is a couple; "Herr/Frau" is a form that was never filled in.
  if (man && woman) return reading(words.some((word) => conjunctions.has(word)) ? 'couple' : 'neutral');
  if (words.includes('mx')) return reading('neutral', 'Mx');
  if (man) return reading('man', men[man]!);
  if (woman) return reading('woman', women[woman]!);
  if (words.some((word) => neutralWords.has(word))) return reading('neutral');
  return reading('neutral');
}

/** The titles a German salutation names: "Prof.", "Dr.", "Prof. Dr.", "Dr. Dr.". */
function germanTitles(reading: Reading): string[] {
  return [...(reading.professor ? ['Prof.'] : []), ...Array<string>(reading.doctors).fill('Dr.')];
}

/** An English salutation names one title, instead of Mr or Ms: Professor before Dr. */
function englishTitle(reading: Reading): string | null {
  return reading.professor ? 'Professor' : reading.doctors > 0 ? 'Dr' : null;
}

const spaced = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(' ');

function german(reading: Reading, first: string, last: string, formality: Formality): string {
  const titles = germanTitles(reading);
  if (formality === 'informal') {
    if (reading.form === 'company' || reading.form === 'couple' || (!first && !last)) return 'Hallo zusammen,';
    if (reading.form === 'family') return last ? `Hallo Familie ${last},` : 'Hallo zusammen,';
    if (first) return `Hallo ${first},`;
    if (reading.form === 'man') return `Hallo ${spaced('Herr', ...titles, last)},`;
    if (reading.form === 'woman') return `Hallo ${spaced('Frau', ...titles, last)},`;
    return `Hallo ${spaced(...titles, last)},`;
  }
  if (reading.form === 'company' || (!first && !last)) return 'Sehr geehrte Damen und Herren,';
  if (!last) return `Guten Tag ${first},`;
  switch (reading.form) {
    case 'family':
      return `Sehr geehrte Familie ${last},`;
    // Whose the title is cannot be told: neither gets it.
    case 'couple':
      return `Sehr geehrte Frau ${last}, sehr geehrter Herr ${last},`;
    case 'man':
      return `Sehr geehrter ${spaced('Herr', ...titles, last)},`;
    case 'woman':
      return `Sehr geehrte ${spaced('Frau', ...titles, last)},`;
    default:
      return `Guten Tag ${spaced(...titles, first, last)},`;
  }
}

function english(reading: Reading, first: string, last: string, formality: Formality): string {
  const title = englishTitle(reading);
  const form = reading.english;
  if (formality === 'informal') {
    if (reading.form === 'company' || reading.form === 'couple' || (!first && !last)) return 'Hello,';
    if (reading.form === 'family') return last ? `Hi ${last} family,` : 'Hello,';
    if (first) return `Hi ${first},`;
    return `Hi ${spaced(title ?? form, last)},`;
  }
  if (reading.form === 'company' || (!first && !last)) return 'Dear Sir or Madam,';
  if (!last) return `Dear ${first},`;
  if (reading.form === 'family') return `Dear ${last} family,`;
  if (reading.form === 'couple') return `Dear Mr and Mrs ${last},`;
  if (title) return `Dear ${title} ${last},`;
  if (form) return `Dear ${form} ${last},`;
  return `Dear ${spaced(first, last)},`;
}

/**
 * The salutation line of a letter to `person`, with its comma: "Sehr geehrte Frau Dr. Schmidt,",
 * "Guten Tag Alex Berger," (no or a neutral salutation), "Sehr geehrte Damen und Herren," (no
 * name), "Dear Dr Schmidt,", "Hallo Anna," (informal). Names are written as entered.
 */
export function letterSalutation(person: Addressee, options: SalutationOptions = {}): string {
  const reading = read(person);
  const first = tidy(person.firstName);
  const last = tidy(person.lastName);
  const formality = options.formality ?? 'formal';
  return (options.language ?? 'de') === 'en'
    ? english(reading, first, last, formality)
    : german(reading, first, last, formality);
}
