// Staff signatures on the device (decision 0072): a signed-in person's commands carry their proof; a session that
// locked itself for being idle signs nothing; signing in again signs again; set-up and the demo lend keys only for
// their own run; a password change makes a new key that the next sign-in unwraps.
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src-main/app/demo';
import { credentials } from '../../../src-main/people/schema';
import { newId } from '../../../src-shared/core/ids';
import { canonicalJson, commandProofText } from '../../../src-shared/sync/proof';
import { sha256Hex } from '../../../src-main/auth/staff-keys';
import { openAttendanceApp } from '../attendance/helpers';
import type { TestApp } from '../../helpers/app';

const MIN = 60_000;

interface Queued {
  seq: number;
  id: string;
  name: string;
  args: string;
  actor: string;
  hlc: string;
}

function lastQueued(t: TestApp): Queued {
  return t.app.services.store.sqlite.prepare('SELECT seq, id, name, args, actor, hlc FROM outbox ORDER BY seq DESC LIMIT 1').get() as Queued;
}

/** Verifies a queued command's proof against the person's public key in the local credential row. */
function proofOf(t: TestApp, q: Queued): 'none' | 'valid' | 'invalid' {
  const { proof, ...actor } = JSON.parse(q.actor) as { role: string; staffId: string | null; workerId: string | null; proof?: string };
  if (!proof) return 'none';
  const cred = t.app.services.store.db.select().from(credentials).all().find((c) => c.id === actor.staffId);
  const deviceId = (t.app.services.store.sqlite.prepare('SELECT device_id FROM device_info').pluck().get() as string) ?? '';
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: cred!.publicKey! }, format: 'jwk' });
  const text = commandProofText({ deviceId, id: q.id, name: q.name, hlc: q.hlc, actor }, sha256Hex(canonicalJson(JSON.parse(q.args))));
  return verify(null, Buffer.from(text), key, Buffer.from(proof, 'base64url')) ? 'valid' : 'invalid';
}

describe('staff signatures on the device', () => {
  it('a signed-in admin signs; an idle-locked session signs nothing; a new sign-in signs again', async () => {
    const t = openAttendanceApp();
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const run = () => t.app.services.bus.execute('audit.record', { id: newId(), action: 'test.signed', targetId: null, details: {} }, { role: 'admin', staffId: admin.staffId, workerId: null });
    run();
    expect(proofOf(t, lastQueued(t))).toBe('valid');
    // Idle past the PC's limit: even before any call removes the session, its key no longer signs.
    t.clock.advance(10 * MIN + 1);
    run();
    expect(proofOf(t, lastQueued(t))).toBe('none');
    expect(await t.must('auth.me', {}, admin.token)).toBeNull();
    run();
    expect(proofOf(t, lastQueued(t))).toBe('none');
    await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    run();
    expect(proofOf(t, lastQueued(t))).toBe('valid');
    t.close();
  }, 60_000);

  it('set-up and the demo signed their own commands and hold no key afterwards', () => {
    const t = openAttendanceApp();
    const rows = t.app.services.store.sqlite.prepare("SELECT seq, id, name, args, actor, hlc FROM outbox WHERE actor LIKE '%staffId\":\"%'").all() as Queued[];
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => proofOf(t, r)).filter((p) => p !== 'valid')).toEqual([]);
    const adminId = (JSON.parse(rows[0]!.actor) as { staffId: string }).staffId;
    expect(t.app.services.sessions.keyFor(adminId)).toBeNull();
    t.close();
  }, 60_000);

  it('a password change makes a new key: the old password no longer opens it, the new sign-in signs with it', async () => {
    const t = openAttendanceApp();
    const admin = await t.must('auth.login', { loginId: 'admin', password: DEMO_PASSWORD });
    const before = t.app.services.store.db.select().from(credentials).all().find((c) => c.id === admin.staffId)!;
    const self = (await t.must('people.listStaff', {}, admin.token)).find((p) => p.id === admin.staffId)!;
    await t.must('people.saveStaff', { ...self, password: 'a-new-password-9' }, admin.token);
    const after = t.app.services.store.db.select().from(credentials).all().find((c) => c.id === admin.staffId)!;
    expect(after.publicKey).not.toBe(before.publicKey);
    expect(await t.call('auth.login', { loginId: 'admin', password: DEMO_PASSWORD })).toMatchObject({ ok: false });
    const again = await t.must('auth.login', { loginId: 'admin', password: 'a-new-password-9' });
    t.app.services.bus.execute('audit.record', { id: newId(), action: 'test.signed', targetId: null, details: {} }, { role: 'admin', staffId: again.staffId, workerId: null });
    expect(proofOf(t, lastQueued(t))).toBe('valid');
    t.close();
  }, 60_000);
});
