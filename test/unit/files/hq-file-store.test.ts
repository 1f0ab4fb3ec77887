// HQ's copy of relayed source files (decision 0120): what it keeps of unfinished files is bounded per operator, an
// unfinished file left alone for a week goes, and bytes that are not the named file are not kept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HqFileStore } from '../../../src-server/files/file-store';
import { tempDir } from '../../helpers/app';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const op = '01a24925-4d90-76df-8842-484e488aa979';

describe('HQ file store', () => {
  it("refuses a new file when the operator's unfinished files would pass the limit, and drops week-old ones", async () => {
    const root = tempDir('tomoni-hq-files-');
    // The disk is walked again at every new file here (hourly in HQ), so the week-old part is seen at once.
    const store = new HqFileStore(root, { partialBytes: 100, staleMs: 7 * 24 * 3600_000, rewalkMs: 0 });
    const [a, b] = [crypto.randomBytes(60), crypto.randomBytes(60)];
    expect(await store.append(op, sha(a), 60, 0, a.subarray(0, 30))).toMatchObject({ received: 30, complete: false });
    // 60 + 60 bytes of unfinished files is past 100: the second file does not start.
    await expect(store.append(op, sha(b), 60, 0, b.subarray(0, 30))).rejects.toMatchObject({ code: 'too_large' });
    // The first one, left alone for eight days, is thrown away when a new file starts; then the new one fits.
    const part = `${store.pathOf(op, sha(a))}.part`;
    const old = new Date(Date.now() - 8 * 24 * 3600_000);
    fs.utimesSync(part, old, old);
    expect(await store.append(op, sha(b), 60, 0, b)).toMatchObject({ received: 60, complete: true });
    expect(fs.existsSync(part)).toBe(false);
    expect(fs.readFileSync(store.pathOf(op, sha(b))).equals(b)).toBe(true);
  });

  it('throws away bytes that are not the named file and says so', async () => {
    const store = new HqFileStore(tempDir('tomoni-hq-files-'));
    const good = crypto.randomBytes(50);
    expect(await store.append(op, sha(good), 50, 0, crypto.randomBytes(50))).toMatchObject({ received: 0, complete: false, mismatch: true });
    expect(fs.readdirSync(path.dirname(store.pathOf(op, sha(good))))).toEqual([]);
    expect(await store.append(op, sha(good), 50, 0, good)).toMatchObject({ received: 50, complete: true });
  });
});
