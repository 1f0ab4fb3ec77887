// The kiosk's name tiles tell a forgotten clock-out apart from someone working now, as the leader board does.
import { describe, expect, it } from 'vitest';
import { openTestApp } from '../../helpers/app';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';

describe('kiosk tiles', () => {
  it('flag a forgotten clock-out and agree with the board', async () => {
    const t = openTestApp({ demo: true });
    const tiles = await t.must('kiosk.workers', {});
    const director = await t.must('auth.login', { loginId: 'director', password: DEMO_PASSWORD });
    const board = await t.must('attendance.board', {}, director.token);
    expect(tiles.length).toBeGreaterThan(10);
    const forgottenOnBoard = board.filter((r) => r.forgotten).map((r) => r.workerId);
    expect(forgottenOnBoard.length).toBeGreaterThan(0);
    for (const tile of tiles) {
      expect(tile.forgotten).toBe(forgottenOnBoard.includes(tile.id));
      if (!board.some((r) => r.workerId === tile.id)) expect(tile.state).toBe('out');
    }
    t.close();
  }, 60_000);

  it('come in 五十音 order of the reading, and say whether the person punched today', async () => {
    const t = openTestApp({ demo: true });
    const tiles = await t.must('kiosk.workers', {});
    const collator = new Intl.Collator('ja');
    const readings = tiles.map((tile) => tile.kana.replace(' ', '\u3000'));
    expect(readings).toEqual([...readings].sort((a, b) => collator.compare(a, b)));
    for (const tile of tiles) if (tile.state !== 'out') expect(tile.today || tile.forgotten).toBe(true);
    t.close();
  }, 60_000);

  it('offer a worker their own jobs first, with the steps they may name, and their last work', async () => {
    const t = openTestApp({ demo: true });
    const tile = await t.must('kiosk.identify', { code: 'W0010' });
    const session = await t.must('kiosk.verifyPin', { workerId: tile.id, pin: '1234' });
    const mineFirst = session.jobs.findIndex((j) => !j.mine);
    expect(session.jobs.slice(mineFirst === -1 ? session.jobs.length : mineFirst).every((j) => !j.mine)).toBe(true);
    const scan = session.jobs.find((j) => j.kind === 'scan')!;
    // A worker is offered the scan workflow's worker steps, never the leaders' (受入, 品質検査, 納品).
    expect(scan.steps).toEqual(expect.arrayContaining(['scan', 'metadata']));
    expect(scan.steps).not.toContain('qc');
    expect(session.jobs.find((j) => j.kind === 'entry')!.steps).toEqual(['keying']);
    if (session.recent) expect(session.jobs.find((j) => j.id === session.recent!.jobId)?.mine).toBe(true);
    t.close();
  }, 60_000);
});
