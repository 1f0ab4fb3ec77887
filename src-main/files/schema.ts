// What this device knows about moving its source files to and from HQ (decision 0120). Never synced.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per file this device sent: HQ confirmed it whole, or refused it (then it is not sent again). */
export const sourceUploads = sqliteTable('source_uploads', {
  sha256: text('sha256').primaryKey(),
  /** When HQ answered that it holds the whole file. */
  doneAt: integer('done_at'),
  /** HQ's refusal (`file_mismatch`: the copy here is damaged), shown on the sync screen. */
  failedCode: text('failed_code'),
});
