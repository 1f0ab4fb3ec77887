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

export const systemHandlers: FeatureHandlers<'system.'> = {
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
      rows: rows.map(({ hlc: _hlc, operatorId: _op, ...row }) => ({ ...row, actorName: row.actorId ? (names.get(row.actorId) ?? null) : null })),
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
