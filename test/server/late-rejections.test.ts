// HQ side of late rejections on SQLite and PostgreSQL: a held command rejected after an upgrade is sent with every
// pull of its device until the device acknowledges it, and only to that device.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CommandDef } from '../../src-shared/commands/define';
import { commandRegistry } from '../../src-shared/commands/registry';
import { reject } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { paths, pullResponse, pushResponse } from '../../src-shared/sync/protocol';
import { releaseHeld } from '../../src-server/sync/held';
import { TestClock } from '../helpers/app';
import { attachOperatorWithAdmin, command, openHq, type Dialect } from './hq-helpers';

const dialects: Dialect[] = ['sqlite', 'pg'];
const registry = commandRegistry as Map<string, CommandDef>;

for (const dialect of dialects) {
  describe(`late rejections on ${dialect}`, () => {
    const clock = new TestClock();
    let hq: Awaited<ReturnType<typeof openHq>>;
    beforeEach(async () => {
      hq = await openHq(dialect, clock);
    });
    afterEach(async () => {
      registry.delete('future.refused');
      await hq.drop();
    });

    it('are pulled until acknowledged', async () => {
      const { client, admin } = await attachOperatorWithAdmin(hq, clock);
      const touched = newId();
      const held = await client.post(
        paths.push,
        { commands: [{ ...command(3, 'future.refused', { any: 1 }, admin, clock), touches: [{ tbl: 'auditLog', id: touched }] }] },
        pushResponse,
      );
      expect(held.value.results.map((r) => r.status)).toEqual(['held']);
      const base = registry.get('audit.record')!;
      registry.set('future.refused', { ...base, name: 'future.refused', input: z.object({ any: z.number() }), decide: () => reject('errors.forbidden') });
      expect(await releaseHeld(hq.db, clock.now())).toBe(1);

      const pull = (ackRejections?: number[]) => client.post(paths.pull, { cursors: {}, limit: 1000, ...(ackRejections ? { ackRejections } : {}) }, pullResponse);
      const first = (await pull()).value.lateRejections ?? [];
      expect(first.map((r) => [r.seq, r.name, r.reason.messageKey])).toEqual([[3, 'future.refused', 'errors.forbidden']]);
      // HQ never had the row the command wrote on the device: the device is told to remove it.
      expect(first[0].revert).toEqual([{ tbl: 'auditLog', id: touched, hlc: '', data: null }]);
      // Unacknowledged: sent again.
      expect((await pull()).value.lateRejections).toHaveLength(1);
      // Acknowledged: gone for good.
      expect((await pull([3])).value.lateRejections).toBeUndefined();
      expect((await pull()).value.lateRejections).toBeUndefined();
    });
  });
}
