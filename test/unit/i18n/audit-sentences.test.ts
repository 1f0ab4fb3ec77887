// The audit log in words: every action the app records has a sentence in both languages, with every value filled in;
// an action this version does not know still reads as a sentence.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src-shared/i18n/translate';
import type { AuditView } from '../../../src-shared/system/contract';
import { auditSentence } from '../../../src-renderer/system/auditSentence';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Every action name written in the source: `action: 'x.y'`, the sign-in actions' union, and the month actions. */
function recordedActions(): string[] {
  const found = new Set<string>(['attendance.closeMonth', 'attendance.reopenMonth']);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        if (!src.includes('audit')) continue;
        for (const m of src.matchAll(/action: '([a-z]+\.[a-zA-Z]+)'/g)) found.add(m[1]);
      }
    }
  };
  walk(path.join(root, 'src-main'));
  const union = fs.readFileSync(path.join(root, 'src-main', 'auth', 'audit.ts'), 'utf8');
  for (const m of union.matchAll(/\| '(auth\.[a-zA-Z]+)'/g)) found.add(m[1]);
  return [...found].sort();
}

const details: Record<string, Record<string, unknown>> = {
  'auth.failed': { kind: 'pin', code: 'W0001' },
  'auth.lockedOut': { kind: 'password', loginId: 'admin', until: Date.UTC(2026, 11, 5, 1, 30) },
  'auth.unlocked': { subjectType: 'worker' },
  'attendance.closeMonth': { month: '2026-11', reason: '' },
  'attendance.reopenMonth': { month: '2026-11', reason: '打刻漏れ' },
  'attendance.export': { month: '2026-11', format: 'xlsx', rows: 38 },
  'entry.export': { format: 'csv', rows: 120 },
  'scan.exportVolumes': { format: 'xlsx' },
  'system.settings': { idleLockMinutes: { from: 10, to: 5 } },
  'system.keyProtection': { mode: 'key-file', reason: 'browser-mode', keyFile: 'x' },
  'people.saveStaff': { role: 'leader' },
  'setup.initialize': { deviceKind: 'center' },
};

function row(action: string): AuditView {
  return { id: 'a', at: Date.UTC(2026, 11, 5), actorType: 'staff', actorId: 's', actorName: '管理 太郎', action, targetId: 't', targetName: '山田 花子', details: details[action] ?? {}, deviceId: 'd' };
}

describe('audit log in words', () => {
  const actions = recordedActions();
  it('finds the actions the app records', () => {
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.failed', 'auth.lockedOut', 'attendance.export', 'system.settings']));
  });
  for (const lang of ['ja', 'en'] as const) {
    it(`has a sentence for every one of them in ${lang}, values filled in`, () => {
      const i18n = createTranslator(lang);
      for (const action of actions) {
        const sentence = auditSentence(i18n.t, row(action));
        expect(sentence, action).not.toContain('{{');
        expect(sentence, action).not.toContain(action);
        expect(sentence, action).not.toMatch(/undefined|null|\[object/);
      }
      expect(auditSentence(i18n.t, row('auth.lockedOut'))).toContain('admin');
      expect(auditSentence(i18n.t, row('system.settings'))).toMatch(/10.*5/);
    });
  }
  it('names an unknown action (a newer PC’s) in a generic sentence', () => {
    const i18n = createTranslator('ja');
    expect(auditSentence(i18n.t, row('future.thing'))).toBe('操作「future.thing」（この版では名前のない操作）');
  });
});
