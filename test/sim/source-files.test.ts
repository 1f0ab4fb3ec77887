// Source files travel through HQ (decision 0120): a batch made at site A reaches site B's PC and the home keyer's
// loaned PC with its files, sealed on arrival; a center-only job's file never reaches the loaned PC, not even when it
// asks by hash; an upload or download cut by the link goes on from where it stopped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/core/ids';
import { filePath } from '../../src-shared/files/protocol';
import { readSourceFile, sha256Of, sourcePath, storeSourceFile } from '../../src-main/entry/files';
import { isSealed } from '../../src-main/store/file-crypto';
import { forgetConfirmedUploads } from '../../src-main/files/transfers';
import type { SyncHttpError } from '../../src-main/sync/hq-client';
import type { TransportRequest } from '../../src-main/sync/transport';
import { Sim, type SimDevice } from './harness';
import { expectConverged } from './checks';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const def = { header: [], row: [{ key: 'answer', label: '回答', type: 'text' as const, required: true, maxLength: 100 }], rowsPerPage: 5, rules: [] };

/** A made-up scan: several 64 KiB pieces and a short last one, so every piece boundary is crossed. */
function scan(bytes: number): { data: Buffer; sha256: string } {
  const data = crypto.randomBytes(bytes);
  return { data, sha256: sha256Of(data) };
}

/** Site A's PC makes a job with one batch of one file; its keyer is `keyer`. */
function makeBatch(s: Sim, a: SimDevice, file: { data: Buffer; sha256: string }, restriction: 'home_allowed' | 'center_only', keyer: string) {
  const jobId = newId();
  const templateId = newId();
  const batchId = newId();
  const pageId = newId();
  storeSourceFile(a.app.services.store, file);
  a.app.services.bus.executeAll([
    { name: 'people.upsertJob', input: { id: jobId, code: `J${jobId.slice(-4)}`, name: 'job', clientName: '市', kind: 'entry', restriction, status: 'active', startDate: null, dueDate: null }, actor: a.actor },
    { name: 'entry.saveTemplate', input: { id: templateId, code: `T${templateId.slice(-4)}`, name: '様式', kind: 'generic', def, active: true }, actor: a.actor },
    {
      name: 'entry.createBatch',
      input: { id: batchId, jobId, templateId, code: 'B1', name: 'batch', doubleEntry: false, sources: [{ id: newId(), sha256: file.sha256, fileName: 'scan.pdf', mime: 'application/pdf', bytes: file.data.length, pageIds: [pageId] }] },
      actor: a.actor,
    },
    { name: 'entry.saveUnits', input: { batchId, units: [{ id: newId(), label: 'U1', pageIds: [pageId], siteId: s.siteA, keyer1Id: keyer, keyer2Id: null, doubleEntry: false }] }, actor: a.actor },
  ]);
}

/** Wraps a device's requests to HQ: `spy` sees each one first and may throw (the link drops) or run after it. */
function tap(s: Sim, device: SimDevice, spy: (req: TransportRequest, send: () => Promise<unknown>) => Promise<void> | void): void {
  const original = s.transportFor.bind(s);
  s.transportFor = (d) => {
    const base = original(d);
    if (d !== device) return base;
    return async (req) => {
      let answer: Awaited<ReturnType<typeof base>> | undefined;
      await spy(req, async () => (answer = await base(req)));
      return answer ?? base(req);
    };
  };
}

describe('source files through HQ', () => {
  it('reach the PCs whose rows name them, sealed, and never a loaned PC outside its jobs', async () => {
    sim = await Sim.create();
    const keyer = sim.workers[1];
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB }, { encrypted: true });
    const loaned = await sim.addDevice('loaned', { kind: 'loaned', workerId: keyer }, { encrypted: true });
    const [a] = sim.all();
    const home = scan(5 * 64 * 1024 + 777);
    const room = scan(3 * 64 * 1024 + 5);
    makeBatch(sim, a, home, 'home_allowed', keyer);
    makeBatch(sim, a, room, 'center_only', keyer);
    await sim.heal();
    await sim.heal();
    await expectConverged(sim);

    expect(readSourceFile(b.app.services.store, home.sha256).equals(home.data)).toBe(true);
    expect(readSourceFile(b.app.services.store, room.sha256).equals(room.data)).toBe(true);
    expect(readSourceFile(loaned.app.services.store, home.sha256).equals(home.data)).toBe(true);
    // Sealed on arrival: the plain bytes are nowhere on the receiving PC's disk.
    const onDisk = fs.readFileSync(sourcePath(b.app.services.store, home.sha256));
    expect(isSealed(onDisk)).toBe(true);
    expect(onDisk.includes(home.data.subarray(1000, 1064))).toBe(false);
    // The center-only job's file: not fetched, and refused when the loaned PC asks for it by hash.
    expect(fs.existsSync(sourcePath(loaned.app.services.store, room.sha256))).toBe(false);
    const asked = await loaned.agent.authenticatedClient()!.send('GET', filePath(room.sha256), null).catch((e: SyncHttpError) => e.code);
    expect(asked).toBe('forbidden');
    expect(b.agent.status().files).toMatchObject({ uploads: 0, downloads: 0, current: null, refused: 0 });

    // HQ lost its copy and the loaned PC is asked to offer its own: it may not send bytes, so it settles quietly
    // instead of failing at every cycle.
    fs.rmSync(path.join(sim.hqDir, 'files'), { recursive: true, force: true });
    forgetConfirmedUploads(loaned.app.services.store);
    await loaned.agent.runOnce();
    await loaned.agent.runOnce();
    expect(loaned.agent.status().files.uploads).toBe(0);
    expect(loaned.agent.status().lastErrorCode).toBeNull();
    await a.agent.runOnce();

    // The job stops allowing home work: its file leaves the loaned PC with its rows (rule 6); site B keeps it.
    const homeJob = a.app.services.store.sqlite.prepare('SELECT job_id FROM entry_sources WHERE sha256 = ?').pluck().get(home.sha256) as string;
    const job = a.app.services.store.sqlite.prepare('SELECT code, name FROM jobs WHERE id = ?').get(homeJob) as { code: string; name: string };
    a.app.services.bus.execute('people.upsertJob', { id: homeJob, ...job, clientName: '市', kind: 'entry', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, a.actor);
    await sim.heal();
    expect(fs.existsSync(sourcePath(loaned.app.services.store, home.sha256))).toBe(false);
    expect(fs.existsSync(sourcePath(b.app.services.store, home.sha256))).toBe(true);
    await expectConverged(sim);
  });

  it('a damaged copy on the sending PC is named on its sync screen and holds back no other file', async () => {
    sim = await Sim.create();
    const maker = await sim.addDevice('siteA2', { kind: 'center', siteId: sim.siteA }, { encrypted: true });
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB }, { encrypted: true });
    const [damaged, fine] = [scan(4 * 64 * 1024 + 10), scan(2 * 64 * 1024 + 3)];
    makeBatch(sim, maker, damaged, 'center_only', sim.workers[1]);
    makeBatch(sim, maker, fine, 'center_only', sim.workers[1]);
    // A byte of the sealed copy flips on the disk of the PC that made the batch.
    const file = sourcePath(maker.app.services.store, damaged.sha256);
    const bytes = fs.readFileSync(file);
    bytes[200] ^= 0xff;
    fs.writeFileSync(file, bytes);
    await sim.heal();
    await sim.heal();
    expect(maker.agent.status().files).toMatchObject({ uploads: 0, refused: 1 });
    expect(maker.agent.status().lastErrorCode).toBeNull();
    expect(readSourceFile(b.app.services.store, fine.sha256).equals(fine.data)).toBe(true);
    expect(fs.existsSync(sourcePath(b.app.services.store, damaged.sha256))).toBe(false);
    expect(b.agent.status().files.downloads).toBe(1);
  });

  it('takes a whole file when something on the way ignores the range it asked for', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB }, { encrypted: true });
    const [a] = sim.all();
    const file = scan(20 * 64 * 1024 + 1);
    let gets = 0;
    const original = sim.transportFor.bind(sim);
    sim.transportFor = (d) => {
      const base = original(d);
      if (d !== b) return base;
      return (req) => {
        if (req.method !== 'GET' || !req.headers.range) return base(req);
        gets += 1;
        const { range: _dropped, ...headers } = req.headers;
        return base({ ...req, headers });
      };
    };
    makeBatch(sim, a, file, 'center_only', sim.workers[1]);
    await sim.heal();
    expect(readSourceFile(b.app.services.store, file.sha256).equals(file.data)).toBe(true);
    expect(gets).toBe(1);
  });

  it('an HQ restored from a backup without the files gets them again from the PC that sent them', async () => {
    sim = await Sim.create();
    const [a] = sim.all();
    const backup = sim.backupHq();
    const file = scan(3 * 64 * 1024 + 17);
    makeBatch(sim, a, file, 'center_only', sim.workers[1]);
    await sim.heal();
    expect(a.agent.status().files.uploads).toBe(0);
    // HQ comes back from last night's backup, and its files folder is lost with the disk.
    await sim.restoreHq(backup);
    fs.rmSync(path.join(sim.hqDir, 'files'), { recursive: true, force: true });
    await sim.heal();
    await sim.heal();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB }, { encrypted: true });
    await sim.heal();
    expect(readSourceFile(b.app.services.store, file.sha256).equals(file.data)).toBe(true);
  });

  it('goes on from where a cut upload and a cut download stopped', async () => {
    sim = await Sim.create();
    const b = await sim.addDevice('siteB', { kind: 'center', siteId: sim.siteB }, { encrypted: true });
    const [a] = sim.all();
    const file = scan(40 * 64 * 1024 + 99);
    // Upload: HQ takes the second chunk, then the answer is lost.
    const puts: number[] = [];
    tap(sim, a, async (req, send) => {
      if (req.method !== 'PUT') return;
      puts.push(Number(new URL(`http://x${req.path}`).searchParams.get('offset')));
      if (puts.length === 2) {
        await send();
        throw new Error('connection reset');
      }
    });
    // Download: the link drops on the third chunk asked for.
    const gets: number[] = [];
    tap(sim, b, (req) => {
      if (req.method !== 'GET' || !req.path.startsWith('/files/') || req.path.endsWith('/status')) return;
      gets.push(Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1]));
      if (gets.length === 3) throw new Error('network down');
    });
    makeBatch(sim, a, file, 'center_only', sim.workers[1]);
    await a.agent.runOnce();
    expect(a.agent.status().files.uploads).toBe(1);
    await a.agent.runOnce();
    expect(a.agent.status().files.uploads).toBe(0);
    // After the cut the upload asked HQ how far it got and went on from there: no offset was sent from the start again.
    expect(puts[2]).toBeGreaterThan(puts[1]);
    expect(new Set(puts).size).toBe(puts.length);

    await b.agent.runOnce();
    expect(b.agent.status().files.downloads).toBe(1);
    await b.agent.runOnce();
    expect(b.agent.status().files.downloads).toBe(0);
    // The download resumed at the chunk that was cut: each earlier chunk was fetched once.
    expect(gets[3]).toBe(gets[2]);
    expect(new Set(gets).size).toBe(gets.length - 1);
    expect(readSourceFile(b.app.services.store, file.sha256).equals(file.data)).toBe(true);
  });
});
