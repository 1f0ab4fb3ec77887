// Every find a rule makes is backed by a declared lookup (an index at HQ, see src-server/store/lookups.ts): read off
// the rules' source, so a new find without its lookup fails here rather than scanning HQ's store for every command.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncedTables } from '../../../src-shared/sync/registry';

const root = path.resolve(import.meta.dirname, '../../../src-shared');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** `reader.find<Row>('table', { a: x, b })` → table and the field names of the literal. */
function findsIn(text: string): { table: string; fields: string[] }[] {
  const out: { table: string; fields: string[] }[] = [];
  for (const m of text.matchAll(/reader\.find(?:<[^>]*>)?\(\s*'(\w+)',\s*\{([^}]*)\}/g)) {
    const fields = m[2]
      .split(',')
      .map((part) => part.split(':')[0].trim())
      .filter(Boolean);
    out.push({ table: m[1], fields });
  }
  return out;
}

describe('rule finds and HQ lookups', () => {
  const finds = sourceFiles(root).flatMap((file) => findsIn(fs.readFileSync(file, 'utf8')).map((f) => ({ ...f, file: path.relative(root, file) })));

  it('reads the rules (the pattern still matches them)', () => {
    expect(finds.length).toBeGreaterThan(15);
  });

  it.each(finds.map((f) => [`${f.file}: ${f.table} by ${f.fields.join(', ')}`, f] as const))('%s has a lookup', (_name, f) => {
    const lookups = syncedTables[f.table]?.lookups ?? [];
    expect(lookups.some((fields) => f.fields.includes(fields[0]) && fields.every((field) => f.fields.includes(field)))).toBe(true);
  });
});
