import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName } from '../../src/domain/duplicates.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { createPerson } from '../../src/services/people/create-person.ts';
import { makeReferral } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, nextNhsNumber, type Casework } from './case-support.ts';

/**
 * Jo's caseload: her own open cases, filtered, sorted and searched by name (accents and case
 * folded), NHS number or reference; a lead sees the PCN or one link worker's; nobody sees past
 * their scope, and the search text never reaches the audit trail.
 */
describe.each(TEST_DIALECTS)('caseload on %s', (dialect) => {
  let w: Casework;
  const cases: Record<string, { id: string; reference: string; nhsNumber: string }> = {};

  const person = async (givenName: string, familyName: string, ods: string, folded: boolean) => {
    const practice = await w.org(ods);
    const nhsNumber = nextNhsNumber();
    const p = await createPerson(w.t.deps, systemActor('test'), { givenName, familyName, dateOfBirth: '1950-05-05', practiceId: practice.id, nhsNumber });
    // Some rows carry the folded name (as the person use cases write it), some predate it.
    if (folded)
      await w.t.database.db
        .updateTable('person')
        .set({ name_folded: foldName(givenName, familyName) })
        .where('id', '=', p.id)
        .execute();
    return { ...p, nhsNumber };
  };
  const open = async (
    key: string,
    given: string,
    family: string,
    opts: { ods?: string; status?: string; lw?: 'jo' | 'amira'; folded?: boolean; review?: string } = {},
  ) => {
    const p = await person(given, family, opts.ods ?? 'X99001', opts.folded ?? false);
    const { id } = await makeReferral(w.t.deps, p, { status: opts.status ?? 'active', linkWorkerId: w.user[opts.lw ?? 'jo'] });
    if (opts.review !== undefined) await w.t.database.db.updateTable('referral').set({ next_review_on: opts.review }).where('id', '=', id).execute();
    const r = await w.t.database.db.selectFrom('referral').select('reference').where('id', '=', id).executeTakeFirstOrThrow();
    cases[key] = { id, reference: r.reference, nhsNumber: p.nhsNumber };
  };

  beforeAll(async () => {
    w = await casework(dialect);
    await open('zoe', 'Zoë', "O'Brien", { folded: true, review: '2026-12-10' });
    await open('ada', 'Ada', 'Hartwell', { review: '2026-12-01' });
    await open('bob', 'Bob', 'Ackroyd', { ods: 'X99002', status: 'contacting' });
    await open('old', 'Olive', 'Oldroyd', { status: 'discharged' });
    await open('amira', 'Anne', 'Aspinall', { ods: 'X99003', lw: 'amira' });
  });
  afterAll(async () => w.t.close());

  const list = async (q = '', who = w.s.jo) => {
    const res = await w.get(who, `/api/v1/cases${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ cases: { id: string; person: { familyName: string } }[]; total: number }>();
  };
  const keysOf = (r: { cases: { id: string }[] }) => r.cases.map((c) => Object.keys(cases).find((k) => cases[k]?.id === c.id) ?? '?');

  it("lists a link worker's own open cases, soonest review first and undated last", async () => {
    const r = await list();
    expect(keysOf(r)).toEqual(['ada', 'zoe', 'bob']);
    expect(r.total).toBe(3);
    expect(keysOf(await list('?sort=next_review_on&order=desc'))).toEqual(['zoe', 'ada', 'bob']);
  });

  it('filters by status and sorts by name', async () => {
    expect(keysOf(await list('?status=discharged'))).toEqual(['old']);
    expect(keysOf(await list('?status=all&sort=name'))).toEqual(['bob', 'ada', 'zoe', 'old']);
    expect(keysOf(await list('?status=contacting'))).toEqual(['bob']);
  });

  it('pages with a total', async () => {
    const page = await list('?sort=name&limit=2&offset=2&status=all');
    expect(keysOf(page)).toEqual(['zoe', 'old']);
    expect(page.total).toBe(4);
  });

  it('searches by name in any case and without accents, by NHS number as typed, and by reference', async () => {
    expect(keysOf(await list('?q=zoe%20obrien'))).toEqual(['zoe']);
    expect(keysOf(await list(`?q=${encodeURIComponent("ZOË O'BRIEN")}`))).toEqual(['zoe']);
    expect(keysOf(await list('?q=HARTW'))).toEqual(['ada']);
    expect(keysOf(await list('?q=ada%20hart'))).toEqual(['ada']);
    const nhs = cases['bob']?.nhsNumber ?? '';
    expect(keysOf(await list(`?q=${encodeURIComponent(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)}`))).toEqual(['bob']);
    expect(keysOf(await list(`?q=${encodeURIComponent((cases['ada']?.reference ?? '').toLowerCase())}`))).toEqual(['ada']);
    expect(keysOf(await list('?q=nobody'))).toEqual([]);
    expect(keysOf(await list('?q=%25'))).toEqual([]); // a typed wildcard matches nothing, not everything
  });

  it('keeps the search text out of the audit trail', async () => {
    const before = await w.lastSeq();
    await list('?q=Hartwell');
    const events = await w.auditSince(before);
    expect(events.map((e) => e.action)).toEqual(['case.listed']);
    expect(events[0]?.summary).not.toMatch(/hartwell/i);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toMatchObject({ count: 1, total: 1, searched: true, status: 'open' });
  });

  it('lets a lead see the PCN, or one link worker; a link worker only their own', async () => {
    expect(keysOf(await list('?sort=name', w.s.lead))).toEqual(['bob', 'amira', 'ada', 'zoe']);
    expect(keysOf(await list(`?linkWorkerId=${w.user.amira}`, w.s.lead))).toEqual(['amira']);
    expect(keysOf(await list('', w.s.amira))).toEqual(['amira']);
    const res = await w.get(w.s.jo, `/api/v1/cases?linkWorkerId=${w.user.amira}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('refuses the caseload to roles without case work', async () => {
    for (const who of [w.s.gp, w.s.provider, w.s.commissioner, w.s.admin, w.s.auditor, w.s.pcnLead])
      expect((await w.get(who, '/api/v1/cases')).statusCode).toBe(403);
  });

  it('refuses bad query values at the edge', async () => {
    for (const q of ['?status=closed', '?sort=age', '?limit=0', '?limit=501', '?linkWorkerId=x', '?q=' + 'a'.repeat(101), '?nope=1']) {
      const res = await w.get(w.s.jo, `/api/v1/cases${q}`);
      expect(res.statusCode, q).toBe(400);
    }
  });
});
