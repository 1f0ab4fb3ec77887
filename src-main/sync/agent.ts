// The sync agent: runs a cycle at start, shortly after local writes, on a timer and when the network returns;
// backs off with jitter on failure. Off while the device is not enrolled. All state lives in SQLite.
import { updateAccess, type UpdateAccess } from '../desktop/update-access';
import { wipeAtRest } from '../store/at-rest';
import type { JoinProgress, SyncStatus } from '../../src-shared/sync/contract';
import { CLOCK_WARNING_MS } from '../../src-shared/sync/contract';
import type { AppServices } from '../api/context';
import { createLogger } from '../logging/logger';
import { credentialResponse, paths } from '../../src-shared/sync/protocol';
import type { RecoveryReason } from '../../src-shared/sync/replica';
import { newId } from '../../src-shared/core/ids';
import { ReattachNeeded, SyncEngine, type CycleProgress, type EngineOptions } from './engine';
import { HqClient, SyncHttpError } from './hq-client';
import { adoptIdentity } from './retained';
import { syncState } from './schema';
import { httpTransport, type SyncTransport } from './transport';
import type { CertificatePin } from './http-worker';
import { plainVault, type SecretVault } from './vault';
import { PageBudget } from './page-budget';
import { RowRate } from './row-rate';
import { firstSyncPending } from './join';
import { readDevice } from '../app/device';
import { ChunkSize, FileTransfers, forgetConfirmedUploads, pendingDownloads, pendingUploads, sweepUnnamedFiles, uploadRefusals, type FileProgress } from '../files/transfers';

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
/** How often the safety window of acknowledged commands is trimmed (replica.ts RETENTION). */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

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
  private prunedAt: number | null = null;
  /** `seq_gap` answers in a row (a lasting one ends in a re-attach, replica.ts). */
  private gapAttempts = 0;
  /** Pull page size fitted to the link, learned across attempts (decision 0097). */
  private readonly pageBudget = new PageBudget();
  /** Rows held over time during a large pull, for the time left; kept across attempts like the rows themselves. */
  private readonly rowRate = new RowRate();
  /** Rows HQ said it holds in the buckets of the last large pull (the join screen shows them between attempts). */
  private rowsExpected: number | null = null;
  /** Source-file chunk size fitted to the link, kept across cycles (decision 0120). */
  private readonly fileChunk = new ChunkSize();
  private fileProgress: FileProgress | null = null;
  /**
   * Files still to send and to receive, and damaged ones: counted when first asked after each run or local change,
   * not at every status (one is emitted per chunk moved).
   */
  private fileCounts: { uploads: number; downloads: number; refused: number } | null = null;
  /** Set by stop() (the app is closing): a file transfer ends at its next chunk. Unset, runOnce works unstarted. */
  private halted = false;
  /**
   * True while the cycle moves source files, after the rows are through: the device is in sync (the widget says so)
   * while files move in the background with their own progress line.
   */
  private movingFiles = false;

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
      secret: this.unseal(row.sealedSecret),
    });
  }

  /** What the updater needs to reach this device's HQ feed (decision 0103); null before enrollment, once revoked, or
   * when the secret cannot be unsealed (then no update check happens, and the sync screen already says why). */
  updateAccess(): UpdateAccess | null {
    const row = this.row();
    const device = readDevice(this.services.store);
    if (!row || !device || row.revokedAt) return null;
    let secret: string;
    try {
      secret = this.unseal(row.sealedSecret);
    } catch {
      return null;
    }
    return updateAccess(row.hqUrl, { deviceId: device.deviceId, secret }, row.hqPin);
  }

  /** The OS keychain may refuse (another user, a reinstalled OS): a state the sync screen names, never a crash. */
  private unseal(sealed: string): string {
    try {
      return this.vault.unseal(sealed);
    } catch (err) {
      log.error('device secret cannot be unsealed', { error: err instanceof Error ? err.message : String(err) });
      throw new SyncHttpError('secret_unreadable', 0);
    }
  }

  enrolled(): boolean {
    return this.row() !== null && readDevice(this.services.store) !== null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    this.unsubscribe ??= this.services.bus.onChange(() => {
      // A new batch names files to send: the count is made again when next shown.
      this.fileCounts = null;
      this.schedule(this.options.debounceMs ?? 2000);
    });
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.halted = true;
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
      // runOnce never rejects; afterRun is guarded too, so the loop cannot die silently.
      void this.runOnce().then(() => this.afterRunSafely());
    }, delayMs);
    this.timer.unref?.();
  }

  private afterRunSafely(): void {
    try {
      this.afterRun();
    } catch (err) {
      log.error('sync agent could not schedule its next run', { error: err instanceof Error ? err.stack : String(err) });
      this.schedule(60_000);
    }
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
        await this.cycleSafely();
      } while (this.again && this.failures === 0);
    })()
      .catch((err: unknown) => log.error('sync agent failed', { error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => {
        this.running = null;
        // Only now is the agent idle: say so, or screens keep showing "syncing".
        this.safeEmit();
      });
    return this.running;
  }

  /** Every failure, even before a request is made (a secret that cannot be unsealed), ends as a visible state. */
  private async cycleSafely(): Promise<void> {
    try {
      await this.cycle();
    } catch (err) {
      const code = err instanceof SyncHttpError ? err.code : 'internal';
      log.error('sync cycle failed', { code, error: err instanceof Error ? err.stack : String(err) });
      this.failures += 1;
      try {
        this.services.store.sqlite.prepare('UPDATE sync_state SET last_error_code = ?').run(code);
      } catch (inner) {
        log.error('sync state cannot be written', { error: String(inner) });
      }
    }
  }

  private safeEmit(): void {
    try {
      this.emitStatus();
    } catch (err) {
      log.error('sync status cannot be read', { error: err instanceof Error ? err.stack : String(err) });
    }
  }

  /**
   * Moves this device to a fresh identity with its current credential (decision 0067): the new id is stored first,
   * so a retry after a lost answer asks for the same one; then the local half runs in one transaction (retained.ts).
   */
  private async reattach(client: HqClient, reason: Exclude<RecoveryReason, 'hq_restored'>): Promise<void> {
    const { store, clock } = this.services;
    store.sqlite.prepare('UPDATE sync_state SET pending_device_id = COALESCE(pending_device_id, ?), recovery_reason = ?, recovery_at = ?').run(newId(), reason, clock.now());
    const row = this.row()!;
    // After every seq this device used, so its records of rejections (by seq) never meet a reused one.
    const startSeq =
      Math.max(
        store.sqlite.prepare('SELECT COALESCE(MAX(last), 0) FROM outbox_seq').pluck().get() as number,
        store.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) FROM outbox').pluck().get() as number,
        store.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) FROM sync_acked').pluck().get() as number,
        row.hqAppliedSeq,
      ) + 1;
    const cred = await client.post(paths.reattach, { deviceId: row.pendingDeviceId!, reason, startSeq }, credentialResponse);
    const moved = adoptIdentity(store.sqlite, cred.value.deviceId, this.vault.seal(cred.value.secret), startSeq, reason, clock.now());
    log.warn('device re-attached under a fresh identity; every command it holds is sent again', { reason, commands: moved, deviceId: cred.value.deviceId });
    this.services.emit({ name: 'data.changed', payload: { tables: ['*'] } });
  }

  private async cycle(reattached = false): Promise<void> {
    const row = this.row();
    const device = readDevice(this.services.store);
    if (!row || !device || row.revokedAt) return;
    const { store, clock } = this.services;
    const client = this.authenticatedClient()!;
    client.lastClockOffsetMs = row.clockOffsetMs ?? null;
    if (row.pendingDeviceId) {
      // A re-attach whose answer never arrived: finish it before anything is pushed under the old identity.
      await this.reattach(client, (row.recoveryReason as Exclude<RecoveryReason, 'hq_restored'>) ?? 'diverged');
      return this.cycle(true);
    }
    // A full recount of the local buckets once per start and then once a day (engine.ts).
    const fullCheck = this.verifiedAt === null || clock.now() - this.verifiedAt > FULL_CHECK_EVERY_MS;
    // Whether this attempt stored anything (a push acknowledged, a page written) before it failed.
    let progressed = false;
    const engine = new SyncEngine(store, client, {
      pageBudget: this.pageBudget,
      ...this.options.engine,
      fullCheck,
      gapAttempts: this.gapAttempts,
      now: () => clock.now(),
      onProgress: (p) => {
        if (p.pushed > 0 || p.pulledRows > 0) progressed = true;
        this.progress = this.withTimeLeft(p);
        this.emitStatus();
      },
      onTablesChanged: (tables) => this.services.emit({ name: 'data.changed', payload: { tables } }),
    });
    store.sqlite.prepare('UPDATE sync_state SET last_attempt_at = ?').run(clock.now());
    this.emitStatus('syncing');
    try {
      const result = await engine.cycle();
      this.rowRate.reset();
      this.rowsExpected = null;
      store.sqlite.prepare('UPDATE sync_state SET last_sync_at = ?, last_error_code = NULL, clock_offset_ms = COALESCE(?, clock_offset_ms)').run(clock.now(), result.clockOffsetMs);
      this.failures = 0;
      this.gapAttempts = 0;
      if (fullCheck) this.verifiedAt = clock.now();
      if (result.rejected) log.warn('HQ rejected commands', { count: result.rejected });
      if (engine.resent) {
        log.warn('HQ had lost acknowledged commands (restored?): sent again from the safety window', { count: engine.resent });
        // A restored HQ may lack files it had confirmed too: ask it again about every file this PC sent.
        forgetConfirmedUploads(store);
      }
      if (this.prunedAt === null || clock.now() - this.prunedAt > PRUNE_EVERY_MS) {
        engine.pruneRetained(clock.now());
        this.prunedAt = clock.now();
      }
      // The rows are through: a file cut off by the link is retried soon, not after a growing backoff.
      progressed = true;
      await this.moveFiles(client);
    } catch (err) {
      if (err instanceof ReattachNeeded && !reattached) {
        // Not a failure to back off from: the device moves to a fresh identity and syncs again at once.
        this.gapAttempts = 0;
        this.progress = null;
        await this.reattach(client, err.reason);
        return this.cycle(true);
      }
      if (err instanceof SyncHttpError && err.code === 'seq_gap') this.gapAttempts += 1;
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

  /**
   * Source files after the rows (decision 0120): sends what HQ lacks, fetches what this device's rows name. Stops
   * between chunks as soon as commands wait (the next cycle sends them first, then carries on where this stopped).
   */
  private async moveFiles(client: HqClient): Promise<void> {
    const transfers = new FileTransfers(
      this.services.store,
      client,
      this.fileChunk,
      (p) => {
        this.fileProgress = p;
        this.emitStatus();
      },
      () => this.again || this.halted,
    );
    this.movingFiles = true;
    this.emitStatus();
    try {
      const done = await transfers.run();
      if (done.uploaded || done.downloaded) log.info('source files moved', { ...done });
      const removed = sweepUnnamedFiles(this.services.store);
      if (removed) log.info('source files no row names any more were removed', { removed });
      if (done.downloaded) this.services.emit({ name: 'data.changed', payload: { tables: ['entrySources'] } });
    } finally {
      this.fileCounts = null;
      this.movingFiles = false;
    }
  }

  /** A pull's progress with the time left at the rate measured over the last minute, retries included. */
  private withTimeLeft(p: CycleProgress): CycleProgress {
    if (p.phase !== 'pull' || !p.rowsExpected || p.rowsHeld === null) return p;
    this.rowsExpected = p.rowsExpected;
    this.rowRate.sample(this.services.clock.now(), p.rowsHeld);
    return { ...p, etaSeconds: this.rowRate.secondsLeft(p.rowsExpected) };
  }

  /** The setup screen's view of a first sync: counts only, also between attempts (decision 0098). */
  joinProgress(): JoinProgress {
    const { sqlite } = this.services.store;
    const row = this.row();
    const joining = firstSyncPending(this.services.store);
    const pull = this.progress?.phase === 'pull' ? this.progress : null;
    const rowsHeld = pull?.rowsHeld ?? (sqlite.prepare('SELECT COALESCE(SUM(count), 0) FROM sync_buckets').pluck().get() as number);
    const rowsExpected = pull?.rowsExpected ?? this.rowsExpected;
    return {
      joining,
      state: !row ? 'off' : row.revokedAt ? 'revoked' : this.running ? 'syncing' : row.lastErrorCode ? 'error' : 'idle',
      rowsHeld,
      rowsExpected,
      etaSeconds: rowsExpected ? this.rowRate.secondsLeft(rowsExpected) : null,
      lastErrorCode: row?.lastErrorCode ?? null,
      nextAttemptAt: this.nextAttemptAt,
    };
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
    const syncing = this.running && !this.movingFiles;
    const state: SyncStatus['state'] = !row ? 'off' : row.revokedAt ? 'revoked' : (override ?? (syncing ? 'syncing' : row.lastErrorCode ? 'error' : 'idle'));
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
      files: {
        ...(row ? (this.fileCounts ??= this.countFiles()) : { uploads: 0, downloads: 0, refused: 0 }),
        current: this.fileProgress ? { direction: this.fileProgress.direction, bytesDone: this.fileProgress.bytesDone, bytesTotal: this.fileProgress.bytesTotal } : null,
      },
      clockOffsetMs: row?.clockOffsetMs ?? null,
      clockWarning: Math.abs(row?.clockOffsetMs ?? 0) > CLOCK_WARNING_MS,
      rejections,
      recovery:
        row?.recoveryReason && row.recoveryAt
          ? { reason: row.recoveryReason as RecoveryReason, at: row.recoveryAt, pending: !!row.pendingDeviceId, previousDeviceId: row.previousDeviceId ?? null }
          : null,
      reconnectNeeded: !!row && !row.revokedAt && row.lastErrorCode === 'unauthenticated',
    };
  }

  private countFiles(): { uploads: number; downloads: number; refused: number } {
    const { store } = this.services;
    return { uploads: pendingUploads(store).length, downloads: pendingDownloads(store).length, refused: uploadRefusals(store).length };
  }

  dismissRecovery(): SyncStatus {
    this.services.store.sqlite.prepare('UPDATE sync_state SET recovery_reason = NULL, recovery_at = NULL WHERE pending_device_id IS NULL').run();
    return this.status();
  }

  private emitStatus(override?: SyncStatus['state']): void {
    this.services.emit({ name: 'sync.status', payload: this.status(override) as unknown as Record<string, unknown> });
  }
}
