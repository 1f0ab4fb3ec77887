// The center-PC kiosk: find yourself by code, badge or name tile, confirm with a PIN, then punch with the ticket.
import { and, eq } from 'drizzle-orm';
import type { KioskTile } from '../../src-shared/attendance/contract';
import { AppError } from '../../src-shared/core/errors';
import { jstDate } from '../../src-shared/core/time';
import type { FeatureHandlers } from '../api/handlers';
import type { AppServices } from '../api/context';
import { readDevice } from '../app/device';
import { findWorker, isOtherSitesWorker, verifyWorkerPin, type WorkerRecord } from '../auth/verify';
import { workers } from '../people/schema';
import { presenceView, readPresenceRow } from './punch-store';
import { jobChoices, recentWork } from './job-choices';
import { runPunch } from './punch-service';
import { presence } from './schema';
import { dropTicket, issueTicket, redeemTicket } from './tickets';

const kanaCollator = new Intl.Collator('ja');

/** Presence comes through the same view the board uses, so "forgotten" means the same on both screens. */
function tile(services: AppServices, w: WorkerRecord, row = readPresenceRow(services.store, w.id)): KioskTile {
  const view = presenceView(row, services.clock.now());
  return {
    id: w.id,
    displayName: `${w.familyName} ${w.givenName}`,
    kana: `${w.familyNameKana} ${w.givenNameKana}`,
    state: view.state,
    today: view.since !== null && jstDate(view.since) === jstDate(services.clock.now()),
    forgotten: view.forgotten,
  };
}

export const kioskHandlers: FeatureHandlers<'kiosk.'> = {
  'kiosk.workers': (_input, { services }) => {
    const siteId = readDevice(services.store)?.siteId ?? null;
    if (!siteId) return [];
    const { db } = services.store;
    // This site's own workers, plus anyone from elsewhere who is clocked in here today.
    const home = db.select().from(workers).where(and(eq(workers.homeSiteId, siteId), eq(workers.active, true))).all();
    // One read of presence for every tile, instead of one query per worker.
    const presenceById = new Map(db.select().from(presence).all().map((p) => [p.id, p]));
    const homeIds = new Set(home.map((w) => w.id));
    const visitors = [...presenceById.values()]
      .filter((p) => p.siteId === siteId && p.state !== 'out' && !homeIds.has(p.id))
      .map((p) => findWorker(services, { id: p.id }))
      .filter((w): w is WorkerRecord => w !== null);
    // 五十音 by the reading (フリガナ), as a paper roster is kept; the code only breaks ties.
    const byReading = (w: WorkerRecord) => `${w.familyNameKana}\u3000${w.givenNameKana}`;
    return [...home, ...visitors]
      .sort((a, b) => kanaCollator.compare(byReading(a), byReading(b)) || (a.code < b.code ? -1 : 1))
      .map((w) => tile(services, w, presenceById.get(w.id)));
  },
  'kiosk.identify': (input, { services }) => {
    const worker = findWorker(services, { code: input.code });
    if (!worker) throw new AppError('not_found', 'attendance.errors.unknownCode', { code: input.code.toUpperCase() });
    // A badge of another site's worker: say where to go at once, before the PIN pad (decision 0123).
    if (isOtherSitesWorker(services, worker)) throw new AppError('unauthenticated', 'errors.workerOtherSite');
    return tile(services, worker);
  },
  'kiosk.verifyPin': (input, { services }) => {
    const worker = findWorker(services, { id: input.workerId });
    const verified = verifyWorkerPin(services, worker, input.pin, input.workerId);
    const { ticket, expiresAt } = issueTicket(services, verified.id);
    const recent = recentWork(services, verified.id);
    return {
      ticket,
      expiresAt,
      workerId: verified.id,
      displayName: `${verified.familyName} ${verified.givenName}`,
      presence: presenceView(readPresenceRow(services.store, verified.id), services.clock.now()),
      jobs: jobChoices(services, verified.id, recent),
      recent,
    };
  },
  'kiosk.punch': (input, { services }) => {
    const workerId = redeemTicket(services, input.ticket);
    const result = runPunch(services, { role: 'kiosk', staffId: null, workerId }, workerId, input);
    // One PIN, one punch: a kiosk left alone cannot be used to punch for the same person again.
    dropTicket(services, input.ticket);
    return result;
  },
  'kiosk.endSession': (input, { services }) => {
    dropTicket(services, input.ticket);
    return { done: true };
  },
};
