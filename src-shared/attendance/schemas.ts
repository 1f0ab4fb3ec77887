// Input schemas for attendance commands and procedures. Messages name catalog keys so failures read in ja/en.
import { z } from 'zod';
import { dateSchema, idSchema } from '../people/schemas';
import { punchKinds } from './rows';

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'validation.month');
/** Job step: short free text the scan and entry features agree on ('scan', 'qc', …). */
export const stepKeySchema = z
  .string()
  .trim()
  .max(30)
  .regex(/^[A-Za-z0-9_-]*$/, 'validation.code')
  .nullable()
  .transform((s) => (s ? s : null));
export const punchKindSchema = z.enum(punchKinds);
/** Plausible instants only: 2020 → 2100. */
export const instantSchema = z.number().int().min(Date.parse('2020-01-01T00:00:00Z')).max(Date.parse('2100-01-01T00:00:00Z'));
export const reasonSchema = z.string().trim().min(1).max(500);
export const commentSchema = z.string().trim().max(500);

const workerPunch = { punchId: idSchema, workerId: idSchema };

export const clockInInput = z.object({
  ...workerPunch,
  /** Written only at a center: the 入室記録 row. */
  roomEntryId: idSchema,
  jobId: idSchema.nullable(),
  stepKey: stepKeySchema,
});
export const plainPunchInput = z.object(workerPunch);
export const switchJobInput = z.object({ ...workerPunch, jobId: idSchema, stepKey: stepKeySchema });

export const correctionItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('add'),
    punchKind: punchKindSchema,
    at: instantSchema,
    jobId: idSchema.nullable(),
    stepKey: stepKeySchema,
  }),
  z.object({ kind: z.literal('void'), punchId: idSchema }),
]);

export const requestCorrectionInput = z.object({
  id: idSchema,
  workerId: idSchema,
  date: dateSchema,
  items: z.array(correctionItemSchema).min(1).max(20),
  reason: reasonSchema,
});

export const reviewCorrectionInput = z.object({
  id: idSchema,
  decision: z.enum(['approve', 'return']),
  comment: commentSchema,
  /** One new id per item (punch id for an add, void id for a void), made on the device. */
  newIds: z.array(idSchema).max(20),
});

export const submitMonthInput = z.object({ id: idSchema, workerId: idSchema, month: monthSchema });
export const reviewMonthInput = z.object({
  workerId: idSchema,
  month: monthSchema,
  decision: z.enum(['approve', 'return']),
  comment: commentSchema,
});
export const closeMonthInput = z.object({ id: idSchema, auditId: idSchema, month: monthSchema, reason: commentSchema });
export const reopenMonthInput = z.object({ id: idSchema, auditId: idSchema, month: monthSchema, reason: reasonSchema });

/** What a person asks for at the kiosk or at home; ids are added by main. */
export const punchActionSchema = z.enum(['in', 'break_start', 'break_end', 'switch', 'out']);
export const punchRequestSchema = z.object({
  action: punchActionSchema,
  jobId: idSchema.nullable().optional(),
  stepKey: stepKeySchema.optional(),
});
export { dateSchema, idSchema };
