import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../i18n/index.js';

/** The current UI language, re-rendering on change. */
export function useLang(): Language {
  const { i18n } = useTranslation();
  return currentLanguage(i18n.resolvedLanguage ?? i18n.language);
}
