// Input schemas of the scan station. Messages name catalog keys so every failure reads in ja/en.
import { z } from 'zod';
import { idSchema } from '../people/schemas';
import { requiredFieldKeys, stepKeys } from './workflow';
import { defectTypes } from './qc-sampling';
import { volumeFormats } from './import-rows';
import { importColumns } from './import-headers';

export const stepKeySchema = z.enum(stepKeys);

export const stepDefSchema = z.object({
  key: stepKeySchema,
  roles: z.array(z.enum(['worker', 'leader'])).min(1),
  minSkill: z.enum(['A', 'B', 'C']),
  requiredFields: z.array(z.enum(requiredFieldKeys)),
  compositeOnly: z.boolean().optional(),
});

// The pattern's own rules (tokens, unsafe characters) are checked by the command so the reason reads as a sentence.
export const namingPatternSchema = z.string().trim().min(1).max(120);

export const settingsInput = z.object({
  jobId: idSchema,
  qualityLevel: z.enum(['fadgi1', 'fadgi2', 'fadgi3', 'fadgi4', 'custom']),
  targetPpi: z.number().int().min(72).max(2400),
  colorMode: z.enum(['color24', 'gray8', 'bitonal']),
  fileFormat: z.enum(['tiff', 'pdf', 'jpeg']),
  namingPattern: namingPatternSchema,
  workflow: z
    .array(stepDefSchema)
    .min(1)
    .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, 'validation.duplicateStep'),
});

export const volumeDraftSchema = z.object({
  volumeNo: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, 'scan.import.badVolumeNo'),
  title: z.string().trim().min(1).max(200),
  shelfNo: z.string().trim().max(40),
  expectedPages: z.number().int().min(1).max(5000),
  format: z.enum(volumeFormats),
  restriction: z.enum(['center_only', 'none']),
  dcDate: z.string().trim().max(40),
  /** Columns of the city's list that are none of the above (備考 …), as written: header → value. */
  extra: z.record(z.string().max(100), z.string().max(1000)).default({}),
});
export type VolumeDraft = z.output<typeof volumeDraftSchema>;

export const addVolumesInput = z.object({
  jobId: idSchema,
  volumes: z.array(volumeDraftSchema.extend({ id: idSchema })).min(1).max(500),
});

export const pageSpecSchema = z.object({
  id: idSchema,
  pageNo: z.number().int().min(1).max(5000),
  tileRows: z.number().int().min(1).max(12),
  tileCols: z.number().int().min(1).max(12),
});

export const registerPagesInput = z.object({
  volumeId: idSchema,
  eventId: idSchema,
  pages: z.array(pageSpecSchema).min(1).max(5000),
});

/** A paper routing slip transcribed later keeps its real time; never in the future. */
const occurredAt = z.number().int().positive().optional();
const note = z.string().trim().max(500).optional();

export const stepInput = z.object({
  eventId: idSchema,
  volumeId: idSchema,
  stepKey: stepKeySchema,
  fields: z.record(z.string(), z.string().max(100)).default({}),
  note,
  occurredAt,
});

export const captureTilesInput = z.object({
  pageId: idSchema,
  tiles: z.array(z.object({ id: idSchema, row: z.number().int().min(1), col: z.number().int().min(1) })).min(1).max(144),
  occurredAt,
});

export const originalsInput = z.object({
  eventId: idSchema,
  volumeId: idSchema,
  direction: z.enum(['in', 'out']),
  note,
  occurredAt,
});

export const qcInput = z.object({
  id: idSchema,
  volumeId: idSchema,
  pageId: idSchema.nullable(),
  result: z.enum(['pass', 'fail']),
  defectType: z.enum(defectTypes).nullable(),
  note,
  occurredAt,
});

export const sendBackInput = z.object({
  eventId: idSchema,
  volumeId: idSchema,
  pageId: idSchema.nullable(),
  toStep: stepKeySchema,
  note: z.string().trim().min(1, 'scan.errors.noteRequired').max(500),
  occurredAt,
});

export const reworkInput = z.object({
  eventId: idSchema,
  pageId: idSchema,
  note,
  occurredAt,
});

export const deliveryInput = z.object({
  id: idSchema,
  jobId: idSchema,
  shipmentNo: z.string().trim().min(1).max(40),
  kind: z.enum(['delivered', 'accepted']),
  fileCount: z.number().int().min(0),
  volumeCount: z.number().int().min(0),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  note,
});

/** A leader's column assignment for a client's lists: header key → column ('' = keep as a note). */
export const headerMappingSchema = z.record(z.string().min(1).max(100), z.union([z.enum(importColumns), z.literal('')]));

export const saveImportMappingInput = z.object({
  /** Used when the client has no mapping yet; otherwise the client's row is updated. */
  id: idSchema,
  jobId: idSchema,
  mapping: headerMappingSchema.refine((m) => Object.keys(m).length <= 100),
});
