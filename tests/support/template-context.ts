/**
 * What a project's global setup hands its test workers (Vitest provide/inject): where this run's
 * template databases are. Shared by the setup (main process) and createTestDatabase (workers).
 */

/** The two templates of one dialect: SQLite file paths, or PostgreSQL database names. */
export interface DialectTemplates {
  /** Migrated, no rows. */
  empty: string;
  /** Migrated and seeded by seedDemo (demo users, organisations, people, services, geography). */
  demo: string;
}

export interface TestTemplates {
  /** The main Vitest process's id: names this run's databases so a later run can tell stale ones. */
  runId: number;
  /** This run's scratch folder: SQLite templates and the per-test copies (removed at teardown). */
  dir: string;
  sqlite: DialectTemplates;
  postgres: DialectTemplates | null;
  /** The clock seedDemo ran on: the tests' fixed start, or the real time for the browser journeys. */
  demoClock: 'test-start' | 'system';
}

declare module 'vitest' {
  export interface ProvidedContext {
    linkworkTemplates: TestTemplates;
  }
}

/** PostgreSQL database names of a run: `linkwork_test_<pid>_<hex>` copies, `linkwork_tpl_<pid>_<kind>` templates. */
export const pgTestName = (runId: number, suffix: string): string => `linkwork_test_${runId}_${suffix}`;
export const pgTemplateName = (runId: number, kind: keyof DialectTemplates): string => `linkwork_tpl_${runId}_${kind}`;
