// Late rejections (src-server/sync/late-rejections.ts): a command HQ once answered "held" and rejected after an
// upgrade. The device dropped it from its queue long ago; now it is stored like any rejection (the sticky notice a
// leader sees) and its local effects are put back to HQ's version. Stored once however often HQ sends it.
import type Database from 'better-sqlite3';
import type { LateRejection } from '../../src-shared/sync/protocol';
import type { LocalState } from './local-state';

/** Stores and undoes each late rejection in one transaction; returns how many were new and the tables changed. */
export function storeLateRejections(sqlite: Database.Database, local: LocalState, items: LateRejection[], now: number): { stored: number; tables: string[] } {
  const insert = sqlite.prepare('INSERT OR IGNORE INTO sync_rejections (seq, command_id, name, args, reason, at) VALUES (?, ?, ?, ?, ?, ?)');
  const tables = new Set<string>();
  let stored = 0;
  sqlite.transaction(() => {
    for (const r of items) {
      // Already stored (an earlier answer whose acknowledgement was lost): nothing to undo twice.
      if (insert.run(r.seq, r.commandId, r.name, JSON.stringify(r.args ?? null), JSON.stringify(r.reason), now).changes === 0) continue;
      stored += 1;
      local.revert(r.revert);
      for (const img of r.revert) tables.add(img.tbl);
    }
  }).immediate();
  return { stored, tables: [...tables] };
}
