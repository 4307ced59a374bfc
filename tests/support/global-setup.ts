import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { CHROMIUM_PATH, HAS_CHROMIUM, IN_CI, PG_URL } from './env.ts';

/**
 * Says, in one line each, which groups run and which are skipped (a silent skip is a defect), and
 * makes PostgreSQL and Chromium required in CI. Builds the web app once for the browser journeys.
 */
export default async function setup(): Promise<void> {
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
  if (!HAS_CHROMIUM) {
    if (IN_CI) throw new Error(`CI requires Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
    console.log(`[linkwork tests] Browser journeys: SKIPPED (no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium)`);
  } else {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
    console.log('[linkwork tests] Browser journeys: running in Chromium against a freshly built web app');
  }
}
