// The web app's real texts (src/web/i18n/<language>/*.json) in an i18next instance of their
// own, so unit tests read what a user reads.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';

const root = path.join(import.meta.dirname, '../../src/web/i18n');

/** Every namespace file of a language, as the web app bundles them (`t('problems.codes.x')`). */
export function bundle(language: string): Record<string, unknown> {
  const dir = path.join(root, language);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8'))]),
  );
}

/** `t` of one language, like the web app's. */
export async function texts(language: 'de' | 'en'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: bundle(language) } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance.t;
}
