// A command whose rule reads hundreds of rows — a city's whole volume list (the pilot's 176 volumes) in one import.
// On PostgreSQL HQ runs the synchronous rule in passes over asynchronous reads; each pass used to stop at its first
// missing read, so this rule needed one pass per volume, hit the pass limit, and the command failed as a temporary
// error for ever (the device's queue wedged). On both stores it is applied at once, and refused where it should be.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { paths, pushResponse } from '../../src-shared/sync/protocol';
import { DEFAULT_NAMING_PATTERN } from '../../src-shared/scan/naming';
import { defaultWorkflow } from '../../src-shared/scan/workflow';
import type { HqClient } from '../../src-main/sync/hq-client';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];
const VOLUMES = 176;

for (const dialect of dialects) {
  describe(`a rule with many reads on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    let client: HqClient;
    let admin: Awaited<ReturnType<typeof attachOperatorWithAdmin>>['admin'];

    beforeEach(async () => {
      hq = await openHq(dialect, clock);
      ({ client, admin } = await attachOperatorWithAdmin(hq, clock));
    });
    afterEach(async () => {
      await hq.drop();
    });

    const volume = (i: number, id = newId()) => ({
      id,
      volumeNo: String(i + 1).padStart(3, '0'),
      title: `建築確認図面 第${i + 1}冊`,
      shelfNo: `K-${i}`,
      expectedPages: 40,
      format: 'A0' as const,
      restriction: 'center_only' as const,
      dcDate: '昭和45年',
    });

    it(`imports ${VOLUMES} volumes in one command, and refuses a volume number taken by another volume`, async () => {
      const jobId = newId();
      const volumes = Array.from({ length: VOLUMES }, (_, i) => volume(i));
      const commands = [
        command(3, 'people.upsertJob', { id: jobId, code: 'ARCHIVE', name: '保存文書', clientName: '塩尻市', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, admin, clock),
        command(4, 'scan.saveSettings', { jobId, qualityLevel: 'fadgi3', targetPpi: 400, colorMode: 'color24', fileFormat: 'tiff', namingPattern: DEFAULT_NAMING_PATTERN, workflow: defaultWorkflow }, admin, clock),
        command(5, 'scan.addVolumes', { jobId, volumes }, admin, clock),
        // The same list again (an import repeated): the same volumes, so allowed.
        command(6, 'scan.addVolumes', { jobId, volumes }, admin, clock),
        // The last volume's number again, for a different volume: refused, whatever the store.
        command(7, 'scan.addVolumes', { jobId, volumes: [...volumes.slice(0, VOLUMES - 1), volume(VOLUMES - 1)] }, admin, clock),
      ];
      const res = await client.post(paths.push, { commands }, pushResponse);
      expect(res.value.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected']);
      const refused = res.value.results[4];
      expect(refused.status === 'rejected' && refused.reason).toMatchObject({ messageKey: 'scan.errors.duplicateVolume', params: { volumeNo: String(VOLUMES).padStart(3, '0') } });
      const stored = await hq.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM entities WHERE tbl = ?', ['scanVolumes']);
      expect(Number(stored[0].n)).toBe(VOLUMES);
    });
  });
}
