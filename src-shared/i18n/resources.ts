// All message catalogs, Japanese first. Each feature keeps its own file per language; the English file is
// typed against the Japanese one, so a missing or extra key fails the type check.
import { common as jaCommon } from './ja/common';
import { errors as jaErrors } from './ja/errors';
import { setup as jaSetup } from './ja/setup';
import { system as jaSystem } from './ja/system';
import { system as enSystem } from './en/system';
import { scan as jaScan } from './ja/scan';
import { scan as enScan } from './en/scan';
import { attendance as jaAttendance } from './ja/attendance';
import { attendance as enAttendance } from './en/attendance';
import { common as enCommon } from './en/common';
import { errors as enErrors } from './en/errors';
import { setup as enSetup } from './en/setup';
import { entry as jaEntry } from './ja/entry';
import { entry as enEntry } from './en/entry';
import { sync as jaSync } from './ja/sync';
import { sync as enSync } from './en/sync';

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

export const resources = {
  ja: { translation: { ...jaCommon, ...jaErrors, ...jaSetup, ...jaSystem, ...jaScan, ...jaEntry, ...jaAttendance, ...jaSync } },
  en: { translation: { ...enCommon, ...enErrors, ...enSetup, ...enSystem, ...enScan, ...enEntry, ...enAttendance, ...enSync } },
} as const;
