// A staff password reaches the center PCs of the site the person works at (decision 0119): an account made at site A
// for a site B director signs in at site B, and site A's PC lets go of the password once HQ has it.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import type { AppError } from '../../src-shared/core/errors';
import { verifyStaffPassword } from '../../src-main/auth/verify';
import { newStaffSecret } from '../../src-main/auth/staff-keys';
import { Sim } from './harness';
import { expectConverged } from './checks';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

function signInError(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (e) {
    return (e as AppError).payload?.messageKey ?? String(e);
  }
}

describe('staff passwords by site', () => {
  it('a site B account signs in at site B only, and site A says why it cannot', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB });
    const [a] = sim.all();
    const id = newId();
    const password = 'site-b-director-password';
    const secret = newStaffSecret(password);
    a.app.services.bus.executeAll([
      { name: 'people.upsertStaff', input: { id, loginId: 'dirb', familyName: '拠点', givenName: 'B', role: 'director', siteId: sim.siteB, active: true }, actor: a.actor },
      { name: 'people.setCredential', input: { id, subjectType: 'staff', kind: 'password', hash: secret.hash, publicKey: secret.publicKey, wrappedKey: secret.wrappedKey }, actor: a.actor },
    ]);
    await sim.heal();
    await expectConverged(sim);

    expect(verifyStaffPassword(b.app.services, 'dirb', password).id).toBe(id);
    expect(signInError(() => verifyStaffPassword(a.app.services, 'dirb', password))).toBe('errors.signInOtherSite');
    // The admin of the whole operator still signs in at both.
    expect(signInError(() => sim!.signIn(a))).toBeNull();
    expect(signInError(() => sim!.signIn(b))).toBeNull();
  });
});
