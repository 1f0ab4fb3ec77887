// Column helpers shared by every synced table so they all carry the same bookkeeping.
import { integer, text } from 'drizzle-orm/sqlite-core';

/** Registry rows: last-writer-wins per field, so each field keeps the HLC that wrote it. */
export const registryColumns = {
  hlc: text('hlc').notNull(),
  fieldHlc: text('field_hlc', { mode: 'json' }).$type<Record<string, string>>().notNull(),
};

export const bool = (name: string) => integer(name, { mode: 'boolean' });
