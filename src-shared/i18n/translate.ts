// A tiny i18next instance for non-React callers (main-process dialogs, HQ messages, exports).
import i18next, { type i18n } from 'i18next';
import { resources, type Language } from './resources';

export function createTranslator(language: Language = 'ja'): i18n {
  const instance = i18next.createInstance();
  void instance.init({ resources, lng: language, fallbackLng: 'ja', initAsync: false, interpolation: { escapeValue: false } });
  return instance;
}
