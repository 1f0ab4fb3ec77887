// The sync agent: runs a cycle at start, shortly after local writes, on a timer and when the network returns;
// backs off with jitter on failure. Off while the device is not enrolled. All state lives in SQLite.
import { wipeAtRest } from '../store/at-rest';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { CLOCK_WARNING_MS } from '../../src-shared/sync/contract';
import type { AppServices } from '../api/context';
import { createLogger } from '../logging/logger';
import { SyncEngine, type CycleProgress, type EngineOptions } from './engine';
import { HqClient, SyncHttpError } from './hq-client';
import { syncState } from './schema';
import { httpTransport, type SyncTransport } from './transport';
import type { CertificatePin } from './http-worker';
import { plainVault, type SecretVault } from './vault';
import { readDevice } from '../app/device';

const log = createLogger('sync');

export interface SyncAgentOptions {
  services: AppServices;
  /** Default: real HTTP(S) to the enrolled HQ URL, trusting only the pinned certificate. */
  transportFor?: (hqUrl: string, pin: CertificatePin | null) => SyncTransport;
  vault?: SecretVault;
  intervalMs?: number;
  debounceMs?: number;
  random?: () => number;
  protocolVersion?: number;
  engine?: EngineOptions;
}

/** Errors no retry can fix without a person or an update: stop the timer loop. */
const terminal = new Set(['revoked', 'unauthenticated', 'upgrade_required']);
/** How often a running agent recounts its local buckets in full (and at every start). */
const FULL_CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

export class SyncAgent {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = 0;
  private progress: CycleProgress | null = null;
  private nextAttemptAt: number | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly vault: SecretVault;
  /** When the last full check of the local buckets passed (null: not since this agent started). */
  private verifiedAt: number | null = null;

  constructor(private readonly options: SyncAgentOptions) {
    this.vault = options.vault ?? plainVault;
  }

  private get services(): AppServices {
    return this.options.services;
  }

  private row() {
    return this.services.store.db.select().from(syncState).get() ?? null;
  }

  transportTo(hqUrl: string, pin: CertificatePin | null = null): SyncTransport {
    return (this.options.transportFor ?? httpTransport)(hqUrl, pin);
  }

  /** The transport to the enrolled HQ, pinned to the certificate learned at join. */
  private transportOf(row: { hqUrl: string; hqPin: string | null }): SyncTransport {
    return this.transportTo(row.hqUrl, row.hqPin ? { sha256: row.hqPin } : null);
  }

  get secretVault(): SecretVault {
    return this.vault;
  }

  /** A client carrying this device's credential, for admin calls made on a signed-in admin's behalf. */
  authenticatedClient(): HqClient | null {
    const row = this.row();
    const device = readDevice(this.services.store);
    if (!row || !device || row.revokedAt) return null;
    const { store, clock, appVersion } = this.services;
    return new HqClient(this.transportOf(row), { appVersion, schemaVersion: store.schemaVersion, protocolVersion: this.options.protocolVersion }, clock, {
      deviceId: device.deviceId,
      secret: this.vault.unseal(row.sealedSecret),
    });
  }

  enrolled(): boolean {
    return this.row() !== null && readDevice(this.services.store) !== null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe ??= this.services.bus.onChange(() => this.schedule(this.options.debounceMs ?? 2000));
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Call when the OS reports the network is back (Electron: powerMonitor resume / online). */
  networkUp(): void {
    this.failures = 0;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = this.services.clock.now() + delayMs;
    if (this.timer && this.nextAttemptAt !== null && this.nextAttemptAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      void this.runOnce().then(() => this.afterRun());
    }, delayMs);
    this.timer.unref?.();
  }

  private afterRun(): void {
    const row = this.row();
    if (!row || row.revokedAt || (row.lastErrorCode && terminal.has(row.lastErrorCode))) return;
    if (this.failures === 0) return this.schedule(this.options.intervalMs ?? 60_000);
    const base = Math.min(300_000, 2000 * 2 ** Math.min(this.failures - 1, 8));
    this.schedule(Math.round(base * (0.5 + (this.options.random ?? Math.random)())));
  }

  /** Runs one cycle now (or joins the running one and runs again after it). Never throws. */
  async runOnce(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.cycle();
      } while (this.again && this.failures === 0);
    })().finally(() => {
      this.running = null;
      // Only now is the agent idle: say so, or screens keep showing "syncing".
      this.emitStatus();
    });
    return this.running;
  }

  private async cycle(): Promise<void> {
    const row = this.row();
    const device = readDevice(this.services.store);
    if (!row || !device || row.revokedAt) return;
    const { store, clock } = this.services;
    const client = this.authenticatedClient()!;
    client.lastClockOffsetMs = row.clockOffsetMs ?? null;
    // A full recount of the local buckets once per start and then once a day (engine.ts).
    const fullCheck = this.verifiedAt === null || clock.now() - this.verifiedAt > FULL_CHECK_EVERY_MS;
    // Whether this attempt stored anything (a push acknowledged, a page written) before it failed.
    let progressed = false;
    const engine = new SyncEngine(store, client, {
      ...this.options.engine,
      fullCheck,
      onProgress: (p) => {
        if (p.pushed > 0 || p.pulledRows > 0) progressed = true;
        this.progress = p;
        this.emitStatus();
      },
      onTablesChanged: (tables) => this.services.emit({ name: 'data.changed', payload: { tables } }),
    });
    store.sqlite.prepare('UPDATE sync_state SET last_attempt_at = ?').run(clock.now());
    this.emitStatus('syncing');
    try {
      const result = await engine.cycle();
      store.sqlite.prepare('UPDATE sync_state SET last_sync_at = ?, last_error_code = NULL, clock_offset_ms = COALESCE(?, clock_offset_ms)').run(clock.now(), result.clockOffsetMs);
      this.failures = 0;
      if (fullCheck) this.verifiedAt = clock.now();
      if (result.rejected) log.warn('HQ rejected commands', { count: result.rejected });
    } catch (err) {
      const code = err instanceof SyncHttpError ? err.code : 'internal';
      if (!(err instanceof SyncHttpError)) log.error('sync cycle crashed', { error: err instanceof Error ? err.stack : String(err) });
      if (code === 'revoked') {
        engine.wipeSyncedData();
        try {
          wipeAtRest(this.services);
        } catch (wipeErr) {
          log.error('revoked: wiping backups, source files or the key failed', { error: String(wipeErr) });
        }
        this.services.emit({ name: 'data.changed', payload: { tables: ['*'] } });
        log.warn('device revoked by HQ: synced data wiped, unsynced queue kept', { queued: engine.queued() });
      }
      store.sqlite.prepare('UPDATE sync_state SET last_error_code = ?, clock_offset_ms = COALESCE(?, clock_offset_ms)').run(code, client.lastClockOffsetMs);
      // A slow link cut every few pages is still moving: retry soon instead of backing off further (decision 0064).
      this.failures = progressed ? 1 : this.failures + 1;
    } finally {
      this.progress = null;
      this.emitStatus();
    }
  }

  status(override?: SyncStatus['state']): SyncStatus {
    const row = this.row();
    const { sqlite } = this.services.store;
    const queued = sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
    const rejections = (
      sqlite.prepare('SELECT seq, name, reason, at FROM sync_rejections WHERE dismissed_at IS NULL ORDER BY seq DESC LIMIT 50').all() as {
        seq: number;
        name: string;
        reason: string;
        at: number;
      }[]
    ).map((r) => ({ ...r, reason: JSON.parse(r.reason) as SyncStatus['rejections'][number]['reason'] }));
    const state: SyncStatus['state'] = !row ? 'off' : row.revokedAt ? 'revoked' : (override ?? (this.running ? 'syncing' : row.lastErrorCode ? 'error' : 'idle'));
    return {
      enrolled: !!row,
      hqUrl: row?.hqUrl ?? null,
      state,
      lastSyncAt: row?.lastSyncAt ?? null,
      lastAttemptAt: row?.lastAttemptAt ?? null,
      lastErrorCode: row?.lastErrorCode ?? null,
      nextAttemptAt: this.nextAttemptAt,
      queued,
      progress: this.progress,
      clockOffsetMs: row?.clockOffsetMs ?? null,
      clockWarning: Math.abs(row?.clockOffsetMs ?? 0) > CLOCK_WARNING_MS,
      rejections,
    };
  }

  private emitStatus(override?: SyncStatus['state']): void {
    this.services.emit({ name: 'sync.status', payload: this.status(override) as unknown as Record<string, unknown> });
  }
}
