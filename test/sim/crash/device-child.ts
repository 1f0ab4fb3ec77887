// A device process the crash test kills with SIGKILL: the real encrypted store, command bus and sync agent (running on
// its own timers against a real HQ process), clocking workers in and out as fast as it can. It prints one line per
// committed command ("ack <id> <seq>") after the command's transaction returned — what a person would have seen
// confirmed on screen — and one line per sync request it starts ("req <path>"), so the parent can kill mid-sync.
// Run: node --import tsx test/sim/crash/device-child.ts <dataDir> <workerIds comma-separated>
import fs from 'node:fs';
import { httpTransport } from '../../../src-main/sync/transport';
import { newId } from '../../../src-shared/core/ids';
import { openRealDevice } from '../../helpers/real-device';

const [dataDir, workerList] = process.argv.slice(2);
const workers = workerList.split(',');
const say = (line: string) => fs.writeSync(1, `${line}\n`);

const app = openRealDevice(dataDir, {
  debounceMs: 5,
  intervalMs: 100,
  transportFor: (url, pin) => {
    const base = httpTransport(url, pin);
    return (req) => {
      say(`req ${req.path}`);
      return base(req);
    };
  },
});
const { bus, store } = app.services;
const presence = store.sqlite.prepare('SELECT state FROM presence WHERE id = ?').pluck();
say('ready');

let n = 0;
async function work(): Promise<never> {
  for (;;) {
    const workerId = workers[n % workers.length];
    const kiosk = { role: 'kiosk' as const, staffId: null, workerId };
    const state = (presence.get(workerId) as string | undefined) ?? 'out';
    const done =
      n % 5 === 4
        ? bus.execute('audit.record', { id: newId(), action: `crash.${n}`, targetId: null, details: { n, pad: 'x'.repeat(200) } }, kiosk)
        : state === 'out'
          ? bus.execute('attendance.clockIn', { punchId: newId(), workerId, roomEntryId: newId(), jobId: null, stepKey: null }, kiosk)
          : bus.execute('attendance.clockOut', { punchId: newId(), workerId }, kiosk);
    say(`ack ${done.id} ${done.seq}`);
    n++;
    // Let the agent's timers and HTTP answers in between writes, as a busy kiosk does.
    await new Promise((r) => setTimeout(r, n % 3 === 0 ? 1 : 0));
  }
}

void work();
