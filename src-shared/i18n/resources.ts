// All message catalogs, Japanese first. Each feature keeps its own file per language; the English file is
// typed against the Japanese one, so a missing or extra key fails the type check.
import { common as jaCommon } from './ja/common';
import { errors as jaErrors } from './ja/errors';
import { setup as jaSetup } from './ja/setup';
import { common as enCommon } from './en/common';
import { errors as enErrors } from './en/errors';
import { setup as enSetup } from './en/setup';

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

export const resources = {
  ja: { translation: { ...jaCommon, ...jaErrors, ...jaSetup } },
  en: { translation: { ...enCommon, ...enErrors, ...enSetup } },
} as const;
