// Audit log (append-only, newest first) and a report of this device for administrators.
import fs from 'node:fs';
import path from 'node:path';
import { count, desc, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/core/errors';
import type { FeatureHandlers } from '../api/handlers';
import { readDevice } from '../app/device';
import { queuedCount } from '../store/command-bus';
import { auditLog, staff, workers } from '../people/schema';
import { recentLogText } from '../logging/log-file';
import { actorOf } from '../api/context';
import { auditAuth } from '../auth/audit';
import { createPinLockout } from '../auth/pin-lockout';
import { newId } from '../../src-shared/core/ids';
import type { DeviceReport, LockoutView } from '../../src-shared/system/contract';
import { keyProtectionOf } from '../store/at-rest';
import type { KeyProtection } from '../store/database-key';
import { readDeviceSettings, writeDeviceSettings } from './device-settings';

function keyReport(p: KeyProtection): DeviceReport['keyProtection'] {
  if (p.mode === 'key-file') return { mode: p.mode, reason: p.reason, keyFile: p.keyFile };
  if (p.mode === 'os-keychain') return { mode: p.mode, reason: null, keyFile: p.keyFile };
  return { mode: p.mode, reason: null, keyFile: null };
}

export const systemHandlers: FeatureHandlers<'system.'> = {
  'system.settings': (_input, { services }) => readDeviceSettings(services.store),
  'system.saveSettings': (input, ctx) => {
    const before = readDeviceSettings(ctx.services.store);
    writeDeviceSettings(ctx.services.store, input);
    ctx.services.bus.execute(
      'audit.record',
      { id: newId(), action: 'system.settings', targetId: null, details: { idleLockMinutes: { from: before.idleLockMinutes, to: input.idleLockMinutes } } },
      actorOf(ctx),
    );
    return readDeviceSettings(ctx.services.store);
  },
  'system.lockouts': (_input, { services }) => {
    const { db } = services.store;
    return createPinLockout(services.store, services.clock)
      .active()
      .map(({ subject, lockedUntil }): LockoutView => {
        const [type, ...rest] = subject.split(':');
        const key = rest.join(':');
        if (type === 'staff') {
          const person = db.select().from(staff).where(eq(staff.loginId, key)).get();
          return { subjectType: 'staff', id: person?.id ?? null, label: key, name: person ? `${person.familyName} ${person.givenName}` : null, lockedUntil };
        }
        const worker = db.select().from(workers).where(eq(workers.id, key)).get();
        return { subjectType: 'worker', id: worker?.id ?? null, label: worker?.code ?? key, name: worker ? `${worker.familyName} ${worker.givenName}` : null, lockedUntil };
      })
      .sort((a, b) => a.lockedUntil - b.lockedUntil);
  },
  'system.unlock': (input, ctx) => {
    const lockout = createPinLockout(ctx.services.store, ctx.services.clock);
    const wasLocked = lockout.clear(`${input.subjectType}:${input.key}`);
    if (!wasLocked) throw new AppError('not_found', 'system.errors.notLocked');
    auditAuth(ctx.services, actorOf(ctx), 'auth.unlocked', input.key, { subjectType: input.subjectType });
    return { done: true as const };
  },
  'system.auditLog': (input, { services }) => {
    const { db } = services.store;
    const where = input.action ? eq(auditLog.action, input.action) : undefined;
    const rows = db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.hlc)).limit(input.limit).offset(input.offset).all();
    const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
    const names = new Map<string, string>();
    for (const s of db.select().from(staff).all()) names.set(s.id, `${s.familyName} ${s.givenName}`);
    for (const w of db.select().from(workers).all()) names.set(w.id, `${w.familyName} ${w.givenName}`);
    return {
      total,
      rows: rows.map(({ hlc: _hlc, operatorId: _op, ...row }) => ({ ...row, actorName: row.actorId ? (names.get(row.actorId) ?? null) : null, targetName: row.targetId ? (names.get(row.targetId) ?? null) : null })),
    };
  },
  'system.device': (_input, { services }) => {
    const device = readDevice(services.store);
    if (!device) throw new AppError('not_setup', 'errors.notSetup');
    const file = services.store.sqlite.name;
    const dir = path.join(path.dirname(file), 'backups');
    const backups = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite')).sort().reverse().map((f) => ({ file: f, bytes: fs.statSync(path.join(dir, f)).size }))
      : [];
    // An encrypted file does not start with SQLite's plain-text header.
    const header = Buffer.alloc(16);
    const fd = fs.openSync(file, 'r');
    const read = fs.readSync(fd, header, 0, 16, 0);
    fs.closeSync(fd);
    return {
      deviceId: device.deviceId,
      kind: device.kind,
      schemaVersion: services.store.schemaVersion,
      appVersion: services.appVersion,
      encryptedAtRest: read === 16 && !header.toString('latin1').startsWith('SQLite format 3'),
      keyProtection: keyReport(keyProtectionOf(services)),
      queuedCommands: queuedCount(services.store),
      backups,
    };
  },
  'system.saveLogs': (_input, { services }) => {
    const text = recentLogText(path.dirname(services.store.sqlite.name));
    const stamp = new Date(services.clock.now()).toISOString().slice(0, 19).replace(/[-:T]/g, '');
    const device = readDevice(services.store);
    return {
      fileName: `tomoni-log-${device?.deviceId.slice(-8) ?? 'setup'}-${stamp}.log`,
      mime: 'text/plain',
      base64: Buffer.from(text, 'utf8').toString('base64'),
      unencodable: [],
    };
  },
};
