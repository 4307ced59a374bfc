import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { sessionFor } from '../support/test-app.ts';
import { casework, DAY, type Casework } from '../casework/case-support.ts';

/**
 * Jo records outcomes on a case: an ONS4 baseline by phone, a follow-up face to face a month later,
 * and the case's outcomes show each item with its ONS band and the change from baseline — never a
 * sum. Scoring happens on the server (a bad answer is a coded 400 and nothing is written), the
 * audit trail records coded values only, and the case is out of reach from another PCN.
 */
describe.each(TEST_DIALECTS)('recording outcomes on %s', (dialect) => {
  let w: Casework;
  let caseId: string;
  let personId: string;
  const today = () => w.t.clock.now().toISOString().slice(0, 10);
  const record = (body: object, who = w.s.jo, id = caseId) => w.post(who, `/api/v1/cases/${id}/outcomes`, body);
  const administrations = async () =>
    Number(
      (
        await w.t.database.db
          .selectFrom('outcome_administration')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    w = await casework(dialect);
    const c = await w.newCase({ status: 'accepted' });
    caseId = c.id;
    personId = c.personId;
  });
  afterAll(async () => w.t.close());

  it('records an ONS4 baseline and a follow-up; the case shows per-item bands and change from baseline', async () => {
    const seq = await w.lastSeq();
    const base = await record({
      instrument: 'ons4',
      timepoint: 'baseline',
      mode: 'telephone',
      administeredOn: today(),
      answers: { life_satisfaction: 3, worthwhile: 5, happiness: 4, anxiety: 8 },
    });
    expect(base.statusCode).toBe(201);
    const b = base.json();
    expect(b).toMatchObject({ caseId, instrument: 'ons4', version: '1', timepoint: 'baseline', mode: 'telephone' });
    expect(b.scores).toMatchObject({ method: 'per_item', total: null, primary: null, band: null });
    expect(b.scores.items.map((i: { id: string; band: { code: string } }) => [i.id, i.band.code])).toEqual([
      ['life_satisfaction', 'low'],
      ['worthwhile', 'medium'],
      ['happiness', 'low'],
      ['anxiety', 'high'],
    ]);
    const events = await w.auditSince(seq);
    const recorded = events.find((e) => e.action === 'outcome.recorded');
    expect(recorded).toMatchObject({ outcome: 'success', person_id: personId, entity_id: b.id });
    expect(JSON.parse(recorded?.summary ?? '{}')).toEqual({ caseId, instrument: 'ons4', version: '1', timepoint: 'baseline', mode: 'telephone' });

    w.t.clock.advance(30 * DAY);
    const follow = await record({
      instrument: 'ons4',
      timepoint: 'final',
      mode: 'face_to_face',
      administeredOn: today(),
      answers: { life_satisfaction: 7, worthwhile: 5, happiness: 9, anxiety: 2 },
    });
    expect(follow.statusCode).toBe(201);

    const seq2 = await w.lastSeq();
    const res = await w.get(w.s.jo, `/api/v1/cases/${caseId}/outcomes`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.instruments).toHaveLength(1);
    const ons = view.instruments[0];
    expect(ons.instrument).toMatchObject({ code: 'ons4', method: 'per_item', usable: true, licence: { kind: 'open', status: 'open' } });
    expect(ons.administrations.map((a: { timepoint: string }) => a.timepoint)).toEqual(['baseline', 'final']);
    expect(ons.administrations[0].changeFromBaseline).toBeNull();
    const change = ons.administrations[1].changeFromBaseline;
    expect(change.primary).toBeNull();
    expect(
      change.items.map((c: { id: string; difference: number; verdict: string; bandFrom: { code: string }; bandTo: { code: string } }) => [
        c.id,
        c.difference,
        c.verdict,
        c.bandFrom.code,
        c.bandTo.code,
      ]),
    ).toEqual([
      ['life_satisfaction', 4, 'improved', 'low', 'high'],
      ['worthwhile', 0, 'no_change', 'medium', 'medium'],
      ['happiness', 5, 'improved', 'low', 'very_high'],
      ['anxiety', -6, 'improved', 'high', 'low'],
    ]);
    const viewed = (await w.auditSince(seq2)).filter((e) => e.action === 'outcome.viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ outcome: 'success', person_id: personId });
    // The lead of the PCN sees it too.
    expect((await w.get(w.s.lead, `/api/v1/cases/${caseId}/outcomes`)).statusCode).toBe(200);
  });

  it('never puts answers in the audit trail or the logs', async () => {
    const rows = await w.t.database.db.selectFrom('audit_event').select(['summary']).where('action', 'in', ['outcome.recorded', 'outcome.viewed']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.summary).not.toMatch(/life_satisfaction|anxiety|"answers"/);
  });

  it('records UCLA 3-item with its total and band, and PAM from an external score with its level', async () => {
    const ucla = await record({
      instrument: 'ucla3',
      timepoint: 'baseline',
      mode: 'self_paper',
      administeredOn: today(),
      answers: { companionship: 3, left_out: 2, isolated: 2 },
    });
    expect(ucla.statusCode).toBe(201);
    expect(ucla.json().scores).toMatchObject({ method: 'sum', total: 7, primary: 7, band: { code: 'lonely' } });
    const pam = await record({ instrument: 'pam', timepoint: 'baseline', mode: 'face_to_face', administeredOn: today(), external: { score: 55.2, level: 3 } });
    expect(pam.statusCode).toBe(201);
    expect(pam.json().scores).toMatchObject({ method: 'external', score: 55.2, primary: 55.2, band: { code: 'level_3' }, items: [] });
    const view = (await w.get(w.s.jo, `/api/v1/cases/${caseId}/outcomes`)).json();
    expect(view.instruments.map((i: { instrument: { code: string } }) => i.instrument.code)).toEqual(['ons4', 'ucla3', 'pam']);
  });

  it('refuses bad answers with coded issues and writes nothing', async () => {
    const before = await administrations();
    const bad = await record({
      instrument: 'ons4',
      timepoint: 'review',
      mode: 'telephone',
      administeredOn: today(),
      answers: { life_satisfaction: 11, worthwhile: 5, happiness: 4 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_input');
    expect(bad.json().error.details.issues.map((i: { code: string; item: string }) => [i.code, i.item])).toEqual([
      ['value_not_an_option', 'life_satisfaction'],
      ['missing_item', 'anxiety'],
    ]);
    const cases: object[] = [
      { instrument: 'wemwbs', timepoint: 'review', mode: 'telephone', administeredOn: today(), answers: { a: 1 } },
      { instrument: 'ons4', timepoint: 'later', mode: 'telephone', administeredOn: today(), answers: { life_satisfaction: 1 } },
      { instrument: 'ons4', timepoint: 'review', mode: 'carrier_pigeon', administeredOn: today(), answers: { life_satisfaction: 1 } },
      {
        instrument: 'ons4',
        timepoint: 'review',
        mode: 'telephone',
        administeredOn: '2099-01-01',
        answers: { life_satisfaction: 1, worthwhile: 1, happiness: 1, anxiety: 1 },
      },
      { instrument: 'ons4', timepoint: 'review', mode: 'telephone', administeredOn: today() },
      { instrument: 'pam', timepoint: 'review', mode: 'telephone', administeredOn: today(), answers: { score: 50 } },
      { instrument: 'pam', timepoint: 'review', mode: 'telephone', administeredOn: today(), external: { score: 101 } },
      { instrument: 'pam', timepoint: 'review', mode: 'telephone', administeredOn: today(), external: { score: 50, level: 4 } },
    ];
    for (const body of cases) {
      const res = await record(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(await administrations()).toBe(before);
  });

  it('scope: another PCN, another link worker and roles without outcome permissions cannot reach it', async () => {
    const otherPcn = await makeUser(w.t.deps, 'link_worker', [await w.org('XDEMO3')]);
    const other = await sessionFor(w.t, otherPcn.email);
    const body = {
      instrument: 'ons4',
      timepoint: 'review',
      mode: 'telephone',
      administeredOn: today(),
      answers: { life_satisfaction: 1, worthwhile: 1, happiness: 1, anxiety: 1 },
    };
    for (const who of [other, w.s.amira]) {
      expect((await w.get(who, `/api/v1/cases/${caseId}/outcomes`)).statusCode).toBe(404);
      expect((await record(body, who)).statusCode).toBe(404);
    }
    for (const who of [w.s.gp, w.s.provider, w.s.admin, w.s.commissioner]) {
      expect((await w.get(who, `/api/v1/cases/${caseId}/outcomes`)).statusCode).toBe(403);
      expect((await record(body, who)).statusCode).toBe(403);
    }
    expect((await w.get(w.s.jo, '/api/v1/cases/00000000-0000-7000-8000-000000000000/outcomes')).statusCode).toBe(404);
  });

  it('a closed case takes only a late final; a declined case takes nothing', async () => {
    const declined = await w.newCase({ status: 'declined' });
    const body = (timepoint: string) => ({
      instrument: 'ons4',
      timepoint,
      mode: 'self_paper',
      administeredOn: today(),
      answers: { life_satisfaction: 5, worthwhile: 5, happiness: 5, anxiety: 5 },
    });
    expect((await record(body('final'), w.s.jo, declined.id)).statusCode).toBe(409);
    const discharged = await w.newCase({ status: 'discharged' });
    expect((await record(body('baseline'), w.s.jo, discharged.id)).json().error.code).toBe('invalid_transition');
    expect((await record(body('final'), w.s.jo, discharged.id)).statusCode).toBe(201);
  });
});
