// zod schemas for entry inputs: templates, batches, units, keyed values, review.
import { z } from 'zod';
import { fieldTypes } from './template';
import { unitStatuses } from './review';

export const idSchema = z.uuid({ message: 'validation.invalidId' });

export const fieldDefSchema = z.object({
  key: z.string().trim().min(1).max(40),
  label: z.string().trim().min(1).max(60),
  type: z.enum(fieldTypes),
  required: z.boolean(),
  hidden: z.boolean().optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().optional(),
  maxLength: z.number().int().optional(),
  options: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
  width: z.number().int().min(1).max(8).optional(),
});

export const ruleDefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order'), a: z.string(), b: z.string() }),
  z.object({ kind: z.literal('nonDecreasing'), field: z.string(), prev: z.string(), group: z.string() }),
  z.object({ kind: z.literal('noOverlap'), date: z.string(), start: z.string(), end: z.string(), group: z.string() }),
]);

export const templateDefSchema = z.object({
  header: z.array(fieldDefSchema).max(50),
  row: z.array(fieldDefSchema).max(80),
  rowsPerPage: z.number().int(),
  rules: z.array(ruleDefSchema).max(50),
});

export const templateInput = z.object({
  id: idSchema,
  code: z.string().trim().min(1).max(30).regex(/^[A-Za-z0-9-]+$/, 'validation.code'),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['vehicle_log', 'test_sheet', 'generic']),
  def: templateDefSchema,
  active: z.boolean(),
});

/** The largest source file taken: a scanned logbook of a year runs to 60 MB; 500 MB is far past any real one. */
export const MAX_SOURCE_BYTES = 500 * 1024 * 1024;

export const sourceInput = z.object({
  id: idSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1).max(200),
  mime: z.enum(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'image/svg+xml']),
  // Bounded: HQ keeps what a device uploads toward this size before it can check the hash (decision 0120).
  bytes: z.number().int().min(1).max(MAX_SOURCE_BYTES),
  pageIds: z.array(idSchema).min(1).max(2000),
});

export const batchInput = z.object({
  id: idSchema,
  jobId: idSchema,
  templateId: idSchema,
  code: z.string().trim().min(1).max(30),
  name: z.string().trim().min(1).max(100),
  doubleEntry: z.boolean(),
  sources: z.array(sourceInput).max(5000),
});

export const unitInput = z.object({
  id: idSchema,
  label: z.string().trim().min(1).max(60),
  pageIds: z.array(idSchema).min(1).max(500),
  siteId: idSchema.nullable(),
  keyer1Id: idSchema.nullable(),
  keyer2Id: idSchema.nullable(),
  /** Defaults to the batch's setting. */
  doubleEntry: z.boolean().optional(),
});

/** Keyed values: field key → what was typed. Keys are checked against the template by the rule. */
export const valuesSchema = z.record(z.string().max(40), z.string().max(4000));

export const keyRowInput = z.object({
  id: idSchema,
  unitId: idSchema,
  pageId: idSchema,
  rowNo: z.number().int().min(0).max(200),
  slot: z.union([z.literal(1), z.literal(2)]),
  values: valuesSchema,
});

export const resolveInput = z.object({
  unitId: idSchema,
  items: z
    .array(z.object({ id: idSchema, pageId: idSchema, rowNo: z.number().int().min(0).max(200), field: z.string().max(40), value: z.string().max(4000) }))
    .min(1)
    .max(5000),
});

export const reviewInput = z.object({
  id: idSchema,
  unitId: idSchema,
  to: z.enum(unitStatuses),
  note: z.string().trim().max(500),
});
