// A real app over a real SQLite file in a fresh temp folder, with a controllable clock.
import { keyFileSource } from '../../src-main/store/database-key';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src-main/app/services';
import type { Clock } from '../../src-main/store/clock';
import { loadDemo } from '../../src-main/app/demo';
import type { ProcedureName, InputOf, OutputOf } from '../../src-shared/api/contract';
import type { Result } from '../../src-shared/core/errors';

export class TestClock implements Clock {
  constructor(public ms = Date.parse('2026-11-25T00:30:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function tempDir(prefix = 'tomoni-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp {
  app: App;
  clock: TestClock;
  dataDir: string;
  call<N extends ProcedureName>(name: N, input: InputOf<N>, token?: string | null): Promise<Result<OutputOf<N>>>;
  /** Like call, but throws on failure and returns the value. */
  must<N extends ProcedureName>(name: N, input: InputOf<N>, token?: string | null): Promise<OutputOf<N>>;
  close(): void;
}

export function openTestApp(options: { demo?: boolean | 'loaned'; dataDir?: string; clock?: TestClock; encrypted?: boolean } = {}): TestApp {
  const dataDir = options.dataDir ?? tempDir();
  const clock = options.clock ?? new TestClock();
  // Encrypted like a real PC's store (its key in the data folder, as browser mode keeps it): source files are sealed.
  const app = createApp({ dataDir, clock, ...(options.encrypted ? { databaseKey: keyFileSource(dataDir, null) } : {}) });
  if (options.demo) loadDemo(app.services, options.demo === 'loaned' ? 'loaned' : 'center');
  const call = async <N extends ProcedureName>(name: N, input: InputOf<N>, token: string | null = null) =>
    (await app.router.call(name, input, token)) as Result<OutputOf<N>>;
  return {
    app,
    clock,
    dataDir,
    call,
    async must(name, input, token = null) {
      const result = await call(name, input, token);
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    close: () => app.close(),
  };
}
