import { defineConfig } from 'vitest/config';

// Projects: `unit` (pure logic + real SQLite files), `sim` (sync simulation schedules),
// `server` (HQ against real SQLite and a throwaway PostgreSQL cluster).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          testTimeout: 30000,
        },
      },
      {
        test: {
          name: 'sim',
          include: ['test/sim/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600000,
          hookTimeout: 120000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120000,
          hookTimeout: 120000,
          globalSetup: ['test/server/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
