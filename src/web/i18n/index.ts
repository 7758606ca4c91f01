// Translations (German and English) and the current language: from the browser at first,
// then the user's choice, remembered in localStorage.
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

// One file per namespace and language (src/web/i18n/<language>/<namespace>.json), so that
// `t('deals.board.title')` reads deals.json; adding a feature means adding its own files.
type Texts = Record<string, unknown>;
function bundle(files: Record<string, { default: Texts }>): Texts {
  const texts: Texts = {};
  for (const [file, module] of Object.entries(files)) texts[file.replace(/^.*\/(.+)\.json$/, '$1')] = module.default;
  return texts;
}
const de = bundle(import.meta.glob<{ default: Texts }>('./de/*.json', { eager: true }));
const en = bundle(import.meta.glob<{ default: Texts }>('./en/*.json', { eager: true }));

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];
export const languageStorageKey = 'farley.language';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { de: { translation: de }, en: { translation: en } },
    supportedLngs: [...languages],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: languageStorageKey,
      caches: ['localStorage'],
    },
    returnNull: false,
  });

function syncDocumentLanguage(lng: string) {
  document.documentElement.lang = currentLanguage(lng);
}
syncDocumentLanguage(i18n.resolvedLanguage ?? i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

/** The supported language a (possibly regional) language tag stands for. */
export function currentLanguage(lng: string = i18n.resolvedLanguage ?? i18n.language): Language {
  const base = (lng || 'en').slice(0, 2).toLowerCase();
  return (languages as readonly string[]).includes(base) ? (base as Language) : 'en';
}

export default i18n;
