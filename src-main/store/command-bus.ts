// The one write path (DESIGN.md rule 2): in one SQLite transaction a command's rule runs, its effects change the
// local tables and the command joins the upload queue with the next per-device seq and a fresh HLC.
import { randomBytes, type KeyObject } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { CommandActor, CommandMeta, Effect } from '../../src-shared/commands/define';
import { getCommand } from '../../src-shared/commands/registry';
import { AppError } from '../../src-shared/core/errors';
import { formatHlc, parseHlc, receiveHlc, tickHlc } from '../../src-shared/core/hlc';
import { commandId } from '../../src-shared/sync/command-ids';
import { parseOrThrow } from '../../src-shared/core/validation';
import { signCommand } from '../auth/staff-keys';
import type { Clock } from './clock';
import { applyEffect, createLocalReader } from './effects';
import { deviceInfo, outbox } from './local-schema';
import type { Store } from './open';
import { toStorageError } from './open';
import { writeRow } from './row-statements';

export interface ExecutedCommand {
  seq: number;
  id: string;
  hlc: string;
  effects: Effect[];
}

export type ChangeListener = (tables: string[]) => void;

export interface CommandBus {
  execute(name: string, input: unknown, actor: CommandActor): ExecutedCommand;
  /** Several commands that must land together (e.g. setup), still one queue entry each. */
  executeAll(items: { name: string; input: unknown; actor: CommandActor }[]): ExecutedCommand[];
  /** Merge an HLC seen from elsewhere (HQ) so later local events order after it. */
  observeHlc(remote: string): void;
  onChange(listener: ChangeListener): () => void;
}

/** The signing key of a signed-in staff member, if any (sessions hold them). */
export type StaffKeyLookup = (staffId: string) => KeyObject | null;

export function createCommandBus(store: Store, clock: Clock, keyFor: StaffKeyLookup = () => null): CommandBus {
  const { db, sqlite } = store;
  const listeners = new Set<ChangeListener>();

  const nextSeq = sqlite.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox').pluck();
  // seq must never be reused, even after the queue is drained: outbox_seq keeps the highest one issued.
  const floor = sqlite.prepare('SELECT last FROM outbox_seq WHERE id = 1').pluck();
  const setFloor = sqlite.prepare('INSERT INTO outbox_seq (id, last) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET last = excluded.last');
  // Prepared once: every clock-in reads the device row and moves its HLC.
  const readDevice = db.select().from(deviceInfo).where(eq(deviceInfo.id, sql.placeholder('id'))).prepare();
  const setHlc = sqlite.prepare('UPDATE device_info SET hlc = ? WHERE id = ?');
  // This run's command-id series (decision 0125): a restored device starts a new run, so never reuses an id.
  const series = randomBytes(12).toString('base64url');

  function runOne(name: string, input: unknown, actor: CommandActor): ExecutedCommand {
    const def = getCommand(name);
    if (!def) throw new AppError('unknown_procedure', 'errors.unknownProcedure');
    const parsed = parseOrThrow(def.input, input);
    if (!def.roles.includes(actor.role)) throw new AppError('forbidden', 'errors.forbidden');

    const device = readDevice.get({ id: 'self' });
    if (!device) throw new AppError('not_setup', 'errors.notSetup');
    const now = clock.now();
    const hlcState = tickHlc(parseHlc(device.hlc), now);
    const hlc = formatHlc(hlcState);
    const meta: CommandMeta = {
      operatorId: device.operatorId,
      deviceId: device.deviceId,
      siteId: device.siteId,
      hlc,
      deviceTime: now,
      hqReceivedAt: null,
      clockOffsetMs: null,
    };
    const effects = def.decide({ reader: createLocalReader(db), actor, meta }, parsed);
    for (const effect of effects) applyEffect(db, sqlite, effect);
    setHlc.run(hlc, 'self');
    const seq = Math.max(nextSeq.get() as number, ((floor.get() as number | undefined) ?? 0) + 1);
    setFloor.run(seq);
    const id = commandId(series, seq);
    const who = { role: actor.role, staffId: actor.staffId, workerId: actor.workerId };
    // A staff command carries its author's signature; without a signed-in key it is queued unsigned and HQ will
    // refuse it (a standalone device never notices). The proof is kept with the actor it proves.
    const key = actor.staffId ? keyFor(actor.staffId) : null;
    const proof = key ? signCommand(key, { deviceId: device.deviceId, id, name, hlc, actor: who }, parsed) : undefined;
    writeRow(sqlite, outbox, 'append', {
      seq,
      id,
      name,
      args: parsed,
      actor: proof ? { ...who, proof } : who,
      hlc,
      deviceTime: now,
      effects,
    });
    return { seq, id, hlc, effects };
  }

  function notify(results: ExecutedCommand[]): void {
    const tables = [...new Set(results.flatMap((r) => r.effects.map((e) => e.table)))];
    if (tables.length === 0) return;
    for (const listener of listeners) listener(tables);
  }

  function inTransaction<T>(fn: () => T): T {
    try {
      return sqlite.transaction(fn).immediate();
    } catch (err) {
      throw toStorageError(err) ?? err;
    }
  }

  return {
    execute(name, input, actor) {
      const result = inTransaction(() => runOne(name, input, actor));
      notify([result]);
      return result;
    },
    executeAll(items) {
      const results = inTransaction(() => items.map((i) => runOne(i.name, i.input, i.actor)));
      notify(results);
      return results;
    },
    observeHlc(remote) {
      inTransaction(() => {
        const device = db.select().from(deviceInfo).where(eq(deviceInfo.id, 'self')).get();
        if (!device) return;
        const merged = receiveHlc(parseHlc(device.hlc), parseHlc(remote), clock.now());
        db.update(deviceInfo).set({ hlc: formatHlc(merged) }).where(eq(deviceInfo.id, 'self')).run();
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Count of commands not yet acknowledged by HQ. */
export function queuedCount(store: Store): number {
  return store.db.select({ n: sql<number>`count(*)` }).from(outbox).get()?.n ?? 0;
}
