// Real crashes of a device (issue 9): a child process with the real encrypted store and sync agent clocks workers in
// and out against a real HQ process while this test SIGKILLs it — at random moments mid-write, and right after it
// started a push (mid-sync). After every kill the store opens clean, every write the child reported committed is there
// with its queue entry, seqs run without a hole or a repeat, and no effect exists twice. At the end the device drains
// to HQ, which holds every command exactly once (by command id) and exactly the device's punches.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src-main/app/services';
import { startHqProcess, type HqProcess } from '../helpers/hq-process';
import { deviceCommands, drain, openRealDevice, readHqSqlite, removeDir, setUpFirstDevice, type Operator } from '../helpers/real-device';
import { tempDir } from '../helpers/app';
import { seededRandom } from './crash/random';

const ROUNDS = 6;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

interface Round {
  acked: Map<string, number>;
  pushesSeen: number;
  signal: NodeJS.Signals | null;
}

/** Runs the device child until it is killed: after `killAfterMs` of writing, or `afterPush` push requests in. */
function runChild(dataDir: string, op: Operator, kill: { afterMs: number } | { afterPush: number; delayMs: number }): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sim/crash/device-child.ts', dataDir, op.workers.join(',')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TOMONI_LOG_LEVEL: 'error' },
  });
  const round: Round = { acked: new Map(), pushesSeen: 0, signal: null };
  let buffer = '';
  let err = '';
  const killNow = () => child.kill('SIGKILL');
  // Starting takes seconds on a loaded machine; once ready, the guard restarts.
  const guard = setTimeout(killNow, 60_000);
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line === 'ready') {
        // A child that never gets its push out is killed anyway (the test then fails on `pushesSeen`).
        guard.refresh();
        if ('afterMs' in kill) setTimeout(killNow, kill.afterMs);
      }
      else if (line.startsWith('ack ')) {
        const [, id, seq] = line.split(' ');
        round.acked.set(id, Number(seq));
      } else if (line === 'req /sync/push' && 'afterPush' in kill && ++round.pushesSeen === kill.afterPush) setTimeout(killNow, kill.delayMs);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      round.signal = signal;
      if (signal !== 'SIGKILL') reject(new Error(`device child exited by itself (${code}): ${err}`));
      else resolve(round);
    });
  });
}

/** What a reopened store must show after a kill: every confirmed write, one queue entry each, seqs without holes. */
function expectIntactAfterKill(app: App, acked: Map<string, number>): void {
  const { sqlite } = app.services.store;
  expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  const commands = deviceCommands(app);
  const last = sqlite.prepare('SELECT last FROM outbox_seq WHERE id = 1').pluck().get() as number;
  expect(commands.map((c) => c.seq), 'seqs 1..last, each once').toEqual(Array.from({ length: last }, (_, i) => i + 1));
  expect(new Set(commands.map((c) => c.id)).size, 'command ids each once').toBe(commands.length);
  const bySeq = new Map(commands.map((c) => [c.id, c.seq]));
  const lost = [...acked].filter(([id, seq]) => bySeq.get(id) !== seq);
  expect(lost, 'confirmed writes missing after the kill').toEqual([]);
  // Each punch command's effect exists exactly once; no effect exists without its command.
  const punchIds = commands.filter((c) => c.name.startsWith('attendance.')).map((c) => (JSON.parse(c.args) as { punchId: string }).punchId);
  const rows = sqlite.prepare('SELECT id FROM punches').pluck().all() as string[];
  const held = new Set(rows);
  const pending = new Set(sqlite.prepare('SELECT id FROM outbox').pluck().all() as string[]);
  const missing = commands
    .filter((c) => c.name.startsWith('attendance.') && !held.has((JSON.parse(c.args) as { punchId: string }).punchId))
    .map((c) => `${c.seq}:${pending.has(c.id) ? 'queued' : 'acked'}`);
  const buckets = JSON.stringify(sqlite.prepare('SELECT * FROM sync_buckets').all());
  expect(missing, `punches lost locally; buckets ${buckets}`).toEqual([]);
  expect([...rows].sort()).toEqual([...punchIds].sort());
  const auditIds = commands.filter((c) => c.name === 'audit.record').map((c) => (JSON.parse(c.args) as { id: string }).id);
  const auditRows = new Set(sqlite.prepare('SELECT id FROM audit_log').pluck().all() as string[]);
  expect(auditIds.filter((id) => !auditRows.has(id))).toEqual([]);
}

describe('a device SIGKILLed mid-write and mid-sync (real processes)', () => {
  let hq: HqProcess;
  let hqDir: string;
  let dataDir: string;
  let op: Operator;

  beforeAll(async () => {
    hqDir = tempDir('tomoni-crash-hq-');
    dataDir = tempDir('tomoni-crash-dev-');
    hq = await startHqProcess(hqDir);
    op = await setUpFirstDevice(dataDir, hq.url, hq.bootstrapCode);
  });
  afterAll(async () => {
    await hq?.stop();
    removeDir(hqDir);
    removeDir(dataDir);
  });

  it(`loses no confirmed write and doubles nothing, locally and at HQ (${ROUNDS} kills, seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const acked = new Map<string, number>();
    let midSync = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const afterPush = 1 + Math.floor(random() * 3);
      const kill = r % 2 === 0 ? { afterMs: 150 + Math.floor(random() * 700) } : { afterPush, delayMs: Math.floor(random() * 15) };
      const round = await runChild(dataDir, op, kill);
      if ('afterPush' in kill) {
        expect(round.pushesSeen, `round ${r}: the child pushed`).toBeGreaterThanOrEqual(afterPush);
        midSync++;
      }
      expect(round.acked.size, `round ${r}: the child wrote`).toBeGreaterThan(0);
      for (const [id, seq] of round.acked) acked.set(id, seq);
      const app = openRealDevice(dataDir);
      try {
        expectIntactAfterKill(app, acked);
      } finally {
        app.close();
      }
    }
    expect(midSync).toBe(ROUNDS / 2);

    const hqDb = readHqSqlite(hqDir);
    const app = openRealDevice(dataDir);
    try {
      const deviceId = app.services.store.sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string;
      const beforeDrain = hqDb.prepare('SELECT COUNT(*) FROM applied_commands WHERE device_id = ?').pluck().get(deviceId) as number;
      expect(beforeDrain, 'HQ took commands while the device was being killed').toBeGreaterThan(0);
      await drain(app);
      const commands = deviceCommands(app);
      const last = app.services.store.sqlite.prepare('SELECT last FROM outbox_seq WHERE id = 1').pluck().get() as number;
      expect(hqDb.prepare('SELECT last_seq FROM devices WHERE device_id = ?').pluck().get(deviceId)).toBe(last);
      const atHq = hqDb
        .prepare(`SELECT command_id, COUNT(*) AS n FROM applied_commands WHERE device_id = ? AND outcome <> 'duplicate' GROUP BY command_id`)
        .all(deviceId) as { command_id: string; n: number }[];
      expect(atHq.filter((c) => c.n !== 1), 'commands HQ applied twice').toEqual([]);
      expect(atHq.map((c) => c.command_id).sort(), 'HQ holds exactly the device’s commands').toEqual(commands.map((c) => c.id).sort());
      const outcomes = hqDb.prepare(`SELECT DISTINCT outcome FROM applied_commands WHERE device_id = ?`).pluck().all(deviceId);
      expect(outcomes.filter((o) => o !== 'applied' && o !== 'duplicate'), 'nothing rejected: the device’s own order holds at HQ').toEqual([]);
      const hqPunches = hqDb.prepare("SELECT id FROM entities WHERE tbl = 'punches'").pluck().all() as string[];
      const localPunches = app.services.store.sqlite.prepare('SELECT id FROM punches').pluck().all() as string[];
      expect(hqPunches.sort()).toEqual(localPunches.sort());
      expect(fs.existsSync(path.join(dataDir, 'tomoni.key')), 'the store stayed encrypted').toBe(true);
    } finally {
      app.close();
      hqDb.close();
    }
  });
});
