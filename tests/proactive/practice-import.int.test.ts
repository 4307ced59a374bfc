import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { isAppError } from '../../src/domain/errors.ts';
import type { Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { importNspl } from '../../src/services/geo/import-nspl.ts';
import { importPracticeData, type PracticeImportSummary } from '../../src/services/proactive/import-practice-data.ts';
import { listPracticeExtracts } from '../../src/services/proactive/list-practice-extracts.ts';
import { purgePracticeData } from '../../src/services/proactive/purge-practice-data.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../support/databases.ts';
import { makeHierarchy } from '../support/factories.ts';
import { TEST_START } from '../support/test-clock.ts';
import { NSPL_HEADER, nsplRow } from '../geo/geo-support.ts';
import { EVENTS_HEADER, eventLine, PEOPLE_HEADER, personLine, practiceDataSnapshot, testNhs } from './practice-data-support.ts';

const operator = systemActor();

describe.each(TEST_DIALECTS)('practice data import on %s', (dialect) => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let clock: ReturnType<typeof fixedClock>;
  let dir: string;
  let a1: Organisation;
  let a2: Organisation;
  let n = 0;
  const write = (content: string): string => {
    const path = join(dir, `file-${++n}.csv`);
    writeFileSync(path, content);
    return path;
  };
  const ods = (o: Organisation): string => o.odsCode ?? '';

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = fixedClock(TEST_START);
    deps = { db: database.db, dialect: database.dialect, clock, config: DEFAULT_SERVICE_CONFIG };
    dir = mkdtempSync(join(tmpdir(), 'linkwork-practice-'));
    ({ a1, a2 } = await makeHierarchy(deps));
    // Two postcodes the directory places in LSOAs; a third it does not hold.
    await importNspl(
      deps,
      operator,
      write([NSPL_HEADER, nsplRow('HX1 1AA', 'E01010994', 53.72, -1.86), nsplRow('HX3 5QT', 'E01011000', 53.7, -1.84)].join('\n')),
    );
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A good pair of files: three people at two practices, and their events. */
  function goodFiles(extractDate = '2026-11-01'): { people: string; events: string } {
    const people = [
      PEOPLE_HEADER,
      personLine({ nhs: testNhs(1), ods: ods(a1), postcode: 'hx11aa', ltc: 'DM;HYP', sex: 'Male', extractDate }),
      personLine({ nhs: testNhs(2), ods: ods(a1), postcode: 'HX3 5QT', dob: '02/03/1960', palliative: 'Y', extractDate }),
      personLine({ nhs: testNhs(3), ods: ods(a2), postcode: 'LS1 1UR', ethnicity: 'Z', dnc: 'Y', extractDate }),
    ].join('\n');
    const events = [
      EVENTS_HEADER,
      eventLine(testNhs(1), '2026-01-05', 'appointment', { role: 'gp' }),
      // Two GP appointments on one day are two events, not a repeat.
      eventLine(testNhs(1), '2026-01-05', 'appointment', { role: 'gp' }),
      eventLine(testNhs(1), '2026-02-01', 'fit_note', { end: '2026-02-28', fitness: 'not_fit' }),
      eventLine(testNhs(2), '10/03/2026', 'dna', { role: 'nurse' }),
      eventLine(testNhs(2), '2026-04-01', 'sp_referral'),
      eventLine(testNhs(3), '2026-05-01', 'health_check', { role: 'nurse' }),
    ].join('\r\n');
    return { people: write(people), events: write(events) };
  }

  const count = async (table: 'practice_extract' | 'practice_person' | 'practice_event' | 'audit_event') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports both files as one extract per practice, placing postcodes in LSOAs, audited with coded values only', async () => {
    const s = await importPracticeData(deps, operator, goodFiles());
    expect(s).toEqual({
      extracts: [
        { extractId: expect.any(String), practice: ods(a1), extractDate: '2026-11-01', people: 2, events: 5, replaced: false },
        { extractId: expect.any(String), practice: ods(a2), extractDate: '2026-11-01', people: 1, events: 1, replaced: false },
      ],
      people: 3,
      events: 6,
      peopleWithLsoa: 2,
    } satisfies PracticeImportSummary);
    const people = await database.db
      .selectFrom('practice_person')
      .select([
        'nhs_number',
        'practice_id',
        'date_of_birth',
        'sex',
        'ethnicity',
        'postcode',
        'lsoa',
        'ltc_registers',
        'ltc_count',
        'palliative',
        'do_not_contact',
      ])
      .orderBy('nhs_number')
      .execute();
    expect(people.map((p) => ({ ...p, ltc_count: Number(p.ltc_count), palliative: Number(p.palliative), do_not_contact: Number(p.do_not_contact) }))).toEqual([
      {
        nhs_number: testNhs(1),
        practice_id: a1.id,
        date_of_birth: '1975-06-01',
        sex: 'male',
        ethnicity: 'A',
        postcode: 'HX1 1AA',
        lsoa: 'E01010994',
        ltc_registers: 'HYP;DM',
        ltc_count: 2,
        palliative: 0,
        do_not_contact: 0,
      },
      {
        nhs_number: testNhs(2),
        practice_id: a1.id,
        date_of_birth: '1960-03-02',
        sex: 'female',
        ethnicity: 'A',
        postcode: 'HX3 5QT',
        lsoa: 'E01011000',
        ltc_registers: '',
        ltc_count: 0,
        palliative: 1,
        do_not_contact: 0,
      },
      {
        nhs_number: testNhs(3),
        practice_id: a2.id,
        date_of_birth: '1975-06-01',
        sex: 'female',
        ethnicity: null,
        postcode: 'LS1 1UR',
        lsoa: null,
        ltc_registers: '',
        ltc_count: 0,
        palliative: 0,
        do_not_contact: 1,
      },
    ]);
    const events = await database.db
      .selectFrom('practice_event as e')
      .innerJoin('practice_person as p', 'p.id', 'e.person_id')
      .select(['p.nhs_number', 'e.date', 'e.kind', 'e.end_date', 'e.fitness', 'e.role'])
      .where('e.kind', 'in', ['fit_note', 'dna', 'health_check'])
      .orderBy('e.date')
      .execute();
    expect(events).toEqual([
      { nhs_number: testNhs(1), date: '2026-02-01', kind: 'fit_note', end_date: '2026-02-28', fitness: 'not_fit', role: null },
      { nhs_number: testNhs(2), date: '2026-03-10', kind: 'dna', end_date: null, fitness: null, role: 'nurse' },
      // A role on a health check is ignored (only appointments have one).
      { nhs_number: testNhs(3), date: '2026-05-01', kind: 'health_check', end_date: null, fitness: null, role: null },
    ]);
    const audit = await database.db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'entity_id'])
      .where('action', '=', 'practice_data.imported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toEqual({ practices: [ods(a1), ods(a2)], extractDate: '2026-11-01', people: 3, events: 6, replaced: 0 });
    expect(audit[0]?.summary).not.toContain(testNhs(1));
  });

  it('re-importing the same extract replaces it (same ids, same counts); another date is another extract', async () => {
    const first = await importPracticeData(deps, operator, goodFiles());
    const before = { people: await count('practice_person'), events: await count('practice_event'), extracts: await count('practice_extract') };
    const again = await importPracticeData(deps, operator, goodFiles());
    expect(again.extracts).toEqual(first.extracts.map((e) => ({ ...e, replaced: true })));
    expect({ people: await count('practice_person'), events: await count('practice_event'), extracts: await count('practice_extract') }).toEqual(before);
    const audit = await database.db.selectFrom('audit_event').select('summary').where('action', '=', 'practice_data.imported').orderBy('seq').execute();
    expect(JSON.parse(audit[1]?.summary ?? '{}')).toMatchObject({ replaced: 2 });

    const later = await importPracticeData(deps, operator, goodFiles('2026-11-15'));
    expect(later.extracts.map((e) => [e.practice, e.extractDate, e.replaced])).toEqual([
      [ods(a1), '2026-11-15', false],
      [ods(a2), '2026-11-15', false],
    ]);
    expect(await count('practice_extract')).toBe(4);
    expect(await count('practice_person')).toBe(6);
    // The listing marks each practice's latest extract as current.
    const list = await listPracticeExtracts(deps, operator);
    expect(list.map((e) => [e.practiceOds, e.extractDate, e.people, e.events, e.current])).toEqual(
      [
        [ods(a1), '2026-11-15', 2, 5, true],
        [ods(a1), '2026-11-01', 2, 5, false],
        [ods(a2), '2026-11-15', 1, 1, true],
        [ods(a2), '2026-11-01', 1, 1, false],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
  });

  /** Each bad pair of files: what it breaks, the reason, and what the message must name. */
  const badCases: {
    name: string;
    files: () => { people: string; events: string };
    reason: string;
    names: RegExp;
  }[] = [
    {
      name: 'a required column missing',
      files: () => ({
        people: write(
          [
            'nhs_number,practice_ods,date_of_birth,ethnicity,postcode,ltc_registers,palliative,do_not_contact,extract_date',
            `${testNhs(7)},${ods(a1)},1970-01-01,A,,,N,N,2026-11-01`,
          ].join('\n'),
        ),
        events: write(EVENTS_HEADER),
      }),
      reason: 'missing_column',
      names: /line 1: the header has no sex column/,
    },
    {
      name: 'the wrong file given as events (people columns)',
      files: () => ({ people: goodFiles().people, events: write([PEOPLE_HEADER, personLine({ nhs: testNhs(1), ods: ods(a1) })].join('\n')) }),
      reason: 'missing_column',
      names: /line 1: the header has no date, kind columns/,
    },
    {
      name: 'an impossible date of birth',
      files: () => ({
        people: write([PEOPLE_HEADER, personLine({ nhs: testNhs(7), ods: ods(a1), dob: '31/02/1970' })].join('\n')),
        events: write(EVENTS_HEADER),
      }),
      reason: 'invalid_row',
      names: /line 2, column date_of_birth: not a date/,
    },
    {
      name: 'an event after the extract date',
      files: () => {
        const g = goodFiles();
        return { people: g.people, events: write([EVENTS_HEADER, eventLine(testNhs(1), '2026-11-02', 'appointment', { role: 'gp' })].join('\n')) };
      },
      reason: 'invalid_row',
      names: /line 2, column date: is after the extract date/,
    },
    {
      name: 'an invalid NHS number',
      files: () => ({
        people: write([PEOPLE_HEADER, personLine({ nhs: testNhs(7), ods: ods(a1) }), personLine({ nhs: '9990000019', ods: ods(a1) })].join('\n')),
        events: write(EVENTS_HEADER),
      }),
      reason: 'invalid_row',
      names: /line 3, column nhs_number: not a valid NHS number/,
    },
    {
      name: 'a person twice',
      files: () => ({
        people: write(
          [
            PEOPLE_HEADER,
            personLine({ nhs: testNhs(7), ods: ods(a1) }),
            personLine({ nhs: testNhs(8), ods: ods(a1) }),
            personLine({ nhs: testNhs(7), ods: ods(a2) }),
          ].join('\n'),
        ),
        events: write(EVENTS_HEADER),
      }),
      reason: 'duplicate_row',
      names: /line 4, column nhs_number: the same NHS number as line 2/,
    },
    {
      name: 'a fit note twice',
      files: () => {
        const g = goodFiles();
        const note = eventLine(testNhs(2), '2026-06-01', 'fit_note', { end: '2026-06-14', fitness: 'may_be_fit' });
        return { people: g.people, events: write([EVENTS_HEADER, note, eventLine(testNhs(1), '2026-06-01', 'sp_referral'), note].join('\n')) };
      },
      reason: 'duplicate_row',
      names: /line 4: repeats line 2 exactly/,
    },
    {
      name: 'a practice that is not one here',
      files: () => ({
        people: write([PEOPLE_HEADER, personLine({ nhs: testNhs(7), ods: ods(a1) }), personLine({ nhs: testNhs(8), ods: 'Z99999' })].join('\n')),
        events: write(EVENTS_HEADER),
      }),
      reason: 'unknown_practice',
      names: /line 3, column practice_ods: Z99999 is not a practice/,
    },
    {
      name: 'an event for someone not in people.csv',
      files: () => {
        const g = goodFiles();
        return {
          people: g.people,
          events: write(
            [
              EVENTS_HEADER,
              eventLine(testNhs(1), '2026-01-05', 'appointment', { role: 'gp' }),
              eventLine(testNhs(9), '2026-01-05', 'dna', { role: 'gp' }),
            ].join('\n'),
          ),
        };
      },
      reason: 'unknown_person',
      names: /line 3, column nhs_number: this NHS number is not in/,
    },
    {
      name: 'two extract dates in one people file',
      files: () => ({
        people: write(
          [PEOPLE_HEADER, personLine({ nhs: testNhs(7), ods: ods(a1) }), personLine({ nhs: testNhs(8), ods: ods(a1), extractDate: '2026-10-01' })].join('\n'),
        ),
        events: write(EVENTS_HEADER),
      }),
      reason: 'mixed_extract_dates',
      names: /line 3, column extract_date/,
    },
  ];

  for (const c of badCases) {
    it(`refuses ${c.name}, naming the place, and leaves stored data exactly as it was`, async () => {
      // A previous extract of the same practice and date: a refused re-import must not touch it.
      await importPracticeData(deps, operator, goodFiles());
      const before = await practiceDataSnapshot(database.db);
      const files = c.files();
      const err: unknown = await importPracticeData(deps, operator, files).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAppError(err), String(err)).toBe(true);
      if (!isAppError(err)) return;
      expect(err.code).toBe('invalid_input');
      expect(err.details?.reason).toBe(c.reason);
      expect(err.message).toMatch(c.names);
      // The message names the file it is about, and quotes no NHS number.
      expect(err.message.includes(files.people) || err.message.includes(files.events)).toBe(true);
      expect(err.message).not.toMatch(/999\d{7}/);
      expect(JSON.stringify(err.details)).not.toMatch(/999\d{7}/);
      expect(await practiceDataSnapshot(database.db)).toEqual(before);
      expect(await count('practice_extract')).toBe(2);
    });
  }

  it('retention: keeps each practice’s latest two extracts, and none older than the retention period', async () => {
    await importPracticeData(deps, operator, goodFiles('2026-09-01'));
    await importPracticeData(deps, operator, goodFiles('2026-10-01'));
    await importPracticeData(deps, operator, goodFiles('2026-11-01'));
    expect(await count('practice_extract')).toBe(6);
    const purged = await purgePracticeData(deps, operator);
    expect(purged).toEqual({ extracts: 2, people: 3, events: 6, retentionDays: 400 });
    expect((await listPracticeExtracts(deps, operator)).map((e) => e.extractDate)).toEqual(['2026-11-01', '2026-10-01', '2026-11-01', '2026-10-01']);
    // Nothing more is due today.
    expect(await purgePracticeData(deps, operator)).toMatchObject({ extracts: 0 });

    // 400 days after 2026-10-01 is 2027-11-05: then only the 2026-11-01 extracts remain; 400 days after that, none.
    clock.set(new Date('2027-11-05T09:00:00Z'));
    expect(await purgePracticeData(deps, operator)).toMatchObject({ extracts: 0 });
    clock.set(new Date('2027-11-06T09:00:00Z'));
    expect(await purgePracticeData(deps, operator)).toMatchObject({ extracts: 2, people: 3, events: 6 });
    clock.set(new Date('2027-12-07T09:00:00Z'));
    expect(await purgePracticeData(deps, operator)).toMatchObject({ extracts: 2 });
    expect([await count('practice_extract'), await count('practice_person'), await count('practice_event')]).toEqual([0, 0, 0]);

    // Audited with counts only.
    const audit = await database.db.selectFrom('audit_event').select('summary').where('action', '=', 'practice_data.purged').orderBy('seq').execute();
    expect(audit.map((a) => JSON.parse(a.summary) as unknown)).toEqual([
      { extracts: 2, people: 3, events: 6, retentionDays: 400 },
      { extracts: 0, people: 0, events: 0, retentionDays: 400 },
      { extracts: 0, people: 0, events: 0, retentionDays: 400 },
      { extracts: 2, people: 3, events: 6, retentionDays: 400 },
      { extracts: 2, people: 3, events: 6, retentionDays: 400 },
    ]);
  });

  it('retention follows the configured period', async () => {
    await importPracticeData(deps, operator, goodFiles('2026-11-01'));
    const short = { ...deps, config: { ...DEFAULT_SERVICE_CONFIG, practiceDataRetentionDays: 10 } };
    clock.set(new Date('2026-11-11T09:00:00Z'));
    expect(await purgePracticeData(short, operator)).toMatchObject({ extracts: 0, retentionDays: 10 });
    clock.set(new Date('2026-11-12T09:00:00Z'));
    expect(await purgePracticeData(short, operator)).toMatchObject({ extracts: 2, retentionDays: 10 });
  });
});
