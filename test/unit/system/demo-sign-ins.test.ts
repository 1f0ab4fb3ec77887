// The sign-in screen of a demo store shows its public sign-ins; a real store never does.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../helpers/app';

describe('demo sign-ins in the app status', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('lists the demo staff and worker codes with the demo password and PIN', async () => {
    t = openTestApp({ demo: true });
    const status = await t.must('app.status', {});
    expect(status.demo).toMatchObject({ password: 'tomoni-demo', pin: '1234', firstWorkerCode: 'W0001', lastWorkerCode: 'W0038' });
    expect(status.demo!.staffLoginIds).toEqual(expect.arrayContaining(['admin', 'director', 'office', 'manager']));
  });

  it('says nothing on a store set up for real', async () => {
    t = openTestApp();
    await t.must('setup.initialize', { operatorName: '本物の事業者', siteName: '本所', siteCode: 'HQ1', deviceKind: 'center', admin: { loginId: 'boss', familyName: '本', givenName: '物', password: 'long-enough-password-1' } });
    const status = await t.must('app.status', {});
    expect(status.setupDone).toBe(true);
    expect(status.demo).toBeNull();
  });
});
