// Shared set-up for the sync benchmarks: an HQ on a real port, a device attached to it, audit payloads for ingest.
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { serve } from '@hono/node-server';
import { createApp, type App } from '../src-main/app/services';
import { staff } from '../src-main/people/schema';
import { systemClock, type Clock } from '../src-main/store/clock';
import { attachToHq } from '../src-main/sync/join';
import { httpTransport } from '../src-main/sync/transport';
import { plainVault } from '../src-main/sync/vault';
import type { CommandActor } from '../src-shared/commands/define';
import { createHq, type Hq } from '../src-server/hq';
import type { Logger } from '../src-server/logging/logger';

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface RunningHq {
  hq: Hq;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `now` lets HQ share a bench clock with the device (a week replayed in the past, without a clock offset). */
export async function startHqServer(options: { dataDir?: string; databaseUrl?: string; now?: () => number }): Promise<RunningHq> {
  const hq = await createHq({ ...options, log: quiet });
  const server = serve({ fetch: hq.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    hq,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hq.close();
    },
  };
}

/** A center PC set up standalone and attached to HQ with the bootstrap code; the agent runs only when asked. */
export async function attachedDevice(dataDir: string, hq: { url: string; bootstrapCode: string }, clock: Clock = systemClock): Promise<{ app: App; admin: CommandActor }> {
  const app = createApp({ dataDir, clock, sync: { autoStart: false } });
  const setup = await app.router.call(
    'setup.initialize',
    { operatorName: 'Bench Co', siteName: '本店', siteCode: 'HQ', deviceKind: 'center', admin: { loginId: 'admin', familyName: '管理', givenName: '者', password: 'bench-password' } },
    null,
  );
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  await attachToHq({ store: app.services.store, clock, appVersion: '0.1.0', vault: plainVault, transport: httpTransport(hq.url) }, hq.url, hq.bootstrapCode);
  const row = app.services.store.db.select().from(staff).where(eq(staff.loginId, 'admin')).get()!;
  return { app, admin: { role: 'admin', staffId: row.id, workerId: null } };
}

const prefectures = ['東京都', '大阪府', '北海道', '福岡県', '宮城県', '愛知県', '広島県', '沖縄県'];
const categories = ['交通費', '宿泊費', '会議費', '消耗品費', '通信費', '接待交際費'];

/**
 * Payloads shaped like the BENCH.md reference week (720 punches, 24,280 keyed records of ~8 short fields), for the
 * ingest bench's `audit.record` commands. The catch-up bench queues real domain commands instead (offline-week.ts).
 */
export function weekOfWork(count = { punches: 720, records: 24_280 }, start = Date.now()): { action: string; details: Record<string, unknown> }[] {
  const out: { action: string; details: Record<string, unknown> }[] = [];
  const kinds = ['in', 'break_start', 'break_end', 'out'];
  for (let i = 0; i < count.punches; i++) {
    out.push({ action: 'attendance.punch', details: { kind: kinds[i % 4], worker: `W${String(1 + (i % 30)).padStart(4, '0')}`, at: start + i * 60_000, source: 'kiosk' } });
  }
  for (let i = 0; i < count.records; i++) {
    out.push({
      action: 'entry.keyRecord',
      details: {
        slipNo: `S${String(100000 + i)}`,
        customer: `C${String(10000 + ((i * 7919) % 90000))}`,
        prefecture: prefectures[i % prefectures.length],
        category: categories[(i * 31) % categories.length],
        amount: (i * 7727) % 50000,
        quantity: 1 + (i % 20),
        memo: i % 10 === 0 ? '要確認' : '',
        keyedAt: new Date(start + i * 20_000).toISOString(),
      },
    });
  }
  return out;
}
