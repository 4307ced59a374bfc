import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { IN_CI, PG_URL } from './env.ts';
import { buildTemplates, disposeTemplates, dropStale } from './templates.ts';

/**
 * Global setup of the database project. Says in one line whether PostgreSQL runs (a silent skip
 * is a defect) and requires it in CI; drops what crashed runs left; migrates each dialect once and
 * seeds the demo once into templates that every test file copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (PG_URL === undefined) {
    if (IN_CI) throw new Error('CI requires PostgreSQL: set TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
    console.log('[linkwork tests] PostgreSQL: SKIPPED (set TEST_PG_URL or DATABASE_URL to run every repository test on PostgreSQL too)');
  } else {
    const client = new pg.Client({ connectionString: PG_URL });
    try {
      await client.connect();
      await client.query('select 1');
    } catch (err) {
      throw new Error(`PostgreSQL at TEST_PG_URL is not reachable (${(err as Error).message})`);
    } finally {
      await client.end().catch(() => {});
    }
    console.log('[linkwork tests] PostgreSQL: running every database test on SQLite and PostgreSQL');
  }
  await dropStale();
  const templates = await buildTemplates({ postgres: PG_URL !== undefined, demoClock: 'test-start' });
  project.provide('linkworkTemplates', templates);
  return () => disposeTemplates(templates);
}
