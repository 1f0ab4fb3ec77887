// The kiosk's furigana choice, remembered on this PC (the language is remembered by i18n/setup.ts).
import { create } from 'zustand';

const FURIGANA_KEY = 'tomoni.kiosk.furigana';

interface KioskPrefs {
  furigana: boolean;
  setFurigana(on: boolean): void;
}

export const useKioskPrefs = create<KioskPrefs>((set) => ({
  furigana: localStorage.getItem(FURIGANA_KEY) !== 'off',
  setFurigana(on) {
    localStorage.setItem(FURIGANA_KEY, on ? 'on' : 'off');
    set({ furigana: on });
  },
}));
