// How a device reaches its HQ's update feed: its own credential, and only HQ's pinned certificate (electron-updater
// fetches through Chromium, which is handed each certificate through certificateVerdict).
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateVerdict, pemSha256, updateAccess } from '../../../src-main/desktop/update-access';
import { selfSignedTls } from '../../../src-server/tls';
import { tempDir } from '../../helpers/app';

const credential = { deviceId: 'dev-1', secret: 's3cret' };

describe('update access', () => {
  it('carries the device credential to the feed of the HQ it joined, and nothing before enrollment', () => {
    expect(updateAccess('https://hq.lan:5790', credential, 'ab'.repeat(32))).toEqual({ feedUrl: 'https://hq.lan:5790/updates/', authorization: 'Device dev-1.s3cret', pinSha256: 'ab'.repeat(32) });
    expect(updateAccess('http://10.0.0.5:5790', credential, null)?.feedUrl).toBe('http://10.0.0.5:5790/updates/');
    expect(updateAccess(null, credential, null)).toBeNull();
    expect(updateAccess('https://hq.lan:5790', null, 'ab'.repeat(32))).toBeNull();
    // An https HQ without a pin is never trusted on a CA's word.
    expect(updateAccess('https://hq.lan:5790', credential, null)).toBeNull();
  });

  it("accepts only the pinned certificate on HQ's host", async () => {
    const dir = tempDir('tomoni-pin-');
    const mine = await selfSignedTls(path.join(dir, 'a'), ['hq.lan']);
    const other = await selfSignedTls(path.join(dir, 'b'), ['hq.lan']);
    const minePem = fs.readFileSync(path.join(dir, 'a', 'tls', 'hq-cert.pem'), 'utf8');
    const otherPem = fs.readFileSync(path.join(dir, 'b', 'tls', 'hq-cert.pem'), 'utf8');
    // The same SHA-256 the sync transport pins (DER), in hex.
    const pin = new X509Certificate(minePem).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(pemSha256(minePem)).toBe(pin);
    expect(mine.fingerprint256).not.toBe(other.fingerprint256);
    const access = updateAccess('https://hq.lan:5790', credential, pin);
    expect(certificateVerdict(access, 'hq.lan', minePem)).toBe(0);
    expect(certificateVerdict(access, 'hq.lan', otherPem)).toBe(-2);
    expect(certificateVerdict(access, 'hq.lan', 'not a certificate')).toBe(-2);
    // Other hosts keep Chromium's own verification; a plain-HTTP HQ has nothing to pin.
    expect(certificateVerdict(access, 'example.org', otherPem)).toBe(-3);
    expect(certificateVerdict(updateAccess('http://hq.lan:5790', credential, null), 'hq.lan', otherPem)).toBe(-3);
    expect(certificateVerdict(null, 'hq.lan', otherPem)).toBe(-3);
  });
});
