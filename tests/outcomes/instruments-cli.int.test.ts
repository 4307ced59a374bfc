import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreAdministration } from '../../src/domain/instruments/index.ts';
import { findInstrument } from '../../src/services/outcomes/shared/outcome-records.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';

/**
 * `linkwork instruments load` run for real: the synthetic pack is installed and then scores with
 * its conversion table; loading it again changes nothing; a broken pack lists its coded issues,
 * exits 2 and installs nothing; `instruments list` shows the expired pack as expired.
 */
describe.each(TEST_DIALECTS)('linkwork instruments on %s', (dialect) => {
  let db: CliDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createCliDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-packs-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('loads the synthetic pack, which then scores through its conversion table', async () => {
    const r = await linkwork(db, ['instruments', 'load', 'packs/synthetic-wellbeing-pack.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Installed: synthetic-wellbeing 1\.0 .*licence expires 2099-12-31\nchecksum [0-9a-f]{64}\n$/);
    const again = await linkwork(db, ['instruments', 'load', 'packs/synthetic-wellbeing-pack.json']);
    expect(again.stdout).toMatch(/^Already installed \(unchanged\)/);
    const database = db.open();
    try {
      const def = await findInstrument(database.db, 'synthetic-wellbeing');
      expect(def?.scoring.method).toBe('conversion_table');
      const s = scoreAdministration(def!, { teapot: 5, spout: 5, biscuit: 5, kettle: 4, cosy: 5 });
      expect([s.total, s.metric, s.band?.code]).toEqual([24, 30.2, 'piping_hot']);
      const audit = await database.db.selectFrom('audit_event').select(['action', 'outcome', 'actor_role']).where('action', '=', 'instrument.loaded').execute();
      expect(audit).toHaveLength(2);
    } finally {
      await database.close();
    }
  });

  it('a broken pack lists coded issues, exits 2 and installs nothing; a missing or non-JSON file is a coded error', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        format: 'linkwork-instrument-pack',
        formatVersion: 1,
        instrument: {
          code: 'broken',
          version: '1',
          name: 'Broken',
          items: [
            { id: 'a', text: 'A' },
            { id: 'a', text: 'B' },
          ],
          options: [
            { value: 0, label: 'No' },
            { value: 1, label: 'Yes' },
          ],
          scoring: { method: 'conversion_table', table: [{ raw: 0, metric: 1 }] },
          direction: 'higher_is_better',
          licence: { kind: 'licensed', holder: 'Nobody', terms: 'None', expiresOn: '2099-01-01' },
        },
      }),
    );
    const r = await linkwork(db, ['instruments', 'load', broken]);
    expectCodedError(r, 'invalid_input', 2);
    expect(r.stderr).toContain('[duplicate_item_id] items[1].id');
    expect(r.stderr).toContain('[table_missing_raw] scoring.table');
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ this is not json');
    expectCodedError(await linkwork(db, ['instruments', 'load', notJson]), 'invalid_input', 2);
    expectCodedError(await linkwork(db, ['instruments', 'load', join(dir, 'missing.json')]), 'invalid_input', 2);
    const database = db.open();
    try {
      expect((await database.db.selectFrom('instrument_pack').select('code').execute()).map((p) => p.code)).toEqual(['synthetic-wellbeing']);
    } finally {
      await database.close();
    }
  });

  it('lists built-in instruments and packs, the expired one marked', async () => {
    expect((await linkwork(db, ['instruments', 'load', 'packs/synthetic-expired-pack.json'])).stdout).toContain('EXPIRED');
    const r = await linkwork(db, ['instruments', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 4));
    expect(lines).toEqual([
      ['ons4', '1', 'built_in', 'open'],
      ['ons-loneliness', '1', 'built_in', 'open'],
      ['ucla3', '1', 'built_in', 'open'],
      ['pam', '1', 'built_in', 'external_score'],
      ['synthetic-expired', '1.0', 'pack', 'expired 2020-01-31'],
      ['synthetic-wellbeing', '1.0', 'pack', 'licensed until 2099-12-31'],
    ]);
  });
});
