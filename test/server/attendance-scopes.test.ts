// Reviews travel by site (docs/decisions/0053): a worker's corrections, punch voids and timesheet submissions are
// held by their site's center PC, office devices and the worker's loaned PC — never by another site's center PC —
// and another site's center PC cannot write them (HQ refuses them as out of scope).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { jstDate, jstMonth } from '../../src-shared/core/time';
import { paths, pullResponse, type PullResponse } from '../../src-shared/sync/protocol';
import type { QueuedCommand } from '../../src-shared/sync/protocol';
import { TestClock } from '../helpers/app';
import { attachFirstDevice, enrollDevice, openHq, pushOne, type Dialect, type TestDevice } from './hq-helpers';

type PulledRow = PullResponse['pages'][number]['rows'][number];
type Actor = QueuedCommand['actor'];
const reviewTables = ['corrections', 'punchVoids', 'timesheetSubmissions'];

type Device = TestDevice;

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`attendance reviews by site on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let first: Device;
    const operatorId = newId();
    const [siteA, siteB, officeSite] = [newId(), newId(), newId()];
    const [adminId, workerA, workerB] = [newId(), newId(), newId()];
    const admin: Actor = { role: 'admin', staffId: adminId, workerId: null };
    const asWorker = (workerId: string): Actor => ({ role: 'worker', staffId: null, workerId });
    const kiosk = (workerId: string): Actor => ({ role: 'kiosk', staffId: null, workerId });

    const push = (device: Device, name: string, args: unknown, actor: Actor) => pushOne(device, name, args, actor, clock);
    const enroll = (kind: 'center' | 'loaned', siteId: string | null, workerId: string | null) => enrollDevice(hq, clock, first, adminId, { kind, siteId, workerId });

    /** Every row the device holds after a full pull, limited to the review tables. */
    async function reviewRows(device: Device): Promise<PulledRow[]> {
      const cursors: Record<string, number> = {};
      const rows = new Map<string, PulledRow>();
      for (let i = 0; i < 50; i++) {
        const { value } = await device.client.post(paths.pull, { cursors, limit: 1000 }, pullResponse);
        for (const page of value.pages) {
          cursors[page.bucket] = page.cursor;
          for (const r of page.rows) if (r.data) rows.set(`${r.tbl}/${r.id}`, r);
        }
        if (value.buckets.every((b) => value.checkpoint[b])) return [...rows.values()].filter((r) => reviewTables.includes(r.tbl));
      }
      throw new Error('pull never completed');
    }
    const summary = (rows: PulledRow[]) => rows.map((r) => `${r.tbl}:${String(r.data!.workerId === workerA ? 'A' : 'B')}:${r.data!.siteId === siteA ? 'siteA' : r.data!.siteId === siteB ? 'siteB' : String(r.data!.siteId)}`).sort();

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      const { client } = await attachFirstDevice(hq, clock, { operatorId, siteId: siteA, staffIds: [adminId] });
      first = { client, seq: 1, credential: null };
      const worker = (id: string, code: string, site: string) => ({
        id, code, familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', role: 'worker', homeSiteId: site, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true,
      });
      const setup: [string, unknown][] = [
        ['people.createOperator', { id: operatorId, name: 'Op' }],
        ['people.upsertSite', { id: siteA, code: 'A', name: 'A', kind: 'center', active: true }],
        ['people.upsertStaff', { id: adminId, loginId: 'admin', familyName: '管理', givenName: '者', role: 'admin', siteId: siteA, active: true }],
        ['people.upsertSite', { id: siteB, code: 'B', name: 'B', kind: 'center', active: true }],
        ['people.upsertSite', { id: officeSite, code: 'HQ', name: '本部', kind: 'office', active: true }],
        ['people.upsertWorker', worker(workerA, 'W0001', siteA)],
        ['people.upsertWorker', worker(workerB, 'W0002', siteB)],
      ];
      for (const [name, args] of setup) expect(await push(first, name, args, admin)).toBe('applied');
    });
    afterEach(async () => {
      await hq.drop();
    });

    it("keeps a site-B worker's corrections, voids and submissions off site A's PC, and refuses site A's writes", async () => {
      const centerB = await enroll('center', siteB, null);
      const office = await enroll('center', officeSite, null);
      const loanedB = await enroll('loaned', null, workerB);
      const minute = 60_000;
      const day = jstDate(clock.now());
      const month = jstMonth(clock.now());

      // Worker B works a session at site B and asks to move the clock-out earlier; the site-B PC approves it.
      const inB = newId();
      const outB = newId();
      expect(await push(centerB, 'attendance.clockIn', { punchId: inB, workerId: workerB, roomEntryId: newId(), jobId: null, stepKey: null }, kiosk(workerB))).toBe('applied');
      const inAt = clock.now();
      clock.advance(60 * minute);
      expect(await push(centerB, 'attendance.clockOut', { punchId: outB, workerId: workerB }, kiosk(workerB))).toBe('applied');
      clock.advance(minute);
      const corrB = newId();
      const moveOut = (punchId: string, at: number) => [{ kind: 'void', punchId }, { kind: 'add', punchKind: 'out', at, jobId: null, stepKey: null }];
      expect(await push(centerB, 'attendance.requestCorrection', { id: corrB, workerId: workerB, date: day, items: moveOut(outB, inAt + 30 * minute), reason: '早退' }, asWorker(workerB))).toBe('applied');
      clock.advance(minute);
      const [voidId, addedOut] = [newId(), newId()];
      expect(await push(centerB, 'attendance.reviewCorrection', { id: corrB, decision: 'approve', comment: '', newIds: [voidId, addedOut] }, admin)).toBe('applied');
      // Worker B submits the month from their loaned PC; worker A submits theirs at site A.
      clock.advance(minute);
      expect(await push(loanedB, 'attendance.submitMonth', { id: newId(), workerId: workerB, month }, asWorker(workerB))).toBe('applied');
      expect(await push(first, 'attendance.submitMonth', { id: newId(), workerId: workerA, month }, asWorker(workerA))).toBe('applied');

      // Site A's PC holds only its own worker's submission; site B's PC, the office and B's loaned PC hold B's reviews.
      expect(summary(await reviewRows(first))).toEqual(['timesheetSubmissions:A:siteA']);
      const bRows = ['corrections:B:siteB', 'punchVoids:B:siteB', 'timesheetSubmissions:B:siteB'];
      expect(summary(await reviewRows(centerB))).toEqual(bRows);
      expect(summary(await reviewRows(loanedB))).toEqual(bRows);
      expect(summary(await reviewRows(office))).toEqual([...bRows, 'timesheetSubmissions:A:siteA'].sort());

      // Site A's PC may not file a correction on a site-B punch, nor review site B's corrections or submissions.
      clock.advance(minute);
      const moveAgain = { id: newId(), workerId: workerB, date: day, items: moveOut(addedOut, inAt + 20 * minute), reason: '再修正' };
      expect(await push(first, 'attendance.requestCorrection', moveAgain, admin)).toBe('sync.errors.outOfScope');
      const corrB2 = newId();
      expect(await push(centerB, 'attendance.requestCorrection', { ...moveAgain, id: corrB2 }, asWorker(workerB))).toBe('applied');
      clock.advance(minute);
      expect(await push(first, 'attendance.reviewCorrection', { id: corrB2, decision: 'return', comment: '確認', newIds: [] }, admin)).toBe('sync.errors.outOfScope');
      expect(await push(first, 'attendance.reviewMonth', { workerId: workerB, month, decision: 'approve', comment: '' }, admin)).toBe('sync.errors.outOfScope');
      // The office reviews any site.
      expect(await push(office, 'attendance.reviewMonth', { workerId: workerB, month, decision: 'approve', comment: '' }, admin)).toBe('applied');
      expect(await push(office, 'attendance.reviewCorrection', { id: corrB2, decision: 'return', comment: '確認', newIds: [] }, admin)).toBe('applied');
      expect(summary(await reviewRows(first))).toEqual(['timesheetSubmissions:A:siteA']);
    });
  });
}
