import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { isAppError } from '../../src/domain/errors.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { loadOpenEligibility, OPEN_ELIGIBILITY_TAXONOMY_ID, openEligibilityTermId } from '../../src/services/directory/load-taxonomy.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { OPEN_ELIGIBILITY_CSV, openImportTest, type ImportTest } from './import-support.ts';

const rows = parse<Record<string, string>>(readFileSync(OPEN_ELIGIBILITY_CSV), { columns: true });

describe.each(TEST_DIALECTS)('loading Open Eligibility as an ORUK taxonomy on %s', (dialect) => {
  let t: ImportTest;
  beforeAll(async () => {
    t = await openImportTest(dialect);
  });
  afterAll(async () => t.close());

  it('loads every term with its parent, and a second load changes nothing', async () => {
    expect(rows).toHaveLength(289);
    const first = await loadOpenEligibility(t.deps, systemActor(), OPEN_ELIGIBILITY_CSV);
    expect(first).toEqual({ taxonomyId: OPEN_ELIGIBILITY_TAXONOMY_ID, terms: 289, created: 289, updated: 0, unchanged: 0 });
    const taxonomy = await t.deps.db.selectFrom('taxonomy').selectAll().where('id', '=', OPEN_ELIGIBILITY_TAXONOMY_ID).executeTakeFirstOrThrow();
    expect(taxonomy.name).toBe('Open Eligibility');
    const terms = await t.deps.db.selectFrom('taxonomy_term').selectAll().where('taxonomy_id', '=', OPEN_ELIGIBILITY_TAXONOMY_ID).execute();
    expect(terms).toHaveLength(289);
    // Every CSV row is there with its parent (parent_id 0 = top level).
    const byCode = new Map(terms.map((x) => [x.code, x]));
    for (const r of rows) {
      const term = byCode.get(r['id'] ?? '');
      expect(term?.name).toBe(r['name']);
      expect(term?.parent_id).toBe(r['parent_id'] === '0' ? null : openEligibilityTermId(r['parent_id'] ?? ''));
    }
    expect(terms.filter((x) => x.parent_id === null).map((x) => x.name)).toEqual([
      'Emergency',
      'Food',
      'Housing',
      'Goods',
      'Transit',
      'Health',
      'Money',
      'Care',
      'Education',
      'Work',
      'Legal',
    ]);

    const before = await t.snapshot();
    expect(await loadOpenEligibility(t.deps, systemActor(), OPEN_ELIGIBILITY_CSV)).toMatchObject({ created: 0, updated: 0, unchanged: 289 });
    const after = await t.snapshot();
    expect({ ...after.counts, audit_event: 0 }).toEqual({ ...before.counts, audit_event: 0 });
    const events = await t.deps.db.selectFrom('audit_event').select(['action', 'summary']).where('action', '=', 'directory.taxonomy_loaded').execute();
    expect(events.map((e) => JSON.parse(e.summary))).toEqual([
      { terms: 289, created: 289, updated: 0, unchanged: 0 },
      { terms: 289, created: 0, updated: 0, unchanged: 289 },
    ]);
  });

  it('updates a renamed term and refuses a broken file without loading any of it', async () => {
    const renamed = t.write('renamed.csv', 'id,name,parent_id\n1101,Emergencies,0\n1102,Food,0\n');
    expect(await loadOpenEligibility(t.deps, systemActor(), renamed)).toMatchObject({ terms: 2, created: 0, updated: 1, unchanged: 1 });
    const before = await t.snapshot();
    for (const content of [
      'id,name,parent_id\n1101,Emergency,0\n1101,Again,0\n',
      'id,name,parent_id\n1101,Emergency,9999\n',
      'id,name\n1,x\n',
      'id,name,parent_id\nabc,Food,0\n',
    ]) {
      try {
        await loadOpenEligibility(t.deps, systemActor(), t.write('bad.csv', content));
        throw new Error('expected a refusal');
      } catch (err) {
        expect(isAppError(err) && err.code).toBe('invalid_input');
      }
    }
    expect(await t.snapshot()).toEqual(before);
  });
});
