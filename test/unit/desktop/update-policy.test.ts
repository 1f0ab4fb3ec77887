// The update decisions, without Electron: the feed follows the attached HQ, rollout is deterministic per device and
// release, and a kiosk installs only in the quiet hours with nobody clocked in.
import { describe, expect, it } from 'vitest';
import { installNow, inRollout, updateFeedUrl } from '../../../src-main/desktop/update-policy';

describe('update policy', () => {
  it('uses the feed of the HQ the device is attached to, and none before enrollment', () => {
    expect(updateFeedUrl('https://hq.example.lan:8443')).toBe('https://hq.example.lan:8443/updates/');
    expect(updateFeedUrl('https://hq.example.lan/tomoni/')).toBe('https://hq.example.lan/tomoni/updates/');
    expect(updateFeedUrl(null)).toBeNull();
    expect(updateFeedUrl('not a url')).toBeNull();
  });

  it('rolls out to about the published share of devices, the same answer every time for a device', () => {
    const devices = Array.from({ length: 2000 }, (_, i) => `device-${i}`);
    const share = devices.filter((d) => inRollout(d, '1.2.0', 25)).length / devices.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    for (const d of devices.slice(0, 50)) expect(inRollout(d, '1.2.0', 25)).toBe(inRollout(d, '1.2.0', 25));
    // Widening the rollout keeps everyone who was already in.
    for (const d of devices) if (inRollout(d, '1.2.0', 25)) expect(inRollout(d, '1.2.0', 60)).toBe(true);
    expect(devices.every((d) => inRollout(d, '1.2.0', undefined))).toBe(true);
    expect(devices.some((d) => inRollout(d, '1.2.0', 0))).toBe(false);
  });

  it('installs on a kiosk only at a quiet hour when nobody is clocked in', () => {
    expect(installNow({ kiosk: true, hour: 3, clockedIn: 0 })).toBe(true);
    expect(installNow({ kiosk: true, hour: 3, clockedIn: 1 })).toBe(false);
    expect(installNow({ kiosk: true, hour: 10, clockedIn: 0 })).toBe(false);
    expect(installNow({ kiosk: true, hour: 5, clockedIn: 0 })).toBe(false);
    expect(installNow({ kiosk: false, hour: 3, clockedIn: 0 })).toBe(false);
  });
});
