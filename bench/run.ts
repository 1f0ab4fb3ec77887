// `npm run bench`: runs every module, prints a table and writes every figure by name to bench-results.json.
// `npx tsx bench/run.ts catchUp ingest` runs only the modules (or groups, e.g. `sync`) named.
// Figures are ratios measured side by side in one run; absolute times are context only (BENCH.md).
import fs from 'node:fs';
import { benchModules } from './modules';
import type { Figure } from './types';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const figures: Figure[] = [];
  for (const mod of benchModules) {
    if (only.length > 0 && !only.includes(mod.name) && !(mod.group && only.includes(mod.group))) continue;
    process.stdout.write(`running ${mod.name}…\n`);
    try {
      figures.push(...(await mod.run()));
    } catch (err) {
      process.stdout.write(`  ${mod.name} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    }
  }
  const width = Math.max(10, ...figures.map((f) => f.name.length));
  const lines = [
    `${'figure'.padEnd(width)}  ${'value'.padStart(12)}  unit      reps   note`,
    `${'-'.repeat(width)}  ${'-'.repeat(12)}  --------  -----  ----`,
    ...figures.map(
      (f) =>
        `${f.name.padEnd(width)}  ${formatValue(f.value).padStart(12)}  ${f.unit.padEnd(8)}  ${String(f.reps).padStart(5)}  ${f.note ?? ''}`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  // A partial run (modules named) updates its own figures and keeps the others of the last full run.
  const earlier = only.length > 0 && fs.existsSync('bench-results.json') ? (JSON.parse(fs.readFileSync('bench-results.json', 'utf8')) as { details?: Figure[] }).details ?? [] : [];
  const details = [...earlier.filter((e) => !figures.some((f) => f.name === e.name)), ...figures];
  const results = {
    ranAt: new Date().toISOString(),
    node: process.version,
    figures: Object.fromEntries(details.map((f) => [f.name, f.value])),
    details,
  };
  fs.writeFileSync('bench-results.json', JSON.stringify(results, null, 2));
  process.stdout.write('\nwrote bench-results.json\n');
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(3);
  return v.toPrecision(3);
}

void main();
