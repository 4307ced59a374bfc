import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { RETURN_SECTIONS, type QuarterlyReturn, type ReturnFigure } from '../../src/domain/insight/quarterly-return.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import type { Organisation } from '../../src/db/repositories/organisations/organisations.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { RETURN_CSV_COLUMNS } from '../../src/services/reports/shared/return-csv.ts';
import { returnSchemaErrors } from '../../src/services/reports/shared/return-schema.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeOrg, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';
import { insertEpisode, insertOutcomeScore, insertPerson } from './report-support.ts';

/**
 * The federated quarterly return (issue 11 part 5), on both databases.
 *
 * The world, 2026-Q3 (1 July – 30 September 2026; the test clock is 21 November 2026, so Q3 has
 * ended and Q4 has not). ICB → PCN A (a1, a2), PCN B (b1, b2).
 * - a1: 12 GP referrals for loneliness, allocated to a link worker, each with a UCLA3 baseline and
 *   final score (12 pairs, every one improved by 2 or 3 points);
 * - a2: 3 self-referrals for debt (a small cell: withheld, and the next-smallest with it);
 * - b1: 9 GP referrals.
 * Exact D1: source gp 21, self 3, total 24; PCN A: gp 12, self 3, total 15.
 */

interface Seeded {
  personIds: string[];
  episodeIds: string[];
  nhsNumbers: string[];
}

async function seedWorld(deps: ServiceDeps, w: { a1: Organisation; a2: Organisation; b1: Organisation }, linkWorkerId: string | null): Promise<Seeded> {
  const seeded: Seeded = { personIds: [], episodeIds: [], nhsNumbers: [] };
  const add = async (practice: Organisation, i: number, source: string, needs: string[], withOutcomes: boolean) => {
    const nhsNumber = `99900${String(seeded.personIds.length).padStart(5, '0')}`;
    const personId = await insertPerson(deps, { practiceId: practice.id, nhsNumber, sex: i % 2 === 0 ? 'female' : 'male' });
    const day = String(1 + (i % 28)).padStart(2, '0');
    const episodeId = await insertEpisode(deps, {
      personId,
      practiceId: practice.id,
      source,
      needs,
      createdAt: `2026-08-${day}T10:00:00.000Z`,
      linkWorkerId: source === 'gp' && practice === w.a1 ? linkWorkerId : null,
      status: 'active',
      contacts: [[`2026-09-${day}T10:00:00.000Z`, true, 'phone']],
    });
    if (withOutcomes) {
      await insertOutcomeScore(deps, {
        referralId: episodeId,
        personId,
        instrumentCode: 'ucla3',
        timepoint: 'baseline',
        administeredOn: `2026-08-${day}`,
        score: 7 + (i % 3),
      });
      await insertOutcomeScore(deps, {
        referralId: episodeId,
        personId,
        instrumentCode: 'ucla3',
        timepoint: 'final',
        administeredOn: '2026-09-29',
        score: 5 + (i % 2),
      });
    }
    seeded.personIds.push(personId);
    seeded.episodeIds.push(episodeId);
    seeded.nhsNumbers.push(nhsNumber);
  };
  for (let i = 0; i < 12; i += 1) await add(w.a1, i, 'gp', ['loneliness'], true);
  for (let i = 0; i < 3; i += 1) await add(w.a2, i, 'self', ['debt'], false);
  for (let i = 0; i < 9; i += 1) await add(w.b1, i, 'gp', ['loneliness'], false);
  return seeded;
}

const figuresOf = (r: QuarterlyReturn): ReturnFigure[] => r.sections.flatMap((s) => s.figures);
const figure = (r: QuarterlyReturn, metric: string, breakdown: string, group: string): ReturnFigure => {
  const f = figuresOf(r).find((x) => x.metric === metric && x.breakdown === breakdown && x.group === group);
  if (f === undefined) throw new Error(`no figure ${metric}/${breakdown}/${group}`);
  return f;
};

/** Every count released is 0 or a multiple of 5 from 10 up: never 1–7 (nor 8 or 9, which round to 10). */
function expectSuppressed(r: QuarterlyReturn): void {
  expect(r.disclosure).toBe('suppressed');
  const released = figuresOf(r).filter((f) => f.unit === 'count' && f.value !== null);
  expect(released.length).toBeGreaterThan(0);
  for (const f of released)
    expect(f.value === 0 || ((f.value ?? 0) >= 10 && (f.value ?? 0) % 5 === 0), `${f.metric}/${f.breakdown}/${f.group} = ${f.value}`).toBe(true);
}

/** The keys a return may hold (and the metric ids under `definitions`): nothing else, at any depth. */
const RETURN_KEYS = new Set([
  'schema',
  'period',
  'dates',
  'from',
  'to',
  'generatedAt',
  'deployment',
  'id',
  'name',
  'contributors',
  'organisations',
  'kind',
  'odsCode',
  'disclosure',
  'suppression',
  'suppressUpTo',
  'roundTo',
  'minPeopleForAverages',
  'definitions',
  'labels',
  'title',
  'definition',
  'version',
  'notes',
  'sections',
  'prsb',
  'figures',
  'report',
  'metric',
  'breakdown',
  'group',
  'unit',
  'value',
  'ci95Lower',
  'ci95Upper',
  'withheldReason',
]);

function walkKeys(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkKeys(v, `${path}/${i}`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!RETURN_KEYS.has(k) && !path.endsWith('/definitions') && !path.endsWith('/labels')) out.push(`${path}/${k}`);
      walkKeys(v, `${path}/${k}`, out);
    }
  }
}

describe.each(TEST_DIALECTS)('the quarterly return over HTTP on %s', (dialect) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let commissioner: Session;
  let pcnLead: Session;
  let linkWorker: Session;
  let seeded: Seeded;
  const staff: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world = await makeHierarchy(t.deps);
    const users = {
      commissioner: await makeUser(t.deps, 'commissioner', [world.icb]),
      pcnLead: await makeUser(t.deps, 'pcn_lead', [world.pcnA]),
      lw: await makeUser(t.deps, 'link_worker', [world.a1]),
    };
    for (const u of Object.values(users)) staff.push(u.id, u.email, u.displayName);
    commissioner = await sessionFor(t, users.commissioner.email);
    pcnLead = await sessionFor(t, users.pcnLead.email);
    linkWorker = await sessionFor(t, users.lw.email);
    seeded = await seedWorld(t.deps, world, users.lw.id);
  });
  afterAll(() => t.close());

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const returnAs = async (s: Session, query: string): Promise<QuarterlyReturn> => {
    const res = await get(s, `/api/v1/reports/return?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<QuarterlyReturn>();
  };

  it('gives a commissioner a file: valid against the schema, `schema` and `period` first, PRSB sections, suppressed', async () => {
    const res = await get(commissioner, '/api/v1/reports/return?period=2026-Q3');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="linkwork-return-2026-Q3-linkwork-[A-Z0-9]+\.json"$/);
    expect(res.body.startsWith('{\n  "schema": "https://linkwork.example/schemas/quarterly-return/v1.json",\n  "period": "2026-Q3",')).toBe(true);
    const r = res.json<QuarterlyReturn>();
    expect(returnSchemaErrors(r)).toEqual([]);
    expect(Object.keys(r).slice(0, 2)).toEqual(['schema', 'period']);
    expect(r.dates).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(r.deployment.id).toBe(`linkwork-${world.icb.odsCode}`);
    expect(r.sections.map((s) => s.id)).toEqual([...RETURN_SECTIONS]);
    expect(r.organisations.map((o) => [o.kind, o.odsCode]).sort()).toEqual(
      [world.icb, world.pcnA, world.pcnB, world.a1, world.a2, world.b1, world.b2].map((o) => [o.kind, o.odsCode]).sort(),
    );
    expectSuppressed(r);
    // Exact 21 GP, 3 self, 24 in all: rounded, withheld, rounded.
    expect(figure(r, 'D1', 'source', 'gp').value).toBe(20);
    expect(figure(r, 'D1', 'source', 'self')).toMatchObject({ value: null, withheldReason: 'small_number_suppressed' });
    expect(figure(r, 'D1', 'source', 'total').value).toBe(25);
    // The 3 cannot come back by subtraction: the zeros beside it are withheld too (the zero-cell rule).
    const line = figuresOf(r).filter((f) => f.metric === 'D1' && f.breakdown === 'source' && f.group !== 'total');
    expect(line.filter((f) => f.value !== null).map((f) => f.group)).toEqual(['gp']);
    expect(new Set(line.map((f) => f.withheldReason))).toEqual(new Set([null, 'small_number_suppressed', 'zero_beside_suppressed']));
    // Sections: needs by need; the outcome cohort (12 pairs → 10), its means released (≥ 10 pairs).
    expect(r.sections.find((s) => s.id === 'needs_and_concerns')?.figures.some((f) => f.metric === 'D1' && f.group === 'loneliness' && f.value === 20)).toBe(
      true,
    );
    const outcomes = r.sections.find((s) => s.id === 'outcomes')?.figures ?? [];
    // Wellbeing (O1) and the work report's outcomes (K3–K5: returns to work, still in work, fit notes).
    expect(outcomes.every((f) => (f.metric === 'O1' && f.report === 'outcomes') || (['K3', 'K4', 'K5'].includes(f.metric) && f.report === 'work'))).toBe(true);
    expect(outcomes.some((f) => f.metric === 'O1')).toBe(true);
    expect(figure(r, 'O1', 'ucla3@1:cohort', 'pairs').value).toBe(10);
    expect(figure(r, 'O1', 'ucla3@1:scores', 'mean_change').value).toBeLessThan(0);
    expect(r.labels[world.a1.odsCode ?? '']).toBe(world.a1.name);
    expect(Object.keys(r.definitions)).toEqual(expect.arrayContaining(['D1', 'F1', 'O1']));
    expect(r.definitions['D1']?.version).toBe('1');
  });

  it('holds no count 1–7 and nothing about a person or a member of staff, at any depth', async () => {
    const res = await get(commissioner, '/api/v1/reports/return?period=2026-Q3');
    const stray: string[] = [];
    walkKeys(res.json(), '', stray);
    expect(stray).toEqual([]);
    for (const secret of [...seeded.personIds, ...seeded.episodeIds, ...seeded.nhsNumbers, ...staff, 'Report', 'Tester']) {
      expect(res.body, `the return contains ${secret}`).not.toContain(secret);
    }
    // The workload report shows link workers one by one; the return keeps only the team's totals.
    const team = figuresOf(res.json<QuarterlyReturn>()).filter((f) => f.breakdown.includes('link_worker'));
    expect(team.length).toBeGreaterThan(0);
    expect(team.every((f) => f.group.split('|')[0] === 'total')).toBe(true);
  });

  it('is suppressed for a PCN lead too, though their screen shows exact figures, and cannot be asked for exact', async () => {
    const screen = await get(pcnLead, '/api/v1/reports/demand?period=2026-Q3');
    const exactSelf = screen.json<{ figures: ReturnFigure[] }>().figures.find((f) => f.metric === 'D1' && f.breakdown === 'source' && f.group === 'self');
    expect(exactSelf?.value).toBe(3);
    const r = await returnAs(pcnLead, 'period=2026-Q3');
    expect(returnSchemaErrors(r)).toEqual([]);
    expectSuppressed(r);
    expect(figure(r, 'D1', 'source', 'self').value).toBeNull();
    expect(figure(r, 'D1', 'source', 'total').value).toBe(15);
    expect(r.organisations.map((o) => o.odsCode).sort()).toEqual([world.pcnA, world.a1, world.a2].map((o) => o.odsCode).sort());
    const exact = await get(pcnLead, '/api/v1/reports/return?period=2026-Q3&disclosure=exact');
    expect(exact.statusCode).toBe(400);
  });

  it('--org picks an ICB or PCN in scope by ODS code; anything else is not_found', async () => {
    const a = await returnAs(commissioner, `period=2026-Q3&org=${world.pcnA.odsCode?.toLowerCase() ?? ''}`);
    expect(a.organisations.map((o) => o.odsCode).sort()).toEqual([world.pcnA, world.a1, world.a2].map((o) => o.odsCode).sort());
    expect(figure(a, 'D1', 'source', 'total').value).toBe(15);
    const icb = await returnAs(commissioner, `period=2026-Q3&org=${world.icb.odsCode ?? ''}`);
    expect(figure(icb, 'D1', 'source', 'total').value).toBe(25);
    expect((await get(commissioner, '/api/v1/reports/return?period=2026-Q3&org=ZZZ999')).json()).toMatchObject({ error: { code: 'not_found' } });
    const outOfScope = await get(pcnLead, `/api/v1/reports/return?period=2026-Q3&org=${world.pcnB.odsCode ?? ''}`);
    expect(outOfScope.statusCode).toBe(404);
  });

  it('refuses a quarter that is not one or has not ended', async () => {
    for (const q of ['period=2026-Q5', 'period=2026', 'period=2026-Q4', '']) {
      const res = await get(commissioner, `/api/v1/reports/return?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it('is tidy CSV too: the report columns with the quarter, deployment, section and report', async () => {
    const res = await get(commissioner, '/api/v1/reports/return.csv?period=2026-Q3');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="linkwork-return-2026-Q3-.+\.csv"$/);
    const rows = parse<Record<string, string>>(res.body, { columns: true });
    expect(Object.keys(rows[0] ?? {})).toEqual([...RETURN_CSV_COLUMNS]);
    const json = await returnAs(commissioner, 'period=2026-Q3');
    expect(rows).toHaveLength(figuresOf(json).length);
    expect(new Set(rows.map((r) => `${r['period']}/${r['disclosure']}`))).toEqual(new Set(['2026-Q3/suppressed']));
    const gp = rows.find((r) => r['metric'] === 'D1' && r['breakdown'] === 'source' && r['group'] === 'gp');
    expect(gp).toMatchObject({ section: 'demographics_and_access', report: 'demand', value: '20', definition_version: '1' });
    for (const r of rows.filter((x) => x['unit'] === 'count' && x['value'] !== ''))
      expect(['1', '2', '3', '4', '5', '6', '7', '8', '9']).not.toContain(r['value']);
  });

  it('is refused to a link worker, and every return and refusal is audited', async () => {
    const res = await get(linkWorker, '/api/v1/reports/return?period=2026-Q3');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
    const events = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'actor_role', 'summary'])
      .where((eb) => eb.or([eb('action', '=', 'report.return_generated'), eb('entity_id', '=', 'return')]))
      .orderBy('seq')
      .execute();
    const generated = events.filter((e) => e.action === 'report.return_generated');
    expect(generated.length).toBeGreaterThanOrEqual(6);
    expect(new Set(generated.map((e) => e.actor_role))).toEqual(new Set(['commissioner', 'pcn_lead']));
    expect(JSON.parse(generated[0]?.summary ?? '{}')).toMatchObject({ period: '2026-Q3', org: null, disclosure: 'suppressed' });
    const denied = events.filter((e) => e.action === 'access.denied');
    expect(denied.map((e) => [e.outcome, e.actor_role])).toContainEqual(['denied', 'link_worker']);
    expect(denied.some((e) => JSON.parse(e.summary ?? '{}').attempted === 'report.return_generated')).toBe(true);
  });
});

describe.each(TEST_DIALECTS)('linkwork report return on %s', (dialect) => {
  let db: CliDatabase;
  let dir: string;
  let world: Awaited<ReturnType<typeof makeHierarchy>>;
  let otherPcn: Organisation;
  let otherIcb: Organisation;

  beforeAll(async () => {
    db = await createCliDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-return-'));
    const migrated = await linkwork(db, ['migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    const database = db.open();
    try {
      const config = parseConfig({ NODE_ENV: 'test', LINKWORK_DEMO: '0', LINKWORK_DB: 'unused', LINKWORK_LOG_LEVEL: 'silent' });
      const deps = { ...serviceDeps(database, config), clock: systemClock };
      world = await makeHierarchy(deps);
      // A second ICB in the same deployment, so the first ICB is not everything: built per PCN and merged.
      otherIcb = await makeOrg(deps, 'icb');
      otherPcn = await makeOrg(deps, 'pcn', otherIcb);
      const c1 = await makeOrg(deps, 'practice', otherPcn, { listSize: 5000 });
      await seedWorld(deps, world, null);
      for (let i = 0; i < 10; i += 1) {
        const personId = await insertPerson(deps, { practiceId: c1.id });
        await insertEpisode(deps, { personId, practiceId: c1.id, createdAt: '2026-07-15T10:00:00.000Z' });
      }
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  it('writes the return and its CSV; always suppressed for the operator too', async () => {
    const r = await linkwork(db, [
      'report',
      'return',
      '--period',
      '2026-Q3',
      '--out',
      join(dir, 'q3.json'),
      '--csv',
      join(dir, 'q3.csv'),
      '--deployment',
      'calderdale-test',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Wrote the 2026-Q3 return of calderdale-test to .*q3\.json and .*q3\.csv\n {2}\d+ figures \(\d+ withheld\) for 10 organisations; suppressed\n/,
    );
    const ret = JSON.parse(read('q3.json')) as QuarterlyReturn;
    expect(returnSchemaErrors(ret)).toEqual([]);
    expect(Object.keys(ret).slice(0, 2)).toEqual(['schema', 'period']);
    expect(ret.deployment).toEqual({ id: 'calderdale-test', name: 'calderdale-test' });
    expectSuppressed(ret);
    expect(figure(ret, 'D1', 'source', 'self').value).toBeNull();
    expect(figure(ret, 'D1', 'source', 'total').value).toBe(35); // 24 + 10 = 34
    const rows = parse<Record<string, string>>(read('q3.csv'), { columns: true });
    expect(rows).toHaveLength(figuresOf(ret).length);
    expect(new Set(rows.map((x) => x['deployment']))).toEqual(new Set(['calderdale-test']));
    expect(readdirSync(dir).sort()).toEqual(['q3.csv', 'q3.json']);
  });

  it('--json prints the summary; --org an ICB that is not the whole deployment merges its PCNs as a hub would', async () => {
    const r = await linkwork(db, ['report', 'return', '--period', '2026-Q3', '--org', world.icb.odsCode ?? '', '--out', join(dir, 'icb.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ period: '2026-Q3', deployment: `linkwork-${world.icb.odsCode}`, organisations: 7, csv: null });
    const ret = JSON.parse(read('icb.json')) as QuarterlyReturn;
    expect(returnSchemaErrors(ret)).toEqual([]);
    expect(ret.deployment.contributors).toBeUndefined();
    expect(ret.organisations.map((o) => o.odsCode)).not.toContain(otherPcn.odsCode);
    // PCN A: 15 (exact 15); PCN B: 10 (exact 9): 25, added from the PCNs' suppressed returns.
    expect(figure(ret, 'D1', 'source', 'total').value).toBe(25);
    expect(figure(ret, 'F2', 'measure', 'first_contact_median')).toMatchObject({ value: null });
    expect(ret.notes.some((n) => n.includes('merge of its PCNs'))).toBe(true);
    const pcn = await linkwork(db, ['report', 'return', '--period', '2026-Q3', '--org', otherPcn.odsCode ?? '', '--out', join(dir, 'pcn.json')]);
    expect(pcn.code, pcn.stderr).toBe(0);
    expect(figure(JSON.parse(read('pcn.json')) as QuarterlyReturn, 'D1', 'source', 'total').value).toBe(10);
  });

  it('says what is wrong in one coded line and writes nothing: a bad quarter, an unknown org, a path it cannot write', async () => {
    const before = readdirSync(dir).sort();
    const out = join(dir, 'bad.json');
    expectCodedError(await linkwork(db, ['report', 'return', '--period', '2026-Q5', '--out', out]), 'invalid_input', 2);
    expectCodedError(await linkwork(db, ['report', 'return', '--period', '2099-Q1', '--out', out]), 'invalid_input', 2);
    const unknown = await linkwork(db, ['report', 'return', '--period', '2026-Q3', '--org', 'ZZZ999', '--out', out]);
    expectCodedError(unknown, 'not_found', 1);
    const missing = await linkwork(db, ['report', 'return', '--period', '2026-Q3', '--out', join(dir, 'no-such-folder', 'x.json')]);
    expectCodedError(missing, 'invalid_input', 2);
    expect(missing.stderr).toContain('Cannot write x.json');
    expectCodedError(await linkwork(db, ['report', 'return', '--period', '2026-Q3', '--out', dir]), 'invalid_input', 2);
    expectCodedError(await linkwork(db, ['report', 'return', '--period', '2026-Q3', '--out', out, '--csv', out]), 'invalid_input', 2);
    const noOut = await linkwork(db, ['report', 'return', '--period', '2026-Q3']);
    expect(noOut.code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('audits each return as the operator', async () => {
    const database = db.open();
    try {
      const rows = await database.db
        .selectFrom('audit_event')
        .select(['action', 'actor_role', 'summary'])
        .where('action', '=', 'report.return_generated')
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.actor_role)).toEqual(['system:cli', 'system:cli', 'system:cli']);
      expect(rows.map((r) => JSON.parse(r.summary ?? '{}').deployment)).toEqual([
        'calderdale-test',
        `linkwork-${world.icb.odsCode}`,
        `linkwork-${otherPcn.odsCode}`,
      ]);
    } finally {
      await database.close();
    }
  });
});
