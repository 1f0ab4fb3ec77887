import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupNow } from '../../../src-main/store/backup';
import { openStore } from '../../../src-main/store/open';
import { openTestApp, tempDir } from '../../helpers/app';

describe('daily backups', () => {
  it('writes one consistent copy per JST day and keeps the newest seven', () => {
    const t = openTestApp({ demo: true });
    const dir = path.join(tempDir(), 'backups');
    const day = 24 * 60 * 60 * 1000;
    for (let i = 0; i < 9; i++) {
      expect(backupNow(t.app.services.store, dir, t.clock).created).not.toBeNull();
      // A second run the same day does nothing.
      expect(backupNow(t.app.services.store, dir, t.clock).created).toBeNull();
      t.clock.advance(day);
    }
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(7);
    const newest = openStore(path.join(dir, files.at(-1)!));
    expect(newest.sqlite.prepare('SELECT COUNT(*) FROM workers').pluck().get()).toBe(38);
    newest.close();
    t.close();
  });
});
