import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { HX_PLACES, loadHxPostcodes, makeDirectoryOrganisation, makeOrukService } from '../support/directory-factories.ts';

interface CliResultRow {
  id: string;
  externalId: string | null;
  name: string;
  score: number;
  reasons: string[];
}

describe.each(TEST_DIALECTS)('linkwork directory match on %s', (dialect) => {
  let db: CliDatabase;
  let dir: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await createCliDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-match-cli-'));
    const database = db.open();
    try {
      await migrateToLatest(database.db);
      await loadHxPostcodes(
        database.db,
        HX_PLACES.map((p) => p.postcode),
      );
      const org = await makeDirectoryOrganisation(database.db, 'Calderdale Voices');
      const advice = await makeDirectoryOrganisation(database.db, 'Calder Money Advice');
      ids['choir'] = (
        await makeOrukService(database.db, {
          organisationId: org.id,
          name: 'Community choir',
          description: 'A choir for lonely older people. Come and sing.',
          places: [HX_PLACES[1]],
        })
      ).id;
      ids['debt'] = (
        await makeOrukService(database.db, {
          organisationId: advice.id,
          name: 'Debt advice',
          description: 'Free debt advice for people who cannot pay their bills.',
          places: [HX_PLACES[0]],
        })
      ).id;
      ids['teen'] = (
        await makeOrukService(database.db, {
          organisationId: org.id,
          name: 'Youth choir',
          description: 'A choir for lonely young people who like to sing.',
          maximumAge: 18,
        })
      ).id;
      await database.db.updateTable('service').set({ external_id: 'feed-choir', source: 'calderdale' }).where('id', '=', ids['choir']).execute();
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('--json prints the contract array, best first, with the feed id as externalId', async () => {
    const r = await linkwork(db, ['directory', 'match', '--text', 'lonely, likes singing', '--postcode', 'HX1 1AA', '--age', '70', '--limit', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as CliResultRow[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['externalId', 'id', 'name', 'reasons', 'score']);
    expect(rows[0]).toMatchObject({ id: ids['choir'], externalId: 'feed-choir', name: 'Community choir' });
    expect(rows.map((x) => x.id)).not.toContain(ids['teen']); // too old for the youth choir
    expect(rows.map((x) => x.score)).toEqual([...rows.map((x) => x.score)].sort((a, b) => b - a));
    expect(rows[0]!.reasons.some((x) => x.endsWith(' km'))).toBe(true);
  }, 120_000);

  it('--queries runs a whole file in one process, one JSON line per query', async () => {
    const file = join(dir, 'queries.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'q1', text: "can't pay the bills" }),
        JSON.stringify({ id: 'q2', text: 'lonely and likes singing', age: 12 }),
        JSON.stringify({ id: 'q3', text: 'lonely', postcode: 'HX1' }),
      ].join('\n'),
    );
    const r = await linkwork(db, ['directory', 'match', '--queries', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; results: CliResultRow[] });
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q2', 'q3']);
    expect(lines[0]!.results[0]!.id).toBe(ids['debt']);
    expect(lines[1]!.results.map((x) => x.id)).toContain(ids['teen']);
    expect(lines[2]!.results.some((x) => x.reasons.some((y) => y.endsWith('(postcode district)')))).toBe(true);
  }, 120_000);

  it('without --json prints a readable list', async () => {
    const plain = await linkwork(db, ['directory', 'match', '--text', "can't pay the bills"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('Understood: Debt and money worries');
    expect(plain.stdout).toMatch(/^1\. Debt advice \(Calder Money Advice\)/m);
  }, 120_000);

  it('bad input is a coded error, exit 2', async () => {
    expectCodedError(await linkwork(db, ['directory', 'match', '--json']), 'invalid_input', 2);
    expectCodedError(await linkwork(db, ['directory', 'match', '--text', 'lonely', '--age', 'old']), 'invalid_input', 2);
    const badFile = join(dir, 'bad.jsonl');
    writeFileSync(badFile, '{"text":"no id"}\n');
    expectCodedError(await linkwork(db, ['directory', 'match', '--queries', badFile]), 'invalid_input', 2);
  }, 120_000);
});
