// Binds the entry procedures to their handlers, grouped by who uses them.
import type { FeatureHandlers } from '../api/handlers';
import { eq } from 'drizzle-orm';
import { newId } from '../../src-shared/core/ids';
import { actorOf } from '../api/context';
import { jobs } from '../people/schema';
import { jobForMunicipality } from '../export/client-kind';
import { acceptedWork } from './accepted';
import { adjudicateHandlers } from './adjudicate';
import { batchHandlers } from './batches';
import { exportRecords } from './export';
import { keyingHandlers } from './keying';
import { getBatch, batchTemplate, finalRecords } from './queries';
import { reportXlsx } from './report';
import { logbookChecks, vehicleReport } from './logbook';
import { reportPdf } from './report-pdf';

const accepted = new Set(['accepted']);
const settled = new Set(['keyed', 'verified', 'accepted']);

export const entryHandlers: FeatureHandlers<'entry.'> = {
  ...batchHandlers,
  ...keyingHandlers,
  ...adjudicateHandlers,
  'entry.acceptedWork': (input, { services }) => acceptedWork(services.store.db, input.month),
  'entry.export': async (input, ctx) => {
    const { services } = ctx;
    const { db } = services.store;
    const batch = getBatch(db, input.batchId);
    const def = batchTemplate(batch).def;
    // Accepted output is what the client receives and what payment counts; the rest is work in progress.
    const records = finalRecords(db, batch, def, input.acceptedOnly ? accepted : settled);
    const file = await exportRecords(def, records, input.format, batch.code, input.acceptLoss);
    // Keyed client data leaving the app is a sensitive action (DESIGN.md): audited once a file is made.
    if (!file.withheld) {
      services.bus.execute('audit.record', { id: newId(), action: 'entry.export', targetId: batch.id, details: { format: input.format, acceptedOnly: input.acceptedOnly, rows: records.length } }, actorOf(ctx));
    }
    return file;
  },
  'entry.report': (input, { services }) => vehicleReport(services.store.db, input.batchId, input.acceptedOnly ? accepted : settled),
  'entry.logbookChecks': (input, { services }) => logbookChecks(services.store.db, input.batchId, settled),
  'entry.reportExport': async (input, { services }) => {
    const { db } = services.store;
    const batch = getBatch(db, input.batchId);
    const view = vehicleReport(db, input.batchId, input.acceptedOnly ? accepted : settled);
    const job = db.select({ clientId: jobs.clientId, clientName: jobs.clientName }).from(jobs).where(eq(jobs.id, batch.jobId)).get();
    const doc = { title: batch.name, municipality: job ? jobForMunicipality(services.store, job) : false };
    return input.format === 'xlsx' ? reportXlsx(view, batch.code, doc) : reportPdf(view, batch.name, batch.code, doc.municipality);
  },
};
