import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, DEFAULT_SERVICE_CONFIG } from '../../src/services/kernel/context.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { createOrganisation } from '../../src/services/organisations/create-organisation.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';

// The command line runs on the real clock: a search 40 days ago (an extract may not be from the future).
const EXTRACT_DATE = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);

describe.each(TEST_DIALECTS)('linkwork practice-data on %s', (dialect) => {
  let db: CliDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-practice-cli-'));
    expect((await linkwork(db, ['migrate'])).code).toBe(0);
    const database = db.open();
    try {
      const deps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
      const actor = systemActor('test');
      const icb = await createOrganisation(deps, actor, { kind: 'icb', name: 'CLI ICB', odsCode: 'QCL' });
      const pcn = await createOrganisation(deps, actor, { kind: 'pcn', name: 'CLI PCN', odsCode: 'U88888', parentId: icb.id });
      for (const ods of ['C81001', 'C81002'])
        await createOrganisation(deps, actor, { kind: 'practice', name: `Practice ${ods}`, odsCode: ods, parentId: pcn.id });
    } finally {
      await database.close();
    }
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates both files, imports them (--json), lists the extracts, re-imports as a replacement and purges', async () => {
    const gen = await linkwork(db, [
      'practice-data',
      'generate',
      '--out',
      dir,
      '--practices',
      'C81001,C81002',
      '--people',
      '150',
      '--years',
      '2',
      '--extract-date',
      EXTRACT_DATE,
      '--seed',
      '7',
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/^Wrote 300 people and [\d,]+ events \(\d+ referred\) to /);
    const people = join(dir, 'people.csv');
    const events = join(dir, 'events.csv');
    const eventRows = readFileSync(events, 'utf8').trim().split('\n').length - 1;

    const run = await linkwork(db, ['practice-data', 'import', '--people', people, '--events', events, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const s = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(s).toEqual({
      extracts: [
        { practice: 'C81001', extractDate: EXTRACT_DATE, people: 150, events: expect.any(Number), replaced: false },
        { practice: 'C81002', extractDate: EXTRACT_DATE, people: 150, events: expect.any(Number), replaced: false },
      ],
      people: 300,
      events: eventRows,
      peopleWithLsoa: 0,
      purged: { extracts: 0, people: 0, events: 0 },
      seconds: expect.any(Number),
      cpuSeconds: expect.any(Number),
    });
    expect(run.stderr).toMatch(/practice data: [\d,]+ rows \([\d,]+\/s\) done\n$/);

    const again = await linkwork(db, ['practice-data', 'import', '--people', people, '--events', events]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`^Imported 2 practice extracts in \\d+\\.\\ds\\n {2}C81001 ${EXTRACT_DATE}: 150 people, [\\d,]+ events \\(replacing its earlier import\\)\\n`),
    );

    const list = await linkwork(db, ['practice-data', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(
      (JSON.parse(list.stdout) as { extracts: { practice: string; people: number; current: boolean }[] }).extracts.map((e) => [
        e.practice,
        e.people,
        e.current,
      ]),
    ).toEqual([
      ['C81001', 150, true],
      ['C81002', 150, true],
    ]);
    const text = await linkwork(db, ['practice-data', 'list']);
    expect(text.stdout).toMatch(new RegExp(`^practice +extract +people +events +current\\nC81001 +${EXTRACT_DATE} +150 +[\\d,]+ +yes\\n`));

    // With a retention of 30 days, the 40-day-old extracts are past it.
    const purge = await linkwork(db, ['practice-data', 'purge', '--json'], { env: { LINKWORK_PRACTICE_DATA_RETENTION_DAYS: '30' } });
    expect(purge.code, purge.stderr).toBe(0);
    expect(JSON.parse(purge.stdout)).toEqual({ extracts: 2, people: 300, events: eventRows, retentionDays: 30 });
    expect((await linkwork(db, ['practice-data', 'list'])).stdout).toBe('No practice data stored (linkwork practice-data import)\n');

    // Retention also runs by itself after every import: with 30 days, this import's own extracts go at once.
    const short = await linkwork(db, ['practice-data', 'import', '--people', people, '--events', events, '--json'], {
      env: { LINKWORK_PRACTICE_DATA_RETENTION_DAYS: '30' },
    });
    expect(short.code, short.stderr).toBe(0);
    expect(JSON.parse(short.stdout)).toMatchObject({ people: 300, purged: { extracts: 2, people: 300, events: eventRows } });
    expect((await linkwork(db, ['practice-data', 'list'])).stdout).toBe('No practice data stored (linkwork practice-data import)\n');
  });

  it('a bad file is one coded line naming file, line and column, exit 2, and nothing is stored', async () => {
    const people = join(dir, 'people.csv');
    const events = join(dir, 'events.csv');
    writeFileSync(
      people,
      `nhs_number,practice_ods,date_of_birth,sex,ethnicity,postcode,ltc_registers,palliative,do_not_contact,extract_date\n9990000018,C81001,1970-01-01,F,A,HX1 1AA,HYP,N,N,${EXTRACT_DATE}\n`,
    );
    writeFileSync(events, 'nhs_number,date,kind,end_date,fitness,role\n9990000018,2026-01-01,appointment,,,\n');
    const r = await linkwork(db, ['practice-data', 'import', '--people', people, '--events', events]);
    expectCodedError(r, 'invalid_input', 2);
    expect(r.stderr).toContain(`${events} line 2, column role: an appointment needs the role it was with`);
    expect(r.stderr).not.toContain('9990000018');
    expect((await linkwork(db, ['practice-data', 'list'])).stdout).toBe('No practice data stored (linkwork practice-data import)\n');
    const usage = await linkwork(db, ['practice-data', 'import', '--people', people]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--events <file>' not specified");
  });
});
