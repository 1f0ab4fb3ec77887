// Clients and job targets (issue 12 #1, decision 0107) reach HQ like any registry row: HQ runs the same rule (an
// unknown client is refused), stamps the client's name on the job, and serves both rows to the devices of the operator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { paths, pullResponse, pushResponse } from '../../src-shared/sync/protocol';
import type { HqClient } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachFirstDevice, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];

for (const dialect of dialects) {
  describe(`clients and job targets on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let device: HqClient;
    const operatorId = newId();
    const siteId = newId();
    const adminId = newId();
    const admin = { role: 'admin', staffId: adminId, workerId: null };

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      device = (await attachFirstDevice(hq, clock, { operatorId, siteId, staffIds: [adminId] })).client;
    });
    afterEach(async () => {
      await hq.drop();
    });

    it('applies a client and a job that names it, refuses a job naming an unknown client, and serves both', async () => {
      const clientId = newId();
      const jobId = newId();
      const job = { id: jobId, code: 'VEHICLE-01', name: '公用車', clientName: '', kind: 'entry', restriction: 'home_allowed', status: 'active', startDate: null, dueDate: null };
      const commands = [
        command(1, 'people.createOperator', { id: operatorId, name: 'Op' }, admin, clock),
        command(2, 'people.upsertStaff', { id: adminId, loginId: 'admin', familyName: '管理', givenName: '者', role: 'admin', siteId, active: true }, admin, clock),
        command(3, 'people.upsertClient', { id: clientId, name: '白馬村', kind: 'municipality', active: true }, admin, clock),
        command(4, 'people.upsertJob', { ...job, clientId, target: 1200, targetUnit: 'pages' }, admin, clock),
        command(5, 'people.upsertJob', { ...job, id: newId(), code: 'OTHER-01', clientId: newId() }, admin, clock),
      ];
      const res = await device.post(paths.push, { commands }, pushResponse);
      expect(res.value.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected']);
      const refused = res.value.results[4];
      expect(refused.status === 'rejected' && refused.reason.messageKey).toBe('errors.people.clientNotFound');

      const { value } = await device.post(paths.pull, { cursors: {}, limit: 10_000 }, pullResponse);
      const rows = value.pages.flatMap((p) => p.rows);
      expect(rows.find((r) => r.tbl === 'clients' && r.id === clientId)?.data).toMatchObject({ name: '白馬村', kind: 'municipality' });
      expect(rows.find((r) => r.tbl === 'jobs' && r.id === jobId)?.data).toMatchObject({ clientId, clientName: '白馬村', target: 1200, targetUnit: 'pages' });
    });
  });
}
