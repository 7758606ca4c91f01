// The Intl locale of the current UI language, for the helpers in format.ts.
import { useTranslation } from 'react-i18next';
import { intlLocale } from './format.ts';

export function useLocale(): string {
  const { i18n } = useTranslation();
  return intlLocale(i18n.resolvedLanguage ?? i18n.language);
}
