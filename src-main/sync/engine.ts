// One sync cycle: push the whole queue (in big batches), then pull every bucket to a complete checkpoint.
// Each response is applied in one local transaction, so a kill -9 anywhere resumes cleanly: HQ skips seqs it has
// applied (rule 3) and cursors only move with the rows they cover (rule 5).
import { checksumVersionFor, insertedRowHlc, insertsHash } from '../../src-shared/sync/checksum';
import { cursorsAfter, fullAfter, pushResponse, paths, PROTOCOL_VERSION, type PullResponse, type PushResponse } from '../../src-shared/sync/protocol';
import { formatHlc, hlcWallMs, parseHlc, receiveHlc } from '../../src-shared/core/hlc';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { LASTING_GAP_ATTEMPTS, meaningOf, recoveryFor, type ReattachReason } from '../../src-shared/sync/replica';
import type { Store } from '../store/open';
import type { Exchange, HqClient } from './hq-client';
import { RawJson, SyncHttpError } from './hq-client';
import { createRowWriter, type RowWriter } from './local-rows';
import { checkedPullResponse } from './pull-check';
import { storeLateRejections } from './late-rejections';
import { createLocalState, parseEffects, touchesOf, type BucketState, type LocalState, type OutboxEntry, type QueuedEffect } from './local-state';
import { createRetained, type Retained } from './retained';
import { seriesOf } from '../../src-shared/sync/command-ids';
import type { PageBudget } from './page-budget';

/** The device must move to a fresh identity before it can push again (replica.ts, decision 0067). */
export class ReattachNeeded extends SyncHttpError {
  constructor(readonly reason: ReattachReason) {
    super('reattach', 0);
    this.name = 'ReattachNeeded';
  }
}

/**
 * The stored actor JSON keeps a staff actor's signature with it (decision 0072); on the wire the signature is the
 * command's own `proof` field. Only signed actors are parsed: worker and kiosk actors are spliced as stored.
 */
export function wireActor(stored: string): { actor: string; proof: string } {
  if (!stored.includes('"proof"')) return { actor: stored, proof: '' };
  const { proof, ...actor } = JSON.parse(stored) as { proof?: string };
  return { actor: JSON.stringify(actor), proof: proof ? `,"proof":${JSON.stringify(proof)}` : '' };
}

/** A protocol-3 push batch's tables (decision 0125): each id series and each actor (as JSON text) once, by index. */
interface WireBatch {
  series: Map<string, number>;
  actors: Map<string, number>;
}

function indexIn(table: Map<string, number>, key: string): number {
  let i = table.get(key);
  if (i === undefined) {
    i = table.size;
    table.set(key, i);
  }
  return i;
}

/** Progress of a cycle, as the sync screen shows it (see SyncStatus in the contract). */
export type CycleProgress = NonNullable<SyncStatus['progress']>;

export interface CycleResult {
  pushed: number;
  rejected: number;
  held: number;
  pulledRows: number;
  bytesSent: number;
  bytesReceived: number;
  clockOffsetMs: number | null;
}

export interface EngineOptions {
  /** Most commands in one push request. */
  pushBatch?: number;
  /** Most bytes of JSON in one push request (before compression). */
  pushBatchBytes?: number;
  /** Push requests on the wire at once. */
  pushInflight?: number;
  pullLimit?: number;
  /** Sizes pull pages by the measured link (decision 0097); kept by the agent across cycles. Absent: rows only. */
  pageBudget?: PageBudget;
  onProgress?(progress: CycleProgress): void;
  onTablesChanged?(tables: string[]): void;
  /** Recompute each bucket's checksum from its rows instead of trusting the running sum (once per start). */
  fullCheck?: boolean;
  /** `seq_gap` answers in a row so far (kept by the agent across cycles): a lasting one ends in a re-attach. */
  gapAttempts?: number;
  /** The device's clock (the HLC merge of received rows needs it). Default: Date.now. */
  now?: () => number;
}

/**
 * ~300 KB of JSON is ~28 KB of brotli on the wire in protocol 3 (decision 0125): 0.2 s of a 1 Mbit/s link. Four on the
 * wire, each on its own connection, keep the link busy while one connection waits out a 600 ms stall or HQ applies the
 * batch before it. Measured on the bench week (seeds 1–3, decision 0089's update): 2 × 600 KB 0.26 of the floor,
 * 3 × 400 KB 0.34, 4 × 300 KB 0.38 with a reset wasting 0.05, 6 × 200 KB 0.40 but a reset then wasted 0.25.
 */
const PUSH_BATCH_BYTES = 300_000;
const PUSH_INFLIGHT = 4;

/** SQLite's default: a checkpoint once the WAL holds 1,000 pages (4 MB). */
const DEFAULT_CHECKPOINT_PAGES = 1000;
/** While a pull writes (see pullAll). */
const PULL_CHECKPOINT_PAGES = 10_000;

export class SyncEngine {
  private readonly rows: RowWriter;
  private readonly local: LocalState;
  /** The checksum definition of the protocol this device speaks (checksum.ts). */
  private readonly checksumVersion: 1 | 2;
  private readonly retained: Retained;
  /** HQ said it had forgotten acknowledged commands (restored) and this device queued them again. */
  resent = 0;
  constructor(
    private readonly store: Store,
    private readonly client: HqClient,
    private readonly options: EngineOptions = {},
  ) {
    this.rows = createRowWriter(store.sqlite);
    this.checksumVersion = checksumVersionFor(client.protocolVersion ?? PROTOCOL_VERSION);
    this.local = createLocalState(store.sqlite, this.rows, this.checksumVersion);
    this.retained = createRetained(store.sqlite);
  }

  /**
   * Buckets counted under another checksum definition (an update, decision 0063) are fetched again once, in place:
   * their rows stay until the new download reaches its checkpoint.
   */
  private adoptChecksumVersion(): void {
    const { sqlite } = this.store;
    const stored = sqlite.prepare('SELECT checksum_version FROM sync_state').pluck().get() as number | undefined;
    if (stored === undefined || stored === this.checksumVersion) return;
    sqlite.transaction(() => {
      for (const b of this.local.bucketMap().keys()) this.local.clearBucket(b, true);
      sqlite.prepare('UPDATE sync_state SET checksum_version = ?').run(this.checksumVersion);
    }).immediate();
  }

  /** What HQ needs to decide whether to send a command's inserted rows back (see `insertsHash`). */
  private insertsHashOf(effects: QueuedEffect[], commandHlc: string): { insertsHash?: number } {
    if (this.checksumVersion < 2) return {};
    const rows: { tbl: string; id: string; hlc: string; data: unknown }[] = [];
    for (const e of effects) {
      if (e.op === 'insert' && e.row) rows.push({ tbl: e.table, id: e.row.id, hlc: insertedRowHlc(e.row, commandHlc), data: e.row });
    }
    return rows.length ? { insertsHash: insertsHash(rows) } : {};
  }

  /**
   * One queued command as it goes on the wire, spliced from the JSON the queue already holds (args and actor are
   * stored as JSON text): parsing and re-serializing 25,000 commands cost the device seconds of CPU on a loaded PC.
   * The effects are parsed once, for the touches and the inserts' hash.
   */
  private wireCommand(e: OutboxEntry, batch: WireBatch | null): string {
    const effects = parseEffects(e.effects);
    const { insertsHash: hash } = this.insertsHashOf(effects, e.hlc);
    // The device time is implied by the HLC when equal, which is nearly always: fewer bytes on a slow link.
    const deviceTime = hlcWallMs(e.hlc) === e.device_time ? '' : `,"deviceTime":${e.device_time}`;
    const { actor, proof } = wireActor(e.actor);
    const touches = `,"touches":${JSON.stringify(touchesOf(effects))}`;
    const head = `{"seq":${e.seq},"name":${JSON.stringify(e.name)},"args":${e.args},"hlc":${JSON.stringify(e.hlc)}${deviceTime}`;
    if (!batch) {
      // Protocol 2: the command id always travels (HQ tells a re-sent command from another under the same seq by it).
      const inserts = hash === undefined ? '' : `,"insertsHash":${hash}`;
      return `${head},"id":${JSON.stringify(e.id)},"actor":${actor}${touches}${inserts}${proof}}`;
    }
    // Protocol 3 (decision 0125): the id by its series, the actor by its index in the batch, 16 bits of the hash.
    const series = seriesOf(e.id, e.seq);
    const id = series === null ? `,"id":${JSON.stringify(e.id)}` : `,"n":${indexIn(batch.series, series)}`;
    const inserts = hash === undefined ? '' : `,"ih":${hash & 0xffff}`;
    return `${head}${id},"a":${indexIn(batch.actors, actor)}${touches}${inserts}${proof}}`;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * HQ told its last applied seq of this device: recover if it disagrees with what this device knows (replica.ts).
   * Returns true when acknowledged commands were queued again (HQ restored), so the caller pushes again.
   */
  private reconcile(hqLastSeq: number): boolean {
    const { sqlite } = this.store;
    const recovery = recoveryFor(hqLastSeq, this.retained.facts());
    if (recovery.kind === 'reattach') throw new ReattachNeeded(recovery.reason);
    if (recovery.kind === 'none') return false;
    const n = sqlite.transaction(() => this.retained.requeueFrom(recovery.fromSeq)).immediate();
    this.resent += n;
    sqlite.prepare(`UPDATE sync_state SET recovery_reason = 'hq_restored', recovery_at = ?`).run(this.now());
    return true;
  }

  queued(): number {
    return this.store.sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
  }

  async cycle(): Promise<CycleResult> {
    const result: CycleResult = { pushed: 0, rejected: 0, held: 0, pulledRows: 0, bytesSent: 0, bytesReceived: 0, clockOffsetMs: null };
    this.adoptChecksumVersion();
    // New local writes can slip in while a pull is on the wire; then the gate closes and we push again.
    for (let round = 0; round < 5; round++) {
      await this.pushWithRecovery(result);
      if (await this.pullAll(result)) return result;
    }
    throw new SyncHttpError('busy', 0);
  }

  /** Pushes the queue; a `seq_gap` is HQ saying where it stands, and may mean HQ was restored (replica.ts). */
  private async pushWithRecovery(result: CycleResult): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.pushAll(result);
        return;
      } catch (err) {
        if (!(err instanceof SyncHttpError) || err.code !== 'seq_gap' || err.expectedSeq === undefined || attempt > 2) throw err;
        if (this.reconcile(err.expectedSeq - 1)) continue;
        // Not behind what it acknowledged, yet missing what comes before the queue: once it has lasted, re-attach.
        if ((this.options.gapAttempts ?? 0) + 1 >= LASTING_GAP_ATTEMPTS) throw new ReattachNeeded('seq_gap');
        throw err;
      }
    }
  }

  /**
   * Sends the queue in batches sized by bytes, several on the wire at once (decision 0089): on a slow link with stalls
   * the link stays busy while one connection waits out a stall or HQ applies the previous batch, and a cut costs only
   * the batches on the wire. HQ applies them in seq order whatever order they arrive in. Answers are processed in
   * order; every in-flight reply is handled, also when an earlier one failed.
   */
  private async pushAll(result: CycleResult): Promise<void> {
    const { sqlite } = this.store;
    const batchSize = this.options.pushBatch ?? 2500;
    const maxBytes = this.options.pushBatchBytes ?? PUSH_BATCH_BYTES;
    const maxInflight = this.options.pushInflight ?? PUSH_INFLIGHT;
    const compact = (this.client.protocolVersion ?? PROTOCOL_VERSION) >= 3;
    const select = sqlite.prepare('SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    let after = 0;
    const inflight: { entries: OutboxEntry[]; reply: Promise<Exchange<PushResponse>> }[] = [];
    const sendNext = (): boolean => {
      const entries: OutboxEntry[] = [];
      const parts: string[] = [];
      let bytes = 0;
      const batch: WireBatch | null = compact ? { series: new Map(), actors: new Map() } : null;
      for (const e of select.all(after, batchSize) as OutboxEntry[]) {
        const part = this.wireCommand(e, batch);
        if (entries.length > 0 && bytes + part.length > maxBytes) break;
        bytes += part.length + 1;
        entries.push(e);
        parts.push(part);
      }
      if (entries.length === 0) return false;
      after = entries.at(-1)!.seq;
      // What stays queued once this batch is applied: HQ's device list shows the device's lag, not its past.
      this.client.queued = this.queued() - entries.length - inflight.reduce((n, f) => n + f.entries.length, 0);
      const tables = batch ? `"idSeries":${JSON.stringify([...batch.series.keys()])},"actors":[${[...batch.actors.keys()].join(',')}],` : '';
      const reply = this.client.post(paths.push, new RawJson(`{${tables}"commands":[${parts.join(',')}]}`), pushResponse);
      // Awaited in order below; marked handled now, since a later batch may fail while an earlier one is awaited.
      reply.catch(() => undefined);
      inflight.push({ entries, reply });
      return true;
    };
    while (inflight.length < maxInflight && sendNext());
    while (inflight.length) {
      const { entries, reply } = inflight.shift()!;
      const exchange = await reply;
      result.bytesSent += exchange.bytesSent;
      result.bytesReceived += exchange.bytesReceived;
      result.clockOffsetMs = exchange.clockOffsetMs ?? result.clockOffsetMs;
      // Another copy of this device used these seqs: HQ applied nothing of this push.
      if (exchange.value.results.some((r) => meaningOf(r.status) === 'recover')) throw new ReattachNeeded('diverged');
      // HQ was restored (the commands it lost are queued again: the cycle's next round sends them) or this device was.
      if (this.reconcile(exchange.value.lastSeq)) return;
      // Keep the link fed first: the next batches go out before this answer is written down.
      while (inflight.length < maxInflight && sendNext());
      const changed = this.applyPushResults(exchange.value, entries, result);
      if (changed.length) this.options.onTablesChanged?.(changed);
      this.options.onProgress?.({ phase: 'push', pushed: result.pushed, pulledRows: 0, bucketsDone: 0, bucketsTotal: 0, rowsExpected: null, rowsHeld: null });
      while (inflight.length < maxInflight && sendNext());
    }
  }

  private applyPushResults(response: PushResponse, entries: OutboxEntry[], result: CycleResult): string[] {
    const { sqlite } = this.store;
    const bySeq = new Map(entries.map((c) => [c.seq, c]));
    const now = this.now();
    const reject = sqlite.prepare('INSERT OR IGNORE INTO sync_rejections (seq, command_id, name, args, reason, at) VALUES (?, ?, ?, ?, ?, ?)');
    const changed = new Set<string>();
    sqlite.transaction(() => {
      // Read once per answer, not once per command: an answer covers thousands of commands.
      const held = this.local.bucketMap();
      for (const r of response.results) {
        const cmd = bySeq.get(r.seq);
        if (!cmd) continue;
        // Kept in the queue: this device re-attaches and sends it again (replica.ts).
        if (meaningOf(r.status) === 'recover') continue;
        if (r.status === 'rejected') {
          reject.run(r.seq, cmd.id, cmd.name, cmd.args, JSON.stringify(r.reason), Date.now());
          this.local.revert(r.revert);
          for (const img of r.revert) changed.add(img.tbl);
          result.rejected += 1;
        } else {
          const effects = parseEffects(cmd.effects);
          this.local.remember(touchesOf(effects));
          if (r.status === 'held') result.held += 1;
          else this.local.countOwnInserts(effects, cmd.hlc, held);
        }
        this.retained.acknowledge(r.seq, now);
        result.pushed += 1;
      }
      // Anything HQ has applied according to lastSeq is acknowledged, even if its own answer was lost earlier.
      this.retained.raiseAcked(response.lastSeq);
    }).immediate();
    return [...changed];
  }

  /**
   * Returns true when every bucket reached HQ's checkpoint; false when the read-your-writes gate held it back.
   * While pages are written SQLite copies its WAL into the database every 40 MB instead of every 4 MB: a snapshot
   * page is ~10 MB, so each page used to end in a checkpoint copying the same B-tree pages again and again. The
   * pull ends with one checkpoint of its own, so no later write (a punch) inherits the copying.
   */
  private async pullAll(result: CycleResult): Promise<boolean> {
    const { sqlite } = this.store;
    const before = result.pulledRows;
    sqlite.pragma(`wal_autocheckpoint = ${PULL_CHECKPOINT_PAGES}`);
    try {
      return await this.pullPages(result);
    } finally {
      sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
      if (result.pulledRows > before) sqlite.pragma('wal_checkpoint(PASSIVE)');
    }
  }

  private async pullPages(result: CycleResult): Promise<boolean> {
    let mismatches = 0;
    const limit = this.options.pullLimit ?? 20000;
    // Late rejections stored here are acknowledged with the next request (HQ sends them until then).
    const acks: number[] = [];
    const budget = this.options.pageBudget;
    const request = (cursors: Record<string, number>, full: string[]) =>
      this.client.post(
        paths.pull,
        { cursors, limit, ...(budget ? { maxBytes: budget.maxBytes } : {}), ...(full.length ? { full } : {}), ...(acks.length ? { ackRejections: acks.splice(0) } : {}) },
        checkedPullResponse,
      );
    // Buckets filled from nothing: HQ sends them whole, own rows included, on every page (decision 0063).
    const fullOf = (buckets: Map<string, BucketState>) => [...buckets.values()].filter((b) => b.filling || b.cursor === 0).map((b) => b.bucket).sort();
    const discard = (p: Promise<unknown> | null) => void p?.catch(() => undefined);
    const fromZero = new Set([...this.local.bucketMap().values()].filter((b) => b.cursor === 0).map((b) => b.bucket));
    // Rows HQ holds in each bucket paged in this pull (its latest word): the progress bar of a large pull.
    const expected = new Map<string, number>();
    let next: ReturnType<typeof request> | null = null;
    for (;;) {
      const buckets = this.local.bucketMap();
      const cursors = Object.fromEntries([...buckets.values()].map((b) => [b.bucket, b.cursor]));
      const full = fullOf(buckets);
      let exchange;
      try {
        exchange = await (next ?? request(cursors, full));
      } catch (err) {
        // Every page before this one is written and its cursor kept: the next attempt asks from there, for less.
        if (err instanceof SyncHttpError && err.code === 'network') budget?.cut();
        throw err;
      }
      next = null;
      budget?.observe(exchange.bytesReceived, exchange.seconds);
      result.bytesSent += exchange.bytesSent;
      result.bytesReceived += exchange.bytesReceived;
      result.clockOffsetMs = exchange.clockOffsetMs ?? result.clockOffsetMs;
      const value = exchange.value;
      if (value.lateRejections?.length) {
        // A prefetched answer may repeat ones just stored: only new ones count.
        const { stored, tables } = storeLateRejections(this.store.sqlite, this.local, value.lateRejections, Date.now());
        if (tables.length) this.options.onTablesChanged?.(tables);
        result.rejected += stored;
        acks.push(...value.lateRejections.map((r) => r.seq));
      }
      for (const b of value.buckets) if (!buckets.has(b)) fromZero.add(b);
      // Pipelining: ask for the next pages while this one is written (a large pull is bounded by the slower side,
      // not by the sum of both). The prefetch is dropped if this page cannot be applied as is.
      if (!value.buckets.every((b) => value.checkpoint[b])) {
        next = request(cursorsAfter(cursors, value.pages), fullAfter(cursors, full, value.pages, value.checkpoint));
        // Awaited below; marked handled now, since a failure may land while this page is still being written.
        next.catch(() => undefined);
        // Let the request reach the socket before the page's transaction holds this thread: otherwise HQ only hears
        // of it once the page is written, and nothing overlaps (decision 0052).
        await new Promise((resolve) => setImmediate(resolve));
      }
      const outcome = this.applyPull(value, buckets, fromZero);
      if (outcome === 'gate' || (outcome.mismatches > 0 && next)) {
        discard(next);
        next = null;
      }
      if (outcome === 'gate') return false;
      result.pulledRows += outcome.rows;
      if (outcome.tables.length) this.options.onTablesChanged?.(outcome.tables);
      for (const [bucket, size] of Object.entries(value.sizes ?? {})) expected.set(bucket, size);
      // Buckets already complete count too (a resumed join has some): the bar covers everything the PC will hold.
      if (expected.size) for (const [bucket, cp] of Object.entries(value.checkpoint)) expected.set(bucket, cp.count);
      let rowsExpected: number | null = null;
      let rowsHeld: number | null = null;
      if (expected.size) {
        rowsExpected = rowsHeld = 0;
        for (const [bucket, size] of expected) {
          rowsExpected += size;
          rowsHeld += buckets.get(bucket)?.count ?? 0;
        }
      }
      this.options.onProgress?.({ phase: 'pull', pushed: result.pushed, pulledRows: result.pulledRows, bucketsDone: outcome.done, bucketsTotal: exchange.value.buckets.length, rowsExpected, rowsHeld });
      mismatches += outcome.mismatches;
      if (mismatches > 3) throw new SyncHttpError('checksum_mismatch', 0);
      if (outcome.complete) {
        // One more (small) exchange only to acknowledge late rejections just stored.
        if (acks.length) {
          const held = this.local.bucketMap();
          await request(Object.fromEntries([...held.values()].map((b) => [b.bucket, b.cursor])), fullOf(held)).catch(() => undefined);
        }
        return true;
      }
    }
  }

  private applyPull(response: PullResponse, buckets: Map<string, BucketState>, fromZero: Set<string>): 'gate' | { rows: number; tables: string[]; complete: boolean; done: number; mismatches: number } {
    const { sqlite } = this.store;
    // HQ behind what it acknowledged (restored) or ahead of what this device issued (this device restored).
    if (this.reconcile(response.appliedSeq)) return 'gate';
    return sqlite.transaction(() => {
      if (!this.local.gateOpen(response.appliedSeq)) return 'gate' as const;
      const tables = new Set<string>();
      const mine = new Set(response.buckets);
      for (const b of buckets.keys()) {
        if (!mine.has(b)) {
          this.local.clearBucket(b, false); // scope left (rule 6)
          tables.add('*');
        }
      }
      let rows = 0;
      let newest = '';
      for (const page of response.pages) {
        if (!mine.has(page.bucket)) continue;
        const state = buckets.get(page.bucket) ?? { bucket: page.bucket, cursor: 0, checksum: 0, count: 0, filling: 1 };
        buckets.set(page.bucket, this.local.applyPage(page, state, fromZero.has(page.bucket)));
        rows += page.rows.length;
        for (const r of page.rows) {
          tables.add(r.tbl);
          if (r.hlc > newest) newest = r.hlc;
        }
      }
      this.observeHlc(newest);
      let mismatches = 0;
      let done = 0;
      // The running checksum and count catch lost or doubled pages; the full check (a recount of the membership
      // table, once per agent start and once a day) catches local damage behind the agent's back.
      let recount: Map<string, { checksum: number; count: number }> | null = null;
      for (const b of response.buckets) {
        const cp = response.checkpoint[b];
        if (!cp) continue;
        const local = buckets.get(b) ?? { bucket: b, cursor: 0, checksum: 0, count: 0, filling: 0 };
        let damaged = false;
        if (this.options.fullCheck && !fromZero.has(b)) {
          recount ??= this.local.recount();
          const counted = recount.get(b) ?? { checksum: 0, count: 0 };
          damaged = counted.checksum !== cp.checksum || counted.count !== cp.count;
        }
        if (damaged || local.checksum !== cp.checksum || local.count !== cp.count) {
          // Only this bucket is fetched again (rule 5), from scratch.
          this.local.clearBucket(b, true);
          mismatches += 1;
          tables.add('*');
          continue;
        }
        if (!buckets.has(b)) sqlite.prepare('INSERT OR IGNORE INTO sync_buckets (bucket, cursor, checksum, count) VALUES (?, ?, 0, 0)').run(b, cp.cursor);
        else if (local.filling) this.local.finishFill(local);
        done += 1;
      }
      const complete = done === response.buckets.length;
      if (complete) this.local.pruneTouched();
      this.retained.raiseAcked(response.appliedSeq);
      const changed = tables.has('*') ? ['*'] : [...tables];
      return { rows, tables: changed, complete, done, mismatches };
    }).immediate();
  }

  /** Drops acknowledged commands past the safety window (replica.ts RETENTION). */
  pruneRetained(now: number): number {
    return this.store.sqlite.transaction(() => this.retained.prune(now)).immediate();
  }

  /**
   * Merges the newest HLC received into the device's clock (decision 0065), so an edit made here after receiving
   * another PC's edit sorts after it even when this PC's wall clock is hours behind. HQ bounds the HLCs it keeps by its
   * own clock, so a far-future one cannot drag this clock along.
   */
  private observeHlc(remote: string): void {
    if (!remote) return;
    const { sqlite } = this.store;
    const own = sqlite.prepare("SELECT hlc FROM device_info WHERE id = 'self'").pluck().get() as string | undefined;
    if (!own || remote <= own) return;
    let merged: string;
    try {
      merged = formatHlc(receiveHlc(parseHlc(own), parseHlc(remote), (this.options.now ?? Date.now)()));
    } catch {
      return; // not an HLC (a row image from an older HQ): nothing to merge
    }
    sqlite.prepare("UPDATE device_info SET hlc = ? WHERE id = 'self'").run(merged);
  }

  /** HQ revoked this device: its synced data goes; its unsynced queue stays, to be shown to a person (rule 9). */
  wipeSyncedData(): void {
    const { sqlite } = this.store;
    sqlite.transaction(() => {
      this.rows.wipeAll();
      sqlite.prepare('DELETE FROM sync_buckets').run();
      sqlite.prepare('DELETE FROM sync_members').run();
      sqlite.prepare('DELETE FROM sync_touched').run();
      sqlite.prepare('UPDATE sync_state SET revoked_at = COALESCE(revoked_at, ?)').run(Date.now());
    }).immediate();
  }
}
