// One push whose commands depend on each other's writes (decision 0029: HQ buffers effect writes on PostgreSQL and
// applies them with multi-row statements before any read): later rules see earlier writes, a repeated fact is a
// no-op that takes no cursor, history is kept, and the bucket checksums still match the rows served.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { DEFAULT_NAMING_PATTERN } from '../../src-shared/scan/naming';
import { defaultWorkflow } from '../../src-shared/scan/workflow';
import { addToChecksum, rowHash } from '../../src-shared/sync/checksum';
import { paths, pullResponse, pushResponse } from '../../src-shared/sync/protocol';
import type { HqClient } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachFirstDevice, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

for (const dialect of dialects) {
  describe(`push batching on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let first: HqClient;
    const operatorId = newId();
    const siteA = newId();
    const adminId = newId();
    const admin = { role: 'admin', staffId: adminId, workerId: null };

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      const { client } = await attachFirstDevice(hq, clock, { operatorId, siteId: siteA, staffIds: [adminId] });
      first = client;
    });
    afterEach(async () => {
      await hq.drop();
    });

    it('applies dependent commands of one batch as if one by one', async () => {
      const siteC = newId();
      const factId = newId();
      const site = (name: string) => ({ id: siteC, code: 'C', name, kind: 'center', active: true });
      const worker = (id: string) => ({
        id, code: 'W0009', familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', role: 'worker', homeSiteId: siteA, skillIt: null, skillBusiness: null, invoiceNumber: null, active: true,
      });
      const commands = [
        command(1, 'people.createOperator', { id: operatorId, name: 'Op' }, admin, clock),
        command(2, 'people.upsertSite', { id: siteA, code: 'A', name: 'A', kind: 'center', active: true }, admin, clock),
        // The admin is checked against HQ's rows from here on: the staff row written just before must be visible.
        command(3, 'people.upsertStaff', { id: adminId, loginId: 'admin', familyName: '管理', givenName: '者', role: 'admin', siteId: siteA, active: true }, admin, clock),
        command(4, 'people.upsertSite', site('旧名'), admin, clock),
        command(5, 'people.upsertSite', site('新名'), admin, clock),
        command(6, 'audit.record', { id: factId, action: 'once', targetId: null, details: {} }, admin, clock),
        command(7, 'audit.record', { id: factId, action: 'twice', targetId: null, details: {} }, admin, clock),
        command(8, 'people.upsertWorker', worker(newId()), admin, clock),
        // A rule that reads: the code is taken by the worker written just before in this same batch.
        command(9, 'people.upsertWorker', worker(newId()), admin, clock),
      ];
      const res = await first.post(paths.push, { commands }, pushResponse);
      const statuses = res.value.results.map((r) => r.status);
      expect(statuses).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'rejected']);
      const rejected = res.value.results[8];
      expect(rejected.status === 'rejected' && rejected.reason.messageKey).toBe('errors.people.workerCodeTaken');
      expect(res.value.lastSeq).toBe(9);

      const sites = await hq.db.all<{ data: string }>('SELECT data FROM entities WHERE tbl = ? AND id = ?', ['sites', siteC]);
      expect(JSON.parse(sites[0].data)).toMatchObject({ name: '新名' });
      const history = await hq.db.all<{ field: string }>('SELECT field FROM history WHERE tbl = ? AND id = ?', ['sites', siteC]);
      expect(history.map((h) => h.field)).toContain('name');
      const fact = await hq.db.all<{ data: string }>('SELECT data FROM entities WHERE id = ?', [factId]);
      expect(fact).toHaveLength(1);
      expect(JSON.parse(fact[0].data)).toMatchObject({ action: 'once' });
      expect(await hq.db.all('SELECT cursor FROM changes WHERE id = ?', [factId])).toHaveLength(1);

      // Served rows add up to each bucket's checkpoint (a fresh pull sends everything, own inserts included).
      const { value } = await first.post(paths.pull, { cursors: {}, limit: 10_000 }, pullResponse);
      expect(value.buckets.every((b) => value.checkpoint[b])).toBe(true);
      for (const page of value.pages) {
        let checksum = 0;
        let count = 0;
        for (const r of page.rows) {
          if (!r.data) continue;
          checksum = addToChecksum(checksum, rowHash(2, r.tbl, r.id, r.hlc, r.data));
          count += 1;
        }
        expect(value.checkpoint[page.bucket], page.bucket).toMatchObject({ checksum, count });
      }
      const cursors = await hq.db.all<{ cursor: number }>('SELECT cursor FROM changes ORDER BY cursor');
      const last = await hq.db.all<{ last_cursor: number }>('SELECT last_cursor FROM operators_state');
      expect(Number(last[0].last_cursor)).toBe(Math.max(...cursors.map((c) => Number(c.cursor))));
    });

    // Rules read rows by id through the transaction's cache (decision 0058): a row read by one command and written by
    // the next must be read again as written, or the workflow below would go wrong at its second step.
    it('gives each rule the rows earlier commands of the push wrote, even rows read before they were written', async () => {
      const setup = [
        command(1, 'people.createOperator', { id: operatorId, name: 'Op' }, admin, clock),
        command(2, 'people.upsertStaff', { id: adminId, loginId: 'admin', familyName: '管理', givenName: '者', role: 'admin', siteId: siteA, active: true }, admin, clock),
      ];
      const jobId = newId();
      const volumeId = newId();
      const step = (seq: number, name: string, stepKey: string) => command(seq, name, { eventId: newId(), volumeId, stepKey, fields: {} }, admin, clock);
      const commands = [
        ...setup,
        command(3, 'people.upsertJob', { id: jobId, code: 'ARC', name: '図面', clientName: '市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, admin, clock),
        command(4, 'scan.saveSettings', { jobId, qualityLevel: 'fadgi3', targetPpi: 400, colorMode: 'color24', fileFormat: 'tiff', namingPattern: DEFAULT_NAMING_PATTERN, workflow: defaultWorkflow }, admin, clock),
        command(5, 'scan.addVolumes', { jobId, volumes: [{ id: volumeId, volumeNo: '001', title: '図面', shelfNo: '', expectedPages: 3, format: 'A0', restriction: 'none', dcDate: '' }] }, admin, clock),
        command(6, 'scan.moveOriginals', { eventId: newId(), volumeId, direction: 'in' }, admin, clock),
        step(7, 'scan.startStep', 'receive'),
        step(8, 'scan.completeStep', 'receive'),
        step(9, 'scan.startStep', 'scan'),
        step(10, 'scan.startStep', 'scan'),
      ];
      const res = await first.post(paths.push, { commands }, pushResponse);
      expect(res.value.results.map((r) => r.status)).toEqual([...Array(9).fill('applied'), 'rejected']);
      const refused = res.value.results[9];
      expect(refused.status === 'rejected' && refused.reason.messageKey).toBe('scan.errors.alreadyStarted');
      const state = await hq.db.all<{ data: string }>('SELECT data FROM entities WHERE tbl = ? AND id = ?', ['scanVolumeStates', volumeId]);
      expect(JSON.parse(state[0].data)).toMatchObject({ stepKey: 'scan', status: 'in_progress' });
    });
  });
}
