// i18next for React, Japanese first; the choice of language is remembered on this computer.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, type Language } from '../../src-shared/i18n/resources';

const LANGUAGE_KEY = 'tomoni.language';

export function savedLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return saved === 'en' ? 'en' : 'ja';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

export function initI18n(): void {
  void i18next.use(initReactI18next).init({
    resources,
    lng: savedLanguage(),
    fallbackLng: 'ja',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = savedLanguage();
}
