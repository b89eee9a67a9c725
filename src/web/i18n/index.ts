import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './messages.js';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'mamori.lang';

function storedLanguage(): Language {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

function applyLanguage(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

/** Starts i18next with both languages bundled (no network), Japanese by default. */
export function initI18n(): typeof i18n {
  if (i18n.isInitialized) return i18n;
  void i18n.use(initReactI18next).init({
    resources: { ja: { translation: messages.ja }, en: { translation: messages.en } },
    lng: storedLanguage(),
    fallbackLng: 'ja',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(i18n.language);
  i18n.on('languageChanged', applyLanguage);
  return i18n;
}

/** Switches the language and remembers the choice in localStorage. */
export function setLanguage(lng: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  void i18n.changeLanguage(lng);
}

/** The current language as one of ours. */
export function currentLanguage(lng: string | undefined): Language {
  return lng === 'en' ? 'en' : 'ja';
}
