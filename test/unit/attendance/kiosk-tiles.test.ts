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
});
