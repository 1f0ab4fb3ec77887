// What each kind of device holds after a full pull, by kind of data and job restriction (issue 10, decision 0116):
// a loaned PC holds its worker's own rows, the jobs that allow home work, and the material of the home jobs its worker
// keys — never anything of a center-only job's content, never the other keyer's values. Center PCs and the office hold
// what their work needs. Then: HQ moves rows stored under older bucket functions into the new ones at restart.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filePath, fileStatusPath } from '../../src-shared/files/protocol';
import type { SyncHttpError } from '../../src-main/sync/hq-client';
import { newId } from '../../src-shared/core/ids';
import { createHq, type Hq } from '../../src-server/hq';
import { paths, pullResponse, type QueuedCommand } from '../../src-shared/sync/protocol';
import { TestClock, tempDir } from '../helpers/app';
import { quietLog } from '../sim/harness';
import { countBucket } from '../../src-server/sync/checksum-upgrade';
import { CHECKSUM_VERSION } from '../../src-shared/sync/checksum';
import { attachFirstDevice, clientFor, enrollDevice, freshPgDatabase, pushOne, type Dialect, type TestDevice } from './hq-helpers';

type Actor = QueuedCommand['actor'];
type Device = TestDevice;

/** A source file's bytes (100 of them, as the rows say) and its name. */
const content = (c: string) => Buffer.alloc(100, c);
const sha = (c: string) => createHash('sha256').update(content(c)).digest('hex');
const def = { header: [], row: [{ key: 'answer', label: '回答', type: 'text' as const, required: true, maxLength: 100 }], rowsPerPage: 5, rules: [] };

for (const dialect of ['sqlite', 'pg'] as Dialect[]) {
  describe(`device scopes by kind of device, data and job restriction (${dialect})`, () => {
    const clock = new TestClock();
    let hq: Hq;
    let reopen: () => Promise<Hq>;
    let dropDb: () => Promise<void>;
    let first: Device;
    const operatorId = newId();
    const [siteA, siteB, officeSite] = [newId(), newId(), newId()];
    const [adminId, officeStaff, w1, w2, w3] = [newId(), newId(), newId(), newId(), newId()];
    const [directorB, directorAll] = [newId(), newId()];
    const [homeJob, centerJob, templateId] = [newId(), newId(), newId()];
    const [homeBatch, centerBatch, homeSource, centerSource] = [newId(), newId(), newId(), newId()];
    const [homePage1, homePage2, centerPage] = [newId(), newId(), newId()];
    const [homeUnit, centerUnit] = [newId(), newId()];
    const admin: Actor = { role: 'admin', staffId: adminId, workerId: null };
    const asWorker = (workerId: string): Actor => ({ role: 'worker', staffId: null, workerId });
    const kiosk = (workerId: string): Actor => ({ role: 'kiosk', staffId: null, workerId });

    const push = (device: Device, name: string, args: unknown, actor: Actor) => pushOne(device, name, args, actor, clock);
    const enroll = (kind: 'center' | 'loaned', siteId: string | null, workerId: string | null) => enrollDevice(hq, clock, first, adminId, { kind, siteId, workerId });

    /** Every row a device holds after pulling from nothing in small pages: `tbl/id`, with the bucket list HQ gave it. */
    async function held(device: Device): Promise<{ rows: Set<string>; buckets: string[] }> {
      // Filling from nothing (`full`), as a new or restored device does: its own writes come too.
      const first = await device.client.post(paths.pull, { cursors: {}, limit: 1 }, pullResponse);
      const full = [...first.value.buckets].sort();
      const cursors: Record<string, number> = {};
      const rows = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const { value } = await device.client.post(paths.pull, { cursors, limit: 7, full }, pullResponse);
        for (const page of value.pages) {
          cursors[page.bucket] = page.cursor;
          for (const r of page.rows) if (r.data) rows.add(`${r.tbl}/${r.id}`);
        }
        if (value.buckets.every((b) => value.checkpoint[b])) return { rows, buckets: value.buckets };
      }
      throw new Error('pull never completed');
    }

    beforeEach(async () => {
      if (dialect === 'sqlite') {
        const dataDir = tempDir('tomoni-hq-scope-');
        reopen = () => createHq({ dataDir, now: () => clock.now(), log: quietLog });
        dropDb = async () => {};
      } else {
        const db = await freshPgDatabase();
        const filesDir = tempDir('tomoni-hq-files-');
        reopen = () => createHq({ databaseUrl: db.url, filesDir, now: () => clock.now(), log: quietLog });
        dropDb = db.drop;
      }
      hq = await reopen();
      const attached = await attachFirstDevice(hq, clock, { operatorId, siteId: siteA, staffIds: [adminId] });
      first = { client: attached.client, seq: 1, credential: { deviceId: attached.deviceId, secret: attached.secret } };
      const worker = (id: string, code: string, site: string) => ({
        id, code, familyName: '山田', givenName: code, familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', role: 'worker', homeSiteId: site, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true,
      });
      const staff = (id: string, loginId: string, siteId: string | null) => ({ id, loginId, familyName: '指揮', givenName: loginId, role: 'director', siteId, active: true });
      const job = (id: string, code: string, restriction: string) => ({
        id, code, name: code, clientName: '市役所', kind: 'entry', restriction, status: 'active', startDate: null, dueDate: null,
      });
      const batch = (id: string, jobId: string, code: string, sourceId: string, pageIds: string[], c: string) => ({
        id, jobId, templateId, code, name: code, doubleEntry: true, sources: [{ id: sourceId, sha256: sha(c), fileName: `${code}.pdf`, mime: 'application/pdf', bytes: 100, pageIds }],
      });
      const setup: [string, unknown][] = [
        ['people.createOperator', { id: operatorId, name: 'Op' }],
        ['people.upsertStaff', { id: adminId, loginId: 'admin', familyName: '管理', givenName: '者', role: 'admin', siteId: siteA, active: true }],
        ['people.upsertSite', { id: siteA, code: 'A', name: 'A', kind: 'center', active: true }],
        ['people.upsertSite', { id: siteB, code: 'B', name: 'B', kind: 'center', active: true }],
        ['people.upsertSite', { id: officeSite, code: 'HQ', name: '本部', kind: 'office', active: true }],
        ['people.upsertWorker', worker(w1, 'W0001', siteA)],
        ['people.upsertWorker', worker(w2, 'W0002', siteA)],
        ['people.upsertWorker', worker(w3, 'W0003', siteB)],
        ['people.upsertJob', job(homeJob, 'HOME', 'home_allowed')],
        ['people.upsertJob', job(centerJob, 'ROOM', 'center_only')],
        ['people.upsertStaff', { id: officeStaff, loginId: 'office', familyName: '事務', givenName: '員', role: 'backoffice', siteId: officeSite, active: true }],
        ['people.setCredential', { id: officeStaff, subjectType: 'staff', kind: 'password', hash: 'scrypt$staff-password-hash-stand-in' }],
        ['people.upsertStaff', staff(directorB, 'dirb', siteB)],
        ['people.setCredential', { id: directorB, subjectType: 'staff', kind: 'password', hash: 'scrypt$director-b-password-hash' }],
        ['people.upsertStaff', staff(directorAll, 'dirall', null)],
        ['people.setCredential', { id: directorAll, subjectType: 'staff', kind: 'password', hash: 'scrypt$director-all-password-hash' }],
        ['people.setCredential', { id: w1, subjectType: 'worker', kind: 'pin', hash: 'scrypt$worker-one-pin-hash-stand-in' }],
        ['people.setCredential', { id: w3, subjectType: 'worker', kind: 'pin', hash: 'scrypt$worker-three-pin-hash-stand-in' }],
        ['entry.saveTemplate', { id: templateId, code: 'Q', name: '設問', kind: 'generic', def, active: true }],
        ['entry.createBatch', batch(homeBatch, homeJob, 'H1', homeSource, [homePage1, homePage2], 'a')],
        ['entry.createBatch', batch(centerBatch, centerJob, 'C1', centerSource, [centerPage], 'b')],
        ['entry.saveUnits', { batchId: homeBatch, units: [{ id: homeUnit, label: 'H-1', pageIds: [homePage1, homePage2], siteId: siteA, keyer1Id: w1, keyer2Id: w2 }] }],
        ['entry.saveUnits', { batchId: centerBatch, units: [{ id: centerUnit, label: 'C-1', pageIds: [centerPage], siteId: siteA, keyer1Id: w1, keyer2Id: null, doubleEntry: false }] }],
      ];
      for (const [name, args] of setup) expect(await push(first, name, args, admin), name).toBe('applied');
    });
    afterEach(async () => {
      await hq.close();
      await dropDb();
    });

    it("gives each device what its work needs, and a loaned PC nothing of center-only jobs (not even its worker's part) or the other keyer", async () => {
      const centerB = await enroll('center', siteB, null);
      const office = await enroll('center', officeSite, null);
      const loaned1 = await enroll('loaned', null, w1);
      const loaned3 = await enroll('loaned', null, w3);

      // W0001 keys slot 1 of the home unit at home and submits it (a unit naming both keyers: the other stays as it was).
      const key1 = newId();
      expect(await push(loaned1, 'entry.keyRow', { id: key1, unitId: homeUnit, pageId: homePage1, rowNo: 1, slot: 1, values: { answer: 'はい' } }, asWorker(w1))).toBe('applied');
      expect(await push(loaned1, 'entry.submitKeying', { unitId: homeUnit, slot: 1 }, asWorker(w1))).toBe('applied');
      // W0002 keys slot 2 at the center; W0001's PC may not key that slot, nor punch onto the center-only job.
      const key2 = newId();
      expect(await push(first, 'entry.keyRow', { id: key2, unitId: homeUnit, pageId: homePage1, rowNo: 1, slot: 2, values: { answer: 'いいえ' } }, asWorker(w2))).toBe('applied');
      expect(await push(loaned1, 'entry.keyRow', { id: newId(), unitId: homeUnit, pageId: homePage1, rowNo: 2, slot: 2, values: { answer: 'x' } }, asWorker(w1))).toBe('entry.errors.notYourUnit');
      const roomPunch = { punchId: newId(), workerId: w1, roomEntryId: newId(), jobId: centerJob, stepKey: 'keying' };
      expect(await push(loaned1, 'attendance.clockIn', roomPunch, asWorker(w1))).toBe('attendance.errors.centerOnlyJob');
      // W0001 keys the center-only unit at the center; their loaned PC may not key it (decision 0124).
      const roomKey = newId();
      expect(await push(first, 'entry.keyRow', { id: roomKey, unitId: centerUnit, pageId: centerPage, rowNo: 1, slot: 1, values: { answer: 'はい' } }, asWorker(w1))).toBe('applied');
      expect(await push(loaned1, 'entry.keyRow', { id: newId(), unitId: centerUnit, pageId: centerPage, rowNo: 2, slot: 1, values: { answer: 'x' } }, asWorker(w1))).toBe('entry.errors.centerOnlyJob');
      const homePunch = newId();
      expect(await push(loaned1, 'attendance.clockIn', { ...roomPunch, punchId: homePunch, jobId: homeJob }, asWorker(w1))).toBe('applied');
      const punchB = newId();
      expect(await push(centerB, 'attendance.clockIn', { punchId: punchB, workerId: w3, roomEntryId: newId(), jobId: centerJob, stepKey: 'keying' }, kiosk(w3))).toBe('applied');
      // A loaned PC cannot act for another worker.
      expect(await push(loaned3, 'attendance.clockOut', { punchId: newId(), workerId: w1 }, asWorker(w1))).not.toBe('applied');

      const [a, b, o, l1, l3] = await Promise.all([first, centerB, office, loaned1, loaned3].map(held));
      const who = (row: string) => {
        const out = [];
        for (const [name, d] of [['centerA', a], ['centerB', b], ['office', o], ['loaned1', l1], ['loaned3', l3]] as const) if (d.rows.has(row)) out.push(name);
        return out.join(' ');
      };
      const matrix = {
        'job allowing home work': who(`jobs/${homeJob}`),
        'center-only job': who(`jobs/${centerJob}`),
        'home batch (with its form)': who(`entryBatches/${homeBatch}`),
        'home source file row': who(`entrySources/${homeSource}`),
        'home page': who(`entryPages/${homePage2}`),
        'center-only batch': who(`entryBatches/${centerBatch}`),
        'center-only source': who(`entrySources/${centerSource}`),
        'center-only page': who(`entryPages/${centerPage}`),
        'home unit (W0001 and W0002 key it)': who(`entryUnits/${homeUnit}`),
        "W0001's keying": who(`entryKeyings/${key1}`),
        "W0002's keying of the same unit": who(`entryKeyings/${key2}`),
        'center-only unit (W0001 keys it)': who(`entryUnits/${centerUnit}`),
        "W0001's keying of the center-only unit": who(`entryKeyings/${roomKey}`),
        "W0001's punch at home": who(`punches/${homePunch}`),
        "W0003's punch at site B": who(`punches/${punchB}`),
        "the office clerk's password hash": who(`credentials/${officeStaff}`),
        "site B director's password hash": who(`credentials/${directorB}`),
        "an all-sites director's password hash": who(`credentials/${directorAll}`),
        "W0001's PIN hash (home site A)": who(`credentials/${w1}`),
        "W0003's PIN hash (home site B)": who(`credentials/${w3}`),
        'staff registry': who(`staff/${adminId}`),
      };
      expect(matrix).toEqual({
        'job allowing home work': 'centerA centerB office loaned1 loaned3',
        'center-only job': 'centerA centerB office',
        'home batch (with its form)': 'centerA centerB office loaned1',
        'home source file row': 'centerA centerB office loaned1',
        'home page': 'centerA centerB office loaned1',
        'center-only batch': 'centerA centerB office',
        'center-only source': 'centerA centerB office',
        'center-only page': 'centerA centerB office',
        'home unit (W0001 and W0002 key it)': 'centerA centerB office loaned1',
        "W0001's keying": 'centerA centerB office loaned1',
        "W0002's keying of the same unit": 'centerA centerB office',
        'center-only unit (W0001 keys it)': 'centerA centerB office',
        "W0001's keying of the center-only unit": 'centerA centerB office',
        "W0001's punch at home": 'office loaned1',
        "W0003's punch at site B": 'centerB office loaned3',
        "the office clerk's password hash": 'office',
        "site B director's password hash": 'centerB',
        "an all-sites director's password hash": 'centerA centerB office',
        "W0001's PIN hash (home site A)": 'centerA loaned1',
        "W0003's PIN hash (home site B)": 'centerB loaned3',
        'staff registry': 'centerA centerB office',
      });
      // No loaned PC is given a job bucket, and only the PC of a home job's keyer its material.
      expect(l1.buckets.filter((x) => x.startsWith('job:'))).toEqual([]);
      expect(l1.buckets).toContain(`home:${homeJob}`);
      expect(l1.buckets).not.toContain(`home:${centerJob}`);
      expect(l1.buckets.filter((x) => x.startsWith('keyer:'))).toEqual([`keyer:${homeJob}:${w1}`]);
      expect(l3.buckets.some((x) => x.startsWith('home:'))).toBe(false);

      // The job stops allowing home work: its row and its material leave the loaned PC at its next pull.
      expect(await push(first, 'people.upsertJob', { id: homeJob, code: 'HOME', name: 'HOME', clientName: '市役所', kind: 'entry', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, admin)).toBe('applied');
      const after = await held(loaned1);
      expect(after.buckets).not.toContain(`home:${homeJob}`);
      expect(after.rows.has(`jobs/${homeJob}`)).toBe(false);
      expect(after.rows.has(`entryPages/${homePage2}`)).toBe(false);
      // Their own part of it leaves too: the job is now center-only, and its keying is kept at HQ (decision 0124).
      expect(after.rows.has(`entryKeyings/${key1}`)).toBe(false);
      expect(after.rows.has(`entryUnits/${homeUnit}`)).toBe(false);
      expect(after.rows.has(`punches/${homePunch}`)).toBe(true);

      // The site B director moves to site A: the password leaves site B's PCs and reaches site A's (decision 0119).
      expect(await push(first, 'people.upsertStaff', { id: directorB, loginId: 'dirb', familyName: '指揮', givenName: 'dirb', role: 'director', siteId: siteA, active: true }, admin)).toBe('applied');
      const [movedA, movedB] = await Promise.all([first, centerB].map(held));
      expect(movedA.rows.has(`credentials/${directorB}`)).toBe(true);
      expect(movedB.rows.has(`credentials/${directorB}`)).toBe(false);
    });

    it('moves source files only between HQ and devices whose rows name them, whole and checked', async () => {
      const centerB = await enroll('center', siteB, null);
      const loaned1 = await enroll('loaned', null, w1);
      const loaned3 = await enroll('loaned', null, w3);
      const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: SyncHttpError) => e.code);
      const put = (d: Device, c: string, offset: number, bytes: Buffer) => d.client.send('PUT', `${filePath(sha(c))}?offset=${offset}`, bytes);
      const status = async (d: Device, c: string) => JSON.parse(Buffer.from((await d.client.send('GET', fileStatusPath(sha(c)), null)).body).toString('utf8')) as unknown;

      // Outside a device's scope, a file is refused whichever way it is asked for; a loaned PC never sends bytes, not
      // even of its own job's file (it cannot make batches, and another PC may be sending that file).
      expect(await code(put(loaned1, 'b', 0, content('b')))).toBe('forbidden');
      expect(await code(put(loaned1, 'a', 0, content('z')))).toBe('forbidden');
      expect(await code(loaned1.client.send('GET', filePath(sha('b')), null))).toBe('forbidden');
      expect(await code(status(loaned3, 'a'))).toBe('forbidden');
      expect(await code(first.client.send('GET', filePath('e'.repeat(64)), null))).toBe('forbidden');
      // Not there yet: a device that may have it waits.
      expect(await code(centerB.client.send('GET', filePath(sha('b')), null))).toBe('not_found');
      // Bytes that are not the named file are not kept.
      expect(await code(put(first, 'a', 0, content('z')))).toBe('file_mismatch');
      expect(await status(first, 'a')).toEqual({ received: 0, bytes: 100, complete: false });
      // A chunk past HQ's end changes nothing; a repeated chunk is taken once; the last one completes the file.
      expect(await status(first, 'a')).toEqual(await put(first, 'a', 60, content('a').subarray(60)).then((r) => JSON.parse(Buffer.from(r.body).toString('utf8'))));
      await put(first, 'a', 0, content('a').subarray(0, 60));
      await put(first, 'a', 0, content('a').subarray(0, 60));
      expect(await status(first, 'a')).toEqual({ received: 60, bytes: 100, complete: false });
      await put(first, 'a', 60, content('a').subarray(60));
      expect(await status(loaned1, 'a')).toEqual({ received: 100, bytes: 100, complete: true });
      // One hash names one size: a row naming the same file with another size is refused (HQ relays by the size).
      const again = { id: newId(), sha256: sha('a'), fileName: 'again.pdf', mime: 'application/pdf', bytes: 99, pageIds: [newId()] };
      expect(await push(first, 'entry.addSources', { batchId: centerBatch, sources: [again] }, admin)).toBe('entry.errors.sourceSizeMismatch');
      expect(await push(first, 'entry.addSources', { batchId: centerBatch, sources: [{ ...again, sha256: 'f'.repeat(64), bytes: 10 * 1024 ** 4 }] }, admin)).toBe('errors.invalidInput');
      // The home keyer's loaned PC reads any part of it.
      const part = await loaned1.client.send('GET', filePath(sha('a')), null, { range: 'bytes=10-19' });
      expect(part.status).toBe(206);
      expect(Buffer.from(part.body).equals(content('a').subarray(10, 20))).toBe(true);
      // The job stops allowing home work: its file is refused to the loaned PC from then on.
      expect(await push(first, 'people.upsertJob', { id: homeJob, code: 'HOME', name: 'HOME', clientName: '市役所', kind: 'entry', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, admin)).toBe('applied');
      expect(await code(loaned1.client.send('GET', filePath(sha('a')), null))).toBe('forbidden');
    });

    it('moves rows stored under older bucket functions into the new buckets at restart, with matching checksums', async () => {
      const loaned1 = await enroll('loaned', null, w1);
      // An HQ written by the previous version: no home buckets, and the bucket version it followed.
      const q = hq.db;
      await q.run("DELETE FROM changes WHERE bucket LIKE 'home:%' OR bucket LIKE 'homejobs:%' OR bucket LIKE 'keyer:%'");
      await q.run("DELETE FROM bucket_state WHERE bucket LIKE 'home:%' OR bucket LIKE 'homejobs:%' OR bucket LIKE 'keyer:%'");
      await q.run("UPDATE hq_settings SET value = '1' WHERE key = 'bucket_version'");
      const before = await held(loaned1);
      expect(before.rows.has(`entryPages/${homePage1}`)).toBe(false);

      await hq.close();
      hq = await reopen();
      // The same device, on the restarted HQ (a new client: the old one spoke to the closed app).
      const { rows } = await held({ ...loaned1, client: clientFor(hq, clock, loaned1.credential) });
      expect(rows.has(`entryPages/${homePage1}`)).toBe(true);
      expect(rows.has(`entryBatches/${homeBatch}`)).toBe(true);
      expect(rows.has(`jobs/${homeJob}`)).toBe(true);
      expect(rows.has(`entryPages/${centerPage}`)).toBe(false);
      expect(rows.has(`entryUnits/${homeUnit}`)).toBe(true);
      expect(rows.has(`entryUnits/${centerUnit}`)).toBe(false);
      // Every bucket's running checksum and count at HQ are what its live rows add up to (moved rows counted once).
      const states = await hq.db.all<{ bucket: string; checksum: number; count: number }>('SELECT bucket, checksum, count FROM bucket_state WHERE operator_id = ?', [operatorId]);
      expect(states.map((s) => s.bucket)).toContain(`home:${homeJob}`);
      for (const s of states) {
        const summed = await countBucket(hq.db, operatorId, s.bucket, CHECKSUM_VERSION);
        expect({ checksum: Number(s.checksum), count: Number(s.count) }, s.bucket).toEqual(summed);
      }
      // A second restart moves nothing.
      await hq.close();
      hq = await reopen();
      const [cursor] = await hq.db.all<{ c: number }>('SELECT last_cursor AS c FROM operators_state WHERE operator_id = ?', [operatorId]);
      await hq.close();
      hq = await reopen();
      const [again] = await hq.db.all<{ c: number }>('SELECT last_cursor AS c FROM operators_state WHERE operator_id = ?', [operatorId]);
      expect(Number(again.c)).toBe(Number(cursor.c));
    });

  });
}
