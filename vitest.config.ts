import { configDefaults, defineConfig } from 'vitest/config';

// Three projects, runnable alone (npm run test:unit | test:db | test:browser) or together (npm test):
// - unit: pure *.test.ts(x), no database, no setup;
// - database: *.int.test.ts on a real database; its global setup migrates each dialect once and
//   seeds the demo once into templates that every test copies (tests/support/database-setup.ts);
// - browser: *.e2e.test.ts in Chromium; its global setup builds the web app, only when it runs.
const INT = '**/*.int.test.ts';
const E2E = '**/*.e2e.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Measured on the 2-core machine (see the commit message): worker threads that keep their
    // modules between files (isolate: false) import the app once per worker instead of once per
    // file, and three workers keep both cores busy while tests wait on PostgreSQL. No test relies on
    // a fresh module state: there are no mocks, and module caches are keyed by database.
    pool: 'threads',
    isolate: false,
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, INT, E2E],
        },
      },
      {
        extends: true,
        test: {
          name: 'database',
          include: ['src/**/*.int.test.ts', 'tests/**/*.int.test.ts'],
          globalSetup: ['tests/support/database-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // A journey is a whole story in a real browser and server: on a loaded 2-core machine
          // one can pass 30 s without anything being wrong. Playwright's own waits still bound each step.
          testTimeout: 120_000,
          include: ['src/**/*.e2e.test.ts', 'tests/**/*.e2e.test.ts'],
          globalSetup: ['tests/support/browser-setup.ts'],
          // The journeys each drive a Chromium and a server: they run after the other projects
          // rather than competing with them for the cores, two at a time (three Chromiums on two
          // busy cores pushed page steps past their 10 s timeout).
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
        },
      },
    ],
  },
});
