// Input schemas for registry edits. Messages name catalog keys so every failure reads in ja/en.
import { z } from 'zod';
import { normalizeCode, normalizeDigits, toKatakana } from '../core/japanese-input';
import { staffRoles, workerRoles } from '../core/roles';

export const idSchema = z.uuid({ message: 'validation.invalidId' });
export const nameSchema = z.string().trim().min(1).max(40);
/** フリガナ: stored as full-width katakana; hiragana and half-width kana (what people and old systems type) become it. */
export const kanaSchema = z
  .string()
  .max(120)
  .transform(toKatakana)
  .pipe(z.string().max(60).regex(/^[\u30A0-\u30FF\u3000 ]*$/u, 'validation.kana'));
/** Worker codes as typed with the IME on or by a badge scanner in full-width mode (`Ｗ０００１`) are the same code. */
export const workerCodeSchema = z
  .string()
  .max(60)
  .transform(normalizeCode)
  .pipe(z.string().min(1).max(20).regex(/^[A-Za-z0-9-]+$/, 'validation.workerCode'));
export const pinSchema = z
  .string()
  .max(40)
  .transform(normalizeDigits)
  .pipe(z.string().regex(/^\d{4,8}$/, 'validation.pinFormat'));
/** Staff passwords guard everything a center PC holds: long, and never a PIN in disguise (DESIGN.md security). */
export const MIN_PASSWORD_LENGTH = 10;
export const passwordSchema = z
  .string()
  .max(200)
  .refine((p) => Array.from(p).length >= MIN_PASSWORD_LENGTH, 'validation.passwordLength')
  // All digits (full-width too) is a PIN: a 10-digit number falls to an offline guess far sooner than a phrase.
  .refine((p) => !/^\d*$/.test(normalizeDigits(p)), 'validation.passwordDigits')
  .refine((p) => new Set(Array.from(p.toLowerCase())).size >= 4, 'validation.passwordWeak');

/** Refuses a password that is the login id itself (checked where both are given). */
export function passwordDiffersFromLoginId(value: { loginId: string; password?: string | undefined }): boolean {
  return !value.password || value.password.trim().toLowerCase() !== value.loginId.trim().toLowerCase();
}
export const passwordIsLoginId = { path: ['password'], message: 'validation.passwordIsLoginId' };
export const loginIdSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, 'validation.loginId');
export const skillStageSchema = z.enum(['A', 'B', 'C']).nullable();
export const invoiceNumberSchema = z
  .string()
  .regex(/^T\d{13}$/, 'validation.invoiceNumber')
  .nullable();
export const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date');

export const siteInput = z.object({
  id: idSchema,
  code: z.string().trim().min(1).max(20),
  name: nameSchema,
  kind: z.enum(['center', 'office']),
  active: z.boolean(),
});

export const workerInput = z.object({
  id: idSchema,
  code: workerCodeSchema,
  familyName: nameSchema,
  givenName: nameSchema,
  familyNameKana: kanaSchema,
  givenNameKana: kanaSchema,
  role: z.enum(workerRoles),
  homeSiteId: idSchema.nullable(),
  skillIt: skillStageSchema,
  skillBusiness: skillStageSchema,
  invoiceNumber: invoiceNumberSchema,
  active: z.boolean(),
});

export const staffInput = z.object({
  id: idSchema,
  loginId: loginIdSchema,
  familyName: nameSchema,
  givenName: nameSchema,
  role: z.enum(staffRoles),
  siteId: idSchema.nullable(),
  active: z.boolean(),
});

export const clientInput = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['municipality', 'company']),
  active: z.boolean(),
});

export const targetUnits = ['pages', 'volumes', 'records', 'hours'] as const;

export const jobInput = z.object({
  id: idSchema,
  code: z.string().trim().min(1).max(30),
  name: z.string().trim().min(1).max(100),
  clientName: z.string().trim().max(100),
  kind: z.enum(['scan', 'entry', 'other']),
  restriction: z.enum(['center_only', 'home_allowed']),
  status: z.enum(['active', 'closed']),
  startDate: dateSchema.nullable(),
  dueDate: dateSchema.nullable(),
  // Optional so that a device one version behind, which does not send them, leaves them as they are (LWW per field).
  clientId: idSchema.nullable().optional(),
  target: z.number().int().min(1).max(10_000_000).nullable().optional(),
  targetUnit: z.enum(targetUnits).nullable().optional(),
})
  // ISO dates compare as strings. A due date before the start is a typo, not a plan.
  .refine((j) => !j.startDate || !j.dueDate || j.dueDate >= j.startDate, { path: ['dueDate'], message: 'validation.dueBeforeStart' });
