// A worker of another site has no PIN on this PC (decision 0073): the kiosk says where to log in instead of
// "wrong PIN", and still counts the attempt toward the lockout.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src-shared/core/errors';
import { findWorker, verifyWorkerPin } from '../../src-main/auth/verify';
import { hashSecret } from '../../src-main/auth/secrets';
import { Sim } from './harness';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const refusal = (run: () => unknown): string => {
  try {
    run();
    return 'ok';
  } catch (e) {
    return (e as AppError).payload.messageKey;
  }
};

describe('a worker at another site’s kiosk', () => {
  it('is told this PC is for another site, not that the PIN is wrong', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const [, siteAWorker, siteBWorker] = sim.workers;
    const hash = hashSecret('2468');
    for (const id of [siteAWorker, siteBWorker]) a.app.services.bus.execute('people.setCredential', { id, subjectType: 'worker', kind: 'pin', hash }, a.actor);
    await sim.heal();
    await sim.heal();
    const onB = b.app.services;
    expect(refusal(() => verifyWorkerPin(onB, findWorker(onB, { id: siteAWorker }), '2468', 'x'))).toBe('errors.workerOtherSite');
    expect(refusal(() => verifyWorkerPin(onB, findWorker(onB, { id: siteBWorker }), '1111', 'x'))).toBe('errors.badPin');
    expect(verifyWorkerPin(onB, findWorker(onB, { id: siteBWorker }), '2468', 'x').id).toBe(siteBWorker);
  });
});
