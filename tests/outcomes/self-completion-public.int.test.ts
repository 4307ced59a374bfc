import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONNAIRE_OPEN_RATE_LIMIT, QUESTIONNAIRE_SUBMIT_RATE_LIMIT } from '../../src/server/http/outcomes/self-completion-routes.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { loadInstrumentPack } from '../../src/services/outcomes/load-instrument-pack.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { freshIp, ONS4_ANSWERS, selfCompletion, type SelfCompletion } from './self-completion-support.ts';

const DAY = 86_400_000;

describe.each(TEST_DIALECTS)('self-completion: the person’s side (%s)', (dialect) => {
  let x: SelfCompletion;
  beforeAll(async () => {
    x = await selfCompletion(dialect);
  });
  afterAll(async () => {
    await x.t.close();
  });

  const person = async (personId: string) => x.t.database.db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();

  it('shows the first name, the questions, the timepoint and the expiry — and nothing else', async () => {
    const c = await x.newCase();
    const { token, res: made } = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'baseline' });
    const res = await x.open(token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'firstName', 'instrument', 'timepoint']);
    expect(Object.keys(body.instrument).sort()).toEqual(['instructions', 'items', 'name', 'options']);
    for (const item of body.instrument.items) expect(Object.keys(item).sort()).toEqual(['id', 'options', 'text']);
    const p = await person(c.personId);
    expect(body.firstName).toBe(p.given_name);
    expect(body.timepoint).toBe('baseline');
    expect(body.expiresAt).toBe(made.json().expiresAt);
    expect(body.instrument.name).toBe('ONS4 personal wellbeing');
    expect(body.instrument.items.map((i: { id: string }) => i.id)).toEqual(['life_satisfaction', 'worthwhile', 'happiness', 'anxiety']);
    expect(body.instrument.items[0].options).toHaveLength(11);
    // Nothing that identifies the person or their case beyond the first name.
    const reference = (await x.t.database.db.selectFrom('referral').select('reference').where('id', '=', c.id).executeTakeFirstOrThrow()).reference;
    for (const secret of [p.family_name, c.nhsNumber, c.id, c.personId, reference, p.date_of_birth, 'HX1', 'Bankfield', made.json().id])
      expect(res.body).not.toContain(secret);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers unknown, malformed, used, revoked and expired links identically (no oracle)', async () => {
    const used = await x.makeLink((await x.newCase()).id);
    expect((await x.send(used.token, ONS4_ANSWERS)).statusCode).toBe(201);
    const revokedCase = await x.newCase();
    const revoked = await x.makeLink(revokedCase.id);
    await x.makeLink(revokedCase.id);
    const expiring = await x.makeLink((await x.newCase()).id);
    const unknown = 'A'.repeat(43);
    x.t.clock.advance(14 * DAY);
    const answers = [];
    for (const token of [unknown, 'short', 'x'.repeat(44), used.token, revoked.token, expiring.token]) {
      for (const res of [await x.open(token), await x.send(token, ONS4_ANSWERS)]) {
        answers.push({ status: res.statusCode, body: res.body });
      }
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.status).toBe(404);
    expect(JSON.parse(answers[0]?.body ?? '')).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('stops working when the case closes, except a final questionnaire at discharge', async () => {
    const declined = await x.newCase();
    const baseline = await x.makeLink(declined.id, { instrument: 'ons4', timepoint: 'baseline' });
    const discharged = await x.newCase();
    const review = await x.makeLink(discharged.id, { instrument: 'ons4', timepoint: 'review' });
    const final = await x.makeLink(discharged.id, { instrument: 'ons4', timepoint: 'final' });
    await x.t.database.db.updateTable('referral').set({ status: 'declined' }).where('id', '=', declined.id).execute();
    await x.t.database.db.updateTable('referral').set({ status: 'discharged' }).where('id', '=', discharged.id).execute();
    expect((await x.open(baseline.token)).statusCode).toBe(404);
    expect((await x.send(review.token, ONS4_ANSWERS)).statusCode).toBe(404);
    expect((await x.send(final.token, ONS4_ANSWERS)).statusCode).toBe(201);
    const reasons = await x.t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'access.denied')
      .where('entity_id', 'in', [baseline.res.json().id, review.res.json().id])
      .execute();
    expect(reasons.map((r) => JSON.parse(r.summary).reason)).toEqual(['case_closed', 'case_closed']);
  });

  it('works until the moment it expires, then never again (the clock moves)', async () => {
    const { token } = await x.makeLink((await x.newCase()).id);
    x.t.clock.advance(14 * DAY - 1_000);
    expect((await x.open(token)).statusCode).toBe(200);
    x.t.clock.advance(1_000);
    expect((await x.open(token)).statusCode).toBe(404);
    expect((await x.send(token, ONS4_ANSWERS)).statusCode).toBe(404);
  });

  it('stores the answers as a self-completed administration with no recording user, uses up the link and tells the link worker', async () => {
    const c = await x.newCase();
    const { token, res: made } = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'review' });
    const linkId = made.json().id as string;
    const before = await x.lastSeq();
    expect((await x.open(token)).statusCode).toBe(200);
    const res = await x.send(token, ONS4_ANSWERS);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ ok: true });

    const db = x.t.database.db;
    const admins = await db.selectFrom('outcome_administration').selectAll().where('referral_id', '=', c.id).execute();
    expect(admins).toHaveLength(1);
    const a = admins[0];
    expect(a).toMatchObject({
      person_id: c.personId,
      instrument_code: 'ons4',
      instrument_version: '1',
      timepoint: 'review',
      mode: 'self_online',
      recorded_by: null,
      primary_score: null,
    });
    expect(JSON.parse(a?.answers ?? '')).toEqual(ONS4_ANSWERS);
    expect(a?.administered_on).toBe(x.t.clock.now().toISOString().slice(0, 10));
    const link = await db.selectFrom('outcome_link').selectAll().where('id', '=', linkId).executeTakeFirstOrThrow();
    expect(link.used_at).toBe(x.t.clock.now().toISOString());
    expect(link.administration_id).toBe(a?.id);

    const notes = await db
      .selectFrom('notification')
      .select(['kind', 'referral_id'])
      .where('user_id', '=', x.user.jo)
      .where('referral_id', '=', c.id)
      .execute();
    expect(notes).toEqual([{ kind: 'outcome_self_completed', referral_id: c.id }]);

    // Audit: opened and completed by the system actor 'self-completion', with the person; coded values only.
    const events = await db.selectFrom('audit_event').selectAll().where('seq', '>', before).orderBy('seq').execute();
    expect(events.map((e) => [e.action, e.outcome, e.actor_role, e.actor_user_id, e.person_id])).toEqual([
      ['outcome.link_opened', 'success', 'system:self-completion', null, c.personId],
      ['outcome.self_completed', 'success', 'system:self-completion', null, c.personId],
    ]);
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ instrument: 'ons4', version: '1', timepoint: 'review' });
    expect(JSON.parse(events[1]?.summary ?? '')).toEqual({ linkId, caseId: c.id, instrument: 'ons4', version: '1', timepoint: 'review', mode: 'self_online' });
    expect(events[1]?.entity_id).toBe(a?.id);
    const everything = JSON.stringify(await db.selectFrom('audit_event').selectAll().execute());
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('life_satisfaction');
    expect(x.t.logs.join('\n')).not.toContain(token);

    const listed = await x.get(x.s.jo, '/api/v1/notifications');
    expect(listed.json().notifications.some((n: { kind: string; referralId: string }) => n.kind === 'outcome_self_completed' && n.referralId === c.id)).toBe(
      true,
    );

    // Single use: the same answer as any unusable link, and nothing more is stored.
    const again = await x.send(token, ONS4_ANSWERS);
    expect(again.statusCode).toBe(404);
    expect((await x.open(token)).statusCode).toBe(404);
    expect(await db.selectFrom('outcome_administration').select('id').where('referral_id', '=', c.id).execute()).toHaveLength(1);
    const denied = await db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'person_id'])
      .where('action', '=', 'access.denied')
      .where('entity_id', '=', linkId)
      .orderBy('seq')
      .execute();
    expect(denied.map((d) => JSON.parse(d.summary))).toEqual([
      { attempted: 'outcome.self_completed', reason: 'used' },
      { attempted: 'outcome.link_opened', reason: 'used' },
    ]);
  });

  it('refuses answers the questionnaire does not offer (coded, per item) and leaves the link usable', async () => {
    const c = await x.newCase();
    const { token } = await x.makeLink(c.id);
    for (const answers of [
      { ...ONS4_ANSWERS, anxiety: 11 },
      { life_satisfaction: 5 },
      { ...ONS4_ANSWERS, surname: 1 },
      { ...ONS4_ANSWERS, constructor: 1 },
      JSON.parse('{"__proto__": 1, "anxiety": 2}') as object,
    ]) {
      const res = await x.send(token, answers);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    const notNumbers = await x.t.app.inject({
      method: 'POST',
      url: `/api/v1/public/questionnaires/${token}`,
      payload: { answers: { anxiety: 'three' } },
      remoteAddress: freshIp(),
    });
    expect(notNumbers.statusCode).toBe(400);
    const unknownField = await x.t.app.inject({
      method: 'POST',
      url: `/api/v1/public/questionnaires/${token}`,
      payload: { answers: ONS4_ANSWERS, mode: 'face_to_face' },
      remoteAddress: freshIp(),
    });
    expect(unknownField.statusCode).toBe(400);
    expect(await x.t.database.db.selectFrom('outcome_administration').select('id').where('referral_id', '=', c.id).execute()).toEqual([]);
    expect((await x.open(token)).statusCode).toBe(200);
    expect((await x.send(token, ONS4_ANSWERS)).statusCode).toBe(201);
  });

  it('a loaded pack can be answered through a link and is scored with its conversion table; the person never sees the licence', async () => {
    const file = JSON.parse(readFileSync(new URL('../../packs/synthetic-wellbeing-pack.json', import.meta.url), 'utf8'));
    await loadInstrumentPack(x.t.deps, systemActor('test'), file);
    const c = await x.newCase();
    const { token } = await x.makeLink(c.id, { instrument: 'synthetic-wellbeing', timepoint: 'baseline' });
    const opened = await x.open(token);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).not.toContain(file.instrument.licence.holder);
    const ids: string[] = opened.json().instrument.items.map((i: { id: string }) => i.id);
    const answers = Object.fromEntries(ids.map((id) => [id, 3]));
    expect((await x.send(token, answers)).statusCode).toBe(201);
    const a = await x.t.database.db.selectFrom('outcome_administration').selectAll().where('referral_id', '=', c.id).executeTakeFirstOrThrow();
    const raw = 3 * ids.length;
    const row = (file.instrument.scoring.table as { raw: number; metric: number }[]).find((r) => r.raw === raw);
    expect(a.primary_score).toBe(row?.metric);
    expect(JSON.parse(a.scores)).toMatchObject({ method: 'conversion_table', total: raw, metric: row?.metric });
  });

  it('two simultaneous sends of one link store one administration; the other gets the same refusal', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await x.newCase();
      const { token } = await x.makeLink(c.id);
      const results = await Promise.all([x.send(token, ONS4_ANSWERS), x.send(token, { ...ONS4_ANSWERS, happiness: 2 }), x.send(token, ONS4_ANSWERS)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 404, 404]);
      expect(await x.t.database.db.selectFrom('outcome_administration').select('id').where('referral_id', '=', c.id).execute()).toHaveLength(1);
    }
  });

  it(`limits each address to ${QUESTIONNAIRE_OPEN_RATE_LIMIT.max} opens and ${QUESTIONNAIRE_SUBMIT_RATE_LIMIT.max} sends an hour; other addresses are unaffected`, async () => {
    const { token } = await x.makeLink((await x.newCase()).id);
    const ip = '198.51.100.200';
    for (let i = 0; i < QUESTIONNAIRE_OPEN_RATE_LIMIT.max; i++) expect((await x.open('B'.repeat(43), ip)).statusCode).toBe(404);
    const refused = await x.open(token, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await x.open(token, '198.51.100.201')).statusCode).toBe(200);

    const sendIp = '198.51.100.202';
    for (let i = 0; i < QUESTIONNAIRE_SUBMIT_RATE_LIMIT.max; i++) expect((await x.send('C'.repeat(43), ONS4_ANSWERS, sendIp)).statusCode).toBe(404);
    expect((await x.send(token, ONS4_ANSWERS, sendIp)).statusCode).toBe(429);
    expect((await x.send(token, ONS4_ANSWERS, '198.51.100.203')).statusCode).toBe(201);
  });

  it('never writes the token to the logs, from the page address or the API', async () => {
    const { token } = await x.makeLink((await x.newCase()).id);
    await x.t.app.inject({ method: 'GET', url: `/q/${token}`, remoteAddress: freshIp() });
    await x.open(token);
    await x.send(token, { nonsense: 1 });
    await x.send(token, ONS4_ANSWERS);
    await x.open(token);
    const logs = x.t.logs.join('\n');
    expect(logs).toContain('/api/v1/public/questionnaires/:token');
    expect(logs).not.toContain(token);
  });

  it('needs no session and no CSRF token, and a staff cookie changes nothing about what is shown', async () => {
    const c = await x.newCase();
    const { token } = await x.makeLink(c.id);
    const withCookie = await x.t.app.inject({
      method: 'GET',
      url: `/api/v1/public/questionnaires/${token}`,
      headers: { cookie: x.s.jo.cookie },
      remoteAddress: freshIp(),
    });
    const without = await x.open(token);
    expect(withCookie.statusCode).toBe(200);
    expect(withCookie.body).toBe(without.body);
  });
});
