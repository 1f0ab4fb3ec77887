// `--demo` and the setup screen's demo button: a realistic operator built only through commands,
// so demo data syncs and behaves exactly like real data. Each feature adds its own seeder below.
import type { CommandActor } from '../../../src-shared/commands/define';
import type { AppServices } from '../../api/context';
import { seedPeople, DEMO_PASSWORD } from '../../people/demo';
import { initializeDevice } from '../setup';
import type { DemoContext } from './context';
import { featureSeeders } from './seeders';
import { markDemo } from './mark';

export { DEMO_PASSWORD };

export function loadDemo(services: AppServices, deviceKind: 'center' | 'loaned' = 'center'): void {
  const setup = initializeDevice(services, {
    operatorName: '一般財団法人 塩尻市振興公社（デモ）',
    siteName: '塩尻',
    siteCode: 'SHIOJIRI',
    deviceKind,
    admin: { loginId: 'admin', familyName: '上條', givenName: '彩', password: DEMO_PASSWORD },
  });
  const admin: CommandActor = { role: 'admin', staffId: setup.adminId, workerId: null };
  const batch: { name: string; input: unknown; actor: CommandActor }[] = [];
  const ctx: DemoContext = {
    services,
    run: (name, input, actor) => batch.push({ name, input, actor }),
    admin,
    firstSiteId: setup.siteId,
    atCenter: deviceKind === 'center',
    now: services.clock.now(),
  };
  const flush = () => {
    services.bus.executeAll(batch.splice(0));
  };
  // The seeders act in the admin's and the demo staff's names: their keys are lent for this run only.
  services.sessions.holdKey(setup.adminId, setup.adminKey);
  try {
    const people = seedPeople(ctx);
    flush();
    for (const seed of featureSeeders) {
      seed(ctx, people);
      flush();
    }
  } finally {
    services.sessions.releaseHeldKeys();
  }
  markDemo(services.store);
}
