// The log file a clerk can send: every logger writes it, it rotates by size, and 「ログを保存」 hands out the newest
// lines through the router (the same in the desktop app and in browser mode).
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';
import { addLogSink, createLogger } from '../../../src-main/logging/logger';
import { openLogFile, recentLogText } from '../../../src-main/logging/log-file';
import { openTestApp, tempDir } from '../../helpers/app';

describe('log file', () => {
  it('keeps info lines whatever stderr shows, rotates by size, and reads back newest last', async () => {
    const dir = tempDir();
    const stream = openLogFile(dir, '20K');
    const remove = addLogSink((line) => stream.write(line));
    const log = createLogger('test');
    for (let i = 0; i < 400; i++) log.info('line', { i, pad: 'あ'.repeat(40) });
    log.debug('never in the file');
    remove();
    stream.end();
    await once(stream, 'finish');
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toContain('tomoni.log');
    expect(files).toContain('tomoni.1.log');
    expect(files.length).toBeLessThanOrEqual(6);
    const text = recentLogText(dir, 30_000);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { i: number; msg: string });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(30_000);
    expect(lines.at(-1)?.i).toBe(399);
    // In order across the rotated files, no line cut in half.
    for (let k = 1; k < lines.length; k++) expect(lines[k]!.i).toBe(lines[k - 1]!.i + 1);
    expect(text).not.toContain('never in the file');
  });

  it('「ログを保存」 returns the newest log lines to staff, not to the kiosk', async () => {
    const t = openTestApp({ demo: true });
    const logs = path.join(t.dataDir, 'logs');
    fs.mkdirSync(logs, { recursive: true });
    fs.writeFileSync(path.join(logs, 'tomoni.1.log'), '{"msg":"older"}\n');
    fs.writeFileSync(path.join(logs, 'tomoni.log'), '{"msg":"同期に失敗しました"}\n');
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const file = await t.must('system.saveLogs', {}, admin.token);
    expect(file.mime).toBe('text/plain');
    expect(file.fileName).toMatch(/^tomoni-log-.+\.log$/);
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toBe('{"msg":"older"}\n{"msg":"同期に失敗しました"}\n');
    expect(await t.call('system.saveLogs', {}, null)).toMatchObject({ ok: false });
    t.close();
  });
});
