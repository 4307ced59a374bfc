import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/services/demo/seed-demo.ts';
import { DEMO_DIRECTORY_FILES, DEMO_DIRECTORY_SOURCE, seedDemoDirectory } from '../../src/services/demo/seed-demo-directory.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { BRISTOL, OPEN_ELIGIBILITY_CSV, openImportTest, readFeed, type ImportTest } from './import-support.ts';

const sample = readFeed(DEMO_DIRECTORY_FILES.bristol);

describe('the demo directory fixtures', () => {
  it('are an unaltered slice of the Bristol feed and the Open Eligibility file', () => {
    const bristol = new Map(readFeed(BRISTOL).map((r) => [r['id'], r]));
    expect(sample.length).toBeGreaterThanOrEqual(60);
    for (const r of sample) expect(r).toEqual(bristol.get(r['id']));
    expect(readFileSync(DEMO_DIRECTORY_FILES.openEligibility, 'utf8')).toBe(readFileSync(OPEN_ELIGIBILITY_CSV, 'utf8'));
  });
});

describe.each(TEST_DIALECTS)('the demo seed with its directory on %s', (dialect) => {
  let t: ImportTest;
  let ms = 0;
  beforeAll(async () => {
    t = await openImportTest(dialect, { demo: true });
    const started = performance.now();
    await seedDemo(t.deps, { directory: true });
    ms = performance.now() - started;
  });
  afterAll(async () => {
    process.stdout.write(`[demo directory seed, ${dialect}] ${Math.round(ms)} ms\n`);
    await t.close();
  });

  it('imports the Bristol sample beside the four demo services, and Open Eligibility', async () => {
    expect(await t.count('service', { source: DEMO_DIRECTORY_SOURCE })).toBe(sample.length);
    const own = await t.deps.db.selectFrom('service').select('name').where('source', 'is', null).orderBy('name').execute();
    expect(own.map((s) => s.name)).toEqual(['Befriending by phone', 'Debt and benefits advice', 'Tuesday Singing for Wellbeing', 'Walking for Health Halifax']);
    const oe = await t.deps.db.selectFrom('taxonomy').select('name').where('name', '=', 'Open Eligibility').execute();
    expect(oe).toHaveLength(1);
    // Every need in the vocabulary is met by at least one sample service (the sample was chosen so).
    const needs = new Set(
      (await t.deps.db.selectFrom('service').select('needs').where('source', '=', DEMO_DIRECTORY_SOURCE).execute()).flatMap(
        (r) => JSON.parse(r.needs) as string[],
      ),
    );
    expect(needs.size).toBeGreaterThanOrEqual(20);
  });

  it('does nothing the next time (a demo server restarts quickly and quietly)', async () => {
    const before = await t.snapshot();
    expect(await seedDemoDirectory(t.deps)).toBeNull();
    await seedDemo(t.deps, { directory: true });
    expect(await t.snapshot()).toEqual(before);
  });
});
