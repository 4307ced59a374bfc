import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HX_SERVICES_FILE } from '../../src/services/demo/seed-demo-hx-directory.ts';
import { createCliDatabase, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';

/**
 * A newcomer tries the import on the demo's own feed, under a name of their choosing: the demo had
 * already imported it as `hx-demo`, so every service would be listed twice. The import goes ahead
 * (a council may really publish the same ids twice) but says so, and how to avoid it.
 */
describe.each(TEST_DIALECTS)('importing a feed another source already holds, on %s', { timeout: 120_000 }, (dialect) => {
  let db: CliDatabase;
  beforeAll(async () => {
    db = await createCliDatabase(dialect);
  });
  afterAll(async () => db.drop());

  it('imports quietly the first time and again under the same source', async () => {
    const first = await linkwork(db, ['directory', 'import', DEMO_HX_SERVICES_FILE, '--source', 'hx-demo']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const again = await linkwork(db, ['directory', 'import', DEMO_HX_SERVICES_FILE, '--source', 'hx-demo', '--json']);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, alreadyFromOtherSources: [] });
  });

  it('warns, naming the other source and the way out, when the same feed comes in under another name', async () => {
    const r = await linkwork(db, ['directory', 'import', DEMO_HX_SERVICES_FILE, '--source', 'calderdale']);
    expect(r.code, r.stderr).toBe(0);
    const created = Number(/created (\d+)/.exec(r.stdout)?.[1]);
    expect(created).toBeGreaterThan(10);
    expect(r.stderr).toBe(
      `warning: ${created} of the ${created} new service(s) are already in the directory from source "hx-demo" (the same feed ids), so link workers will see them twice. If this is the same feed, archive this import's copies or import it with --source hx-demo to update those instead.\n`,
    );
    const json = await linkwork(db, ['directory', 'import', DEMO_HX_SERVICES_FILE, '--source', 'calder-2', '--json']);
    expect(JSON.parse(json.stdout).alreadyFromOtherSources).toEqual([
      { source: 'calderdale', services: created },
      { source: 'hx-demo', services: created },
    ]);
  });
});
