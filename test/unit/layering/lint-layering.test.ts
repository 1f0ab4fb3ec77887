// The layering of DESIGN.md is enforced by lint, not hoped for: these snippets must be refused.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('layering lint', () => {
  it.each([
    ["import fs from 'node:fs';\nexport const x = fs;\n", 'src-shared/core/ids.ts'],
    ["import { app } from 'electron';\nexport const x = app;\n", 'src-main/store/open.ts'],
    ["import { openStore } from '../../src-main/store/open';\nexport const x = openStore;\n", 'src-renderer/app/store.ts'],
    ["import { createApp } from '../src-main/app/services';\nexport const x = createApp;\n", 'src-server/cli.ts'],
    ["import Database from 'better-sqlite3';\nexport const x = Database;\n", 'src-renderer/app/App.tsx'],
  ])('refuses %j in %s', async (code, file) => {
    expect(await ruleIdsFor(code, file)).toContain('no-restricted-imports');
  });

  it('allows electron inside src-main/electron and forbids console and default exports everywhere', async () => {
    expect(await ruleIdsFor("import { app } from 'electron';\nexport const x = app;\n", 'src-main/electron/main.ts')).not.toContain('no-restricted-imports');
    expect(await ruleIdsFor("console.log('x');\nexport const y = 1;\n", 'src-main/store/open.ts')).toContain('no-console');
    expect(await ruleIdsFor('export default 1;\n', 'src-shared/core/ids.ts')).toContain('no-restricted-syntax');
  });
});
