// Where a vehicle's whole logbook meets on this device: every logbook batch of the job, for the checks and the report.
import { eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import type { ReportView } from '../../src-shared/entry/contract';
import type { Trip } from '../../src-shared/entry/logbook-checks';
import type { Db } from '../store/open';
import { batchTemplate, finalRecords, getBatch } from './queries';
import { buildReport, tripsFrom, type RecordMarks } from './report';
import { entryBatches } from './schema';

type BatchRow = typeof entryBatches.$inferSelect;

export function logbookBatch(db: Db, batchId: string): BatchRow {
  const batch = getBatch(db, batchId);
  if (batch.templateKind !== 'vehicle_log') throw new AppError('invalid_input', 'entry.errors.reportNeedsVehicleLog');
  return batch;
}

/** A person's word on each record of the job (none yet: the marks table arrives with the flag). */
export function recordMarks(_db: Db, _jobId: string): RecordMarks {
  return new Map();
}

/** Trips of the job's other logbook batches, for checks that cross batches. */
export function tripsElsewhere(db: Db, batch: BatchRow, statuses: ReadonlySet<string>, marks: RecordMarks): Trip[] {
  const others = db.select().from(entryBatches).where(eq(entryBatches.jobId, batch.jobId)).all().filter((b) => b.id !== batch.id && b.templateKind === 'vehicle_log');
  return others.flatMap((b) => tripsFrom(finalRecords(db, b, batchTemplate(b).def, statuses), marks).trips);
}

export function vehicleReport(db: Db, batchId: string, statuses: ReadonlySet<string>): ReportView {
  const batch = logbookBatch(db, batchId);
  const marks = recordMarks(db, batch.jobId);
  return buildReport(finalRecords(db, batch, batchTemplate(batch).def, statuses), marks, tripsElsewhere(db, batch, statuses, marks));
}

/** What the review screen shows: the report's checks, over the units keyed so far. */
export function logbookChecks(db: Db, batchId: string, statuses: ReadonlySet<string>): ReportView['issues'] {
  if (getBatch(db, batchId).templateKind !== 'vehicle_log') return [];
  return vehicleReport(db, batchId, statuses).issues;
}
