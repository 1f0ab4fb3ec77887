// Attack suite, issue 10 reproduction 4: HQ speaks HTTPS and devices pin its certificate. A device joins a real
// `npm run hq --tls-self-signed` with the code HQ printed (CODE@PIN) and keeps HQ's fingerprint; a man in the middle
// with another certificate (a TLS proxy in front of the real HQ) is refused before a single byte of the request
// (the code, the device secret) reaches it — at join and at every later sync.
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { credentialResponse, paths, pullResponse } from '../../src-shared/sync/protocol';
import { AppError } from '../../src-shared/core/errors';
import { HqClient, SyncHttpError } from '../../src-main/sync/hq-client';
import { attachToHq } from '../../src-main/sync/join';
import { syncState } from '../../src-main/sync/schema';
import { httpTransport } from '../../src-main/sync/transport';
import { plainVault } from '../../src-main/sync/vault';
import { selfSignedTls } from '../../src-server/tls';
import { openTestApp, tempDir } from '../helpers/app';
import { startHqProcess, type HqProcess } from '../helpers/hq-process';

let hq: HqProcess;
let mitm: tls.Server;
let mitmUrl = '';
/** Decrypted bytes the man in the middle received from devices. */
let stolen = 0;

beforeAll(async () => {
  hq = await startHqProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'tomoni-tls-hq-')), { tls: true });
  const fake = await selfSignedTls(tempDir('tomoni-mitm-'), ['127.0.0.1']);
  const target = new URL(hq.url);
  mitm = tls.createServer({ key: fake.key, cert: fake.cert }, (client) => {
    // Reads what the device sends and relays it to the real HQ over TLS, as an interceptor on the VPN would.
    const upstream = tls.connect({ host: target.hostname, port: Number(target.port), rejectUnauthorized: false });
    client.on('data', (d: Buffer) => {
      stolen += d.length;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
  });
  await new Promise<void>((resolve) => mitm.listen(0, '127.0.0.1', () => resolve()));
  mitmUrl = `https://127.0.0.1:${(mitm.address() as net.AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  mitm?.close();
  await hq?.stop();
});

describe('HQ over HTTPS with a pinned certificate', () => {
  it('prints its certificate pin in the bootstrap code', () => {
    expect(hq.url).toMatch(/^https:/);
    expect(hq.bootstrapCode).toBe(`${hq.bootstrapCode.split('@')[0]}@${hq.pin}`);
    expect(hq.pin).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  });

  it('refuses a man in the middle at join, before the code leaves the device, and joins the real HQ', async () => {
    const device = openTestApp({ demo: true });
    try {
      const deps = (url: string) => ({
        store: device.app.services.store,
        clock: device.clock,
        appVersion: '0.1.0',
        vault: plainVault,
        transport: httpTransport(url),
        transportFor: (pin: Parameters<typeof httpTransport>[1]) => httpTransport(url, pin),
      });
      const intercepted = await attachToHq(deps(mitmUrl), mitmUrl, hq.bootstrapCode).catch((e: unknown) => e);
      expect(intercepted).toBeInstanceOf(AppError);
      expect((intercepted as AppError).payload.messageKey).toBe('sync.errors.pinMismatch');
      expect(stolen, 'bytes the interceptor received').toBe(0);
      // Without the pin an https HQ is not trusted at all.
      const bare = await attachToHq(deps(hq.url), hq.url, hq.bootstrapCode.split('@')[0]).catch((e: unknown) => e);
      expect((bare as AppError).payload.messageKey).toBe('sync.errors.pinMissing');
      // The real HQ: joined, its full fingerprint kept.
      await attachToHq(deps(hq.url), hq.url, hq.bootstrapCode);
      const row = device.app.services.store.db.select().from(syncState).get()!;
      expect(row.hqPin).toBe(hq.fingerprint);
    } finally {
      device.close();
    }
  });

  it('refuses a different certificate on every later request, with the credential never sent', async () => {
    const clock = { now: () => Date.now() };
    const identity = { appVersion: '0.1.0', schemaVersion: 1 };
    const pinned = { sha256: hq.fingerprint! };
    // A device enrolled through the real HQ, then routed (DNS, VPN) to the interceptor.
    const code = await new HqClient(httpTransport(hq.url, pinned), identity, clock)
      .post(paths.attach, { code: 'XXXX-XXXX-XXXX', deviceId: newId(), operatorId: newId(), kind: 'center', siteId: newId(), workerId: null }, credentialResponse)
      .catch((e: unknown) => e);
    expect((code as SyncHttpError).code).toBe('code_invalid');
    const viaMitm = new HqClient(httpTransport(mitmUrl, pinned), identity, clock, { deviceId: newId(), secret: 'a-device-secret' });
    const refused = await viaMitm.post(paths.pull, { cursors: {} }, pullResponse).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SyncHttpError);
    expect((refused as SyncHttpError).code).toBe('tls_pin_mismatch');
    expect(stolen).toBe(0);
  });
});
