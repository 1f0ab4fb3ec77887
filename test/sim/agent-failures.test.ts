// The agent never throws and never leaves an unhandled rejection (reproductions 4 and 7): a secret the OS keychain
// cannot unseal becomes a visible state (not "idle"); with two push batches in flight, the second failing first is
// handled, the process keeps running and the next cycle sends everything.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import type { SyncTransport } from '../../src-main/sync/transport';
import { Sim } from './harness';
import { expectConverged, expectExactlyOnce } from './checks';

describe('the sync agent under failures of its own', () => {
  let sim: Sim;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await sim.close();
  });

  it('a device secret that cannot be unsealed is a visible error, never a silent stop', async () => {
    sim = await Sim.create();
    const pc = await sim.addDevice('pc', { kind: 'center', siteId: sim.siteA });
    (pc.agent as unknown as { vault: { seal(s: string): string; unseal(s: string): string } }).vault = {
      seal: (s) => s,
      unseal: () => {
        throw new Error('The keychain refused');
      },
    };
    pc.app.services.bus.execute('audit.record', { id: newId(), action: 'x', targetId: null, details: {} }, pc.actor);
    await expect(pc.agent.runOnce()).resolves.toBeUndefined();
    expect(pc.agent.status()).toMatchObject({ state: 'error', lastErrorCode: 'secret_unreadable', queued: 1 });
  });

  it('survives the second push batch failing before the first is answered, and sends everything next time', async () => {
    process.on('unhandledRejection', onUnhandled);
    sim = await Sim.create();
    const pc = await sim.addDevice('pc', { kind: 'center', siteId: sim.siteA });
    for (let i = 0; i < 6; i++) pc.app.services.bus.execute('audit.record', { id: newId(), action: `n${i}`, targetId: null, details: {} }, pc.actor);
    const agent = pc.agent as unknown as { options: { engine?: { pushBatch?: number } }; transportTo(url: string): SyncTransport };
    agent.options.engine = { pushBatch: 2 };
    const base = sim.transportFor(pc);
    let pushes = 0;
    agent.transportTo = () => async (req) => {
      if (!req.path.endsWith('/push')) return base(req);
      const n = ++pushes;
      if (n === 1) {
        // The first batch is slow: the second fails meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 150));
        return base(req);
      }
      if (n === 2) throw new Error('connection reset');
      return base(req);
    };
    await expect(pc.agent.runOnce()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(unhandled).toEqual([]);
    expect(pc.agent.status()).toMatchObject({ state: 'error', lastErrorCode: 'network' });
    await pc.agent.runOnce();
    expect(pc.agent.status()).toMatchObject({ state: 'idle', queued: 0 });
    await sim.heal();
    await expectConverged(sim);
    await expectExactlyOnce(sim);
  });
});
