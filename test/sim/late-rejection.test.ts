// Rule 3 with rule 8: a newer client's command that HQ held (it did not know it) and rejects after its upgrade still
// reaches the device — shown like any rejection, with HQ's version of the rows it touched — exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CommandDef } from '../../src-shared/commands/define';
import { commandRegistry } from '../../src-shared/commands/registry';
import { reject } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import { releaseHeld } from '../../src-server/sync/held';
import { expectConverged } from './checks';
import { Sim } from './harness';

let sim: Sim | null = null;
const registry = commandRegistry as Map<string, CommandDef>;
afterEach(async () => {
  registry.delete('future.note');
  await sim?.close();
  sim = null;
});

/** A command of a newer app version: writes an audit line; the later HQ refuses it for a reason of its own. */
function futureNote(refuse: boolean): CommandDef {
  const base = registry.get('audit.record')!;
  return {
    ...base,
    name: 'future.note',
    input: z.object({ id: z.string(), note: z.string() }),
    decide: (ctx, input: { id: string; note: string }) => {
      if (refuse) reject('errors.forbidden');
      return base.decide(ctx, { id: input.id, action: 'future.note', targetId: null, details: { note: input.note } });
    },
  };
}

describe('a held command rejected after HQ learns it', () => {
  it('comes back to the device as a rejection, and is sent only until the device has it', async () => {
    sim = await Sim.create();
    const [d] = sim.all();
    const noteId = newId();
    // The device runs a newer version: it knows future.note, HQ does not.
    registry.set('future.note', futureNote(false));
    d.app.services.bus.execute('future.note', { id: noteId, note: '新機能' }, d.actor);
    registry.delete('future.note');
    await sim.heal();
    // HQ keeps it (rule 8); the device's queue moves on and shows HQ's rows, which do not include it yet.
    expect(d.agent.status().queued).toBe(0);
    expect(await sim.hq.db.all('SELECT seq FROM held_commands')).toHaveLength(1);
    expect(d.agent.status().rejections).toEqual([]);

    // HQ is upgraded and refuses it.
    registry.set('future.note', futureNote(true));
    expect(await releaseHeld(sim.hq.db, sim.hqClock.now())).toBe(1);
    await sim.heal();
    const rejections = d.agent.status().rejections;
    expect(rejections.map((r) => [r.name, r.reason.messageKey])).toEqual([['future.note', 'errors.forbidden']]);
    expect(d.app.services.store.sqlite.prepare('SELECT count(*) FROM audit_log WHERE id = ?').pluck().get(noteId)).toBe(0);
    const acked = await sim.hq.db.all<{ acked_at: number | null }>('SELECT acked_at FROM late_rejections');
    expect(acked).toHaveLength(1);
    expect(acked[0].acked_at).not.toBeNull();
    // Further syncs do not bring it again.
    await sim.heal();
    expect(d.agent.status().rejections).toHaveLength(1);
    await expectConverged(sim);
  });
});
