import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeUser } from '../support/factories.ts';
import { sessionFor, type Session } from '../support/test-app.ts';
import { intakeApp, type Intake } from '../casework/intake-support.ts';
import { insertExtract, insertRun, testNhsNumber } from './outreach-support.ts';

const DAY = 24 * 3_600_000;
const BASE = '/api/v1/proactive/outreach';

interface Item {
  id: string;
  state: string;
  nextAction: string;
  nhsNumber: string;
  attempts: number;
  version: number;
  rules: string[];
  score: number;
  age: number | null;
  canInvite: boolean;
  referral: { id: string; reference: string | null } | null;
}

/**
 * The story of outreach at Bankfield Surgery (X99001). Helen, the lead, ran a fit-note cohort; Jo,
 * the link worker, starts outreach from it. Dr Shah clears people as safe to contact; Jo invites
 * them. Mrs A (in Polish, easy read) accepts and becomes a referral with source proactive and her
 * consent, waiting on Helen's triage board; Mr B declines "not now"; Ms C asks never to be
 * contacted again, and the next run honours it; Mr D never replies to three letters. A run whose
 * fairness check is unresolved cannot start; a worker in another PCN sees none of it.
 */
describe.each(TEST_DIALECTS)('outreach from a cohort to an accepted referral on %s', (dialect) => {
  let x: Intake;
  let bankfield: string;
  let run1: string;
  let blockedRun: string;
  let pp: Record<string, string>;
  const nhs = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k, i) => [k, testNhsNumber(710_000 + i * 7)])) as Record<string, string>;
  const byNhs = new Map<string, Item>();
  let other: Session;

  const list = async (who: Session, query = '') => {
    const res = await x.get(who, `${BASE}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Item[]; counts: Record<string, number>; total: number; maxAttempts: number }>();
    for (const i of body.items) byNhs.set(i.nhsNumber, i);
    return body;
  };
  const item = (k: string): Item => {
    const i = byNhs.get(nhs[k] as string);
    if (i === undefined) throw new Error(`no outreach for ${k}`);
    return i;
  };
  const ACTION_OF: Record<string, string> = {
    review: 'outreach.reviewed',
    invitations: 'outreach.invited',
    response: 'outreach.response_recorded',
    accept: 'outreach.accepted',
    decline: 'outreach.declined',
    'opt-out': 'outreach.opted_out',
  };
  /** One step through the API; a success writes exactly one audit event, its own, about this outreach. */
  const step = async (who: Session, k: string, path: string, body: object) => {
    const before = await x.lastSeq();
    const res = await x.post(who, `${BASE}/${item(k).id}/${path}`, { version: item(k).version, ...body });
    if (res.statusCode < 300) {
      const events = await x.auditSince(before);
      expect(events.map((e) => [e.action, e.outcome, e.entity_id])).toEqual([[ACTION_OF[path], 'success', item(k).id]]);
    }
    if (res.statusCode === 200) byNhs.set(nhs[k] as string, res.json<Item>());
    return res;
  };

  beforeAll(async () => {
    x = await intakeApp(dialect);
    bankfield = x.org['X99001'] as string;
    pp = await insertExtract(x.t.database.db, bankfield, '2026-11-15', [
      { key: 'a', nhsNumber: nhs.a as string, dateOfBirth: '1979-03-02', sex: 'female', postcode: 'HX1 2AB' },
      { key: 'b', nhsNumber: nhs.b as string, dateOfBirth: '1968-07-21', sex: 'male' },
      { key: 'c', nhsNumber: nhs.c as string, dateOfBirth: '1990-01-10', sex: 'female' },
      { key: 'd', nhsNumber: nhs.d as string, dateOfBirth: '1985-05-05', sex: 'male' },
      { key: 'e', nhsNumber: nhs.e as string, dateOfBirth: '1975-12-12', sex: 'female', doNotContact: true },
      { key: 'f', nhsNumber: nhs.f as string, dateOfBirth: '1960-02-29', sex: 'male' },
      { key: 'g', nhsNumber: nhs.g as string, dateOfBirth: '1999-09-09', sex: 'female' },
      { key: 'h', nhsNumber: nhs.h as string, dateOfBirth: '1970-06-01', sex: 'unknown' },
    ]);
    const member = (k: string, score = 2) => ({ practicePersonId: pp[k] as string, practiceId: bankfield, nhsNumber: nhs[k] as string, score });
    run1 = await insertRun(x.t.database.db, {
      practiceIds: [bankfield],
      members: [member('a', 4), member('b', 3), member('c'), member('d'), member('e'), member('f', 1), member('g', 1)],
    });
    blockedRun = await insertRun(x.t.database.db, { practiceIds: [bankfield], members: [member('h')], blocked: true });
    const upperValleyWorker = await makeUser(x.t.deps, 'link_worker', [{ id: x.org['XDEMO3'] as string } as never]);
    other = await sessionFor(x.t, upperValleyWorker.email);
  });
  afterAll(async () => x.close());

  it('refuses to start a run whose fairness check is unresolved, and says why', async () => {
    const res = await x.post(x.s.jo, `${BASE}/start`, { runId: blockedRun });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.details).toMatchObject({ reason: 'fairness_unresolved', runId: blockedRun });
    expect(await x.t.database.db.selectFrom('outreach').select('id').where('run_id', '=', blockedRun).execute()).toHaveLength(0);
    // Once Helen records why, it may start.
    await x.t.database.db
      .updateTable('cohort_run')
      .set({ fairness_reason: 'Small practice: one group of 3', blocked: 0 })
      .where('id', '=', blockedRun)
      .execute();
    const ok = await x.post(x.s.jo, `${BASE}/start`, { runId: blockedRun });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().started).toBe(1);
  });

  it('Jo starts outreach: everyone but the do-not-contact person, waiting for review, highest score first', async () => {
    const before = await x.lastSeq();
    const res = await x.post(x.s.jo, `${BASE}/start`, { runId: run1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ runId: run1, started: 6, skipped: { optedOut: 0, doNotContact: 1, inAnotherRun: 0, alreadyStarted: 0 } });
    // Starting again adds nobody.
    const again = await x.post(x.s.jo, `${BASE}/start`, { runId: run1 });
    expect(again.json()).toMatchObject({ started: 0, skipped: { alreadyStarted: 6 } });
    const audit = await x.auditSince(before);
    expect(audit.filter((a) => a.action === 'outreach.started')).toHaveLength(2);

    const l = await list(x.s.jo, `?run=${run1}`);
    expect(l.total).toBe(6);
    expect(l.counts).toEqual({ review: 6, invite: 0, await_reply: 0, done: 0 });
    expect(l.items[0]?.nhsNumber).toBe(nhs.a);
    expect(l.items[1]?.nhsNumber).toBe(nhs.b);
    expect(item('a')).toMatchObject({ state: 'identified', nextAction: 'review', rules: ['FN-1', 'DEP-1'], score: 4, attempts: 0 });
    expect(item('a').age).toBe(47);
    expect(l.items.some((i) => i.nhsNumber === nhs.e)).toBe(false);
  });

  it('nobody is invited before a clinician clears them, and a link worker cannot review', async () => {
    const early = await step(x.s.jo, 'a', 'invitations', { channel: 'letter' });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'invalid_transition', details: { from: 'identified', command: 'invite' } });
    const review = await step(x.s.jo, 'a', 'review', { outcome: 'cleared' });
    expect(review.statusCode).toBe(403);
  });

  it('Dr Shah, the GP, reviews from the worklist: five cleared, one not suitable with a coded reason', async () => {
    // The GP's own list: who waits for review at Bankfield; the link workers' worklist is not theirs.
    expect((await x.get(x.s.shah, `${BASE}?run=${run1}`)).statusCode).toBe(403);
    const res = await x.get(x.s.shah, `${BASE}/reviews?run=${run1}`);
    expect(res.statusCode, res.body).toBe(200);
    const l = res.json<{ items: Item[]; total: number }>();
    expect(l.total).toBe(6);
    expect(l.items.every((i) => i.state === 'identified')).toBe(true);
    for (const k of ['a', 'b', 'c', 'd', 'g']) {
      const res = await step(x.s.shah, k, 'review', { outcome: 'cleared' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ state: 'cleared', nextAction: 'invite' });
    }
    const noReason = await step(x.s.shah, 'f', 'review', { outcome: 'not_suitable' });
    expect(noReason.statusCode).toBe(400);
    const ns = await step(x.s.shah, 'f', 'review', { outcome: 'not_suitable', reason: 'recent_bereavement' });
    expect(ns.statusCode, ns.body).toBe(200);
    expect(ns.json()).toMatchObject({ state: 'not_suitable', reviewReason: 'recent_bereavement', nextAction: 'done' });
    const twice = await step(x.s.shah, 'a', 'review', { outcome: 'not_suitable', reason: 'other' });
    expect(twice.statusCode).toBe(409);
  });

  it('Jo invites Mrs A by letter in Polish, easy read; a stale save is refused', async () => {
    const seen = item('a').version;
    const res = await step(x.s.jo, 'a', 'invitations', { channel: 'letter', language: 'PL', easyRead: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'invited', attempts: 1, channel: 'letter', language: 'pl', easyRead: true, nextAction: 'await_reply' });
    const stale = await x.post(x.s.jo, `${BASE}/${item('a').id}/invitations`, { version: seen, channel: 'sms' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.reason).toBe('stale_version');
    const attempts = await x.t.database.db.selectFrom('outreach_attempt').selectAll().where('outreach_id', '=', item('a').id).execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ channel: 'letter', language: 'pl', offer: 'social_prescribing_offered' });
  });

  it('Mrs A replies and accepts: she is recorded, referred with source proactive and her consent, and waits for triage', async () => {
    x.t.clock.advance(3 * DAY);
    expect((await step(x.s.jo, 'a', 'response', { outcome: 'responded' })).statusCode).toBe(200);
    const form = {
      givenName: 'Anna',
      familyName: 'Nowak',
      phone: '07700 900123',
      needs: ['loneliness', 'employment'],
      communicationNeeds: { language: 'Polish', interpreterNeeded: true },
    };
    const noConsent = await step(x.s.jo, 'a', 'accept', { ...form, consentGiven: false });
    expect(noConsent.statusCode).toBe(400);
    const people = await x.count('person');
    const res = await x.post(x.s.jo, `${BASE}/${item('a').id}/accept`, { version: item('a').version, ...form, consentGiven: true });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.outreach).toMatchObject({ state: 'accepted', nextAction: 'done' });
    expect(body.personMatch).toBe('new');
    expect(await x.count('person')).toBe(people + 1);

    const referral = await x.t.database.db.selectFrom('referral').selectAll().where('id', '=', body.referral.id).executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ source: 'proactive', status: 'referred', practice_id: bankfield, person_id: body.personId });
    expect(Number(referral.consent_given)).toBe(1);
    expect(referral.consent_recorded_at).not.toBeNull();
    const person = await x.t.database.db.selectFrom('person').selectAll().where('id', '=', body.personId).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ nhs_number: nhs.a, date_of_birth: '1979-03-02', given_name: 'Anna', family_name: 'Nowak', practice_id: bankfield });

    const triage = await x.get(x.s.helen, '/api/v1/triage');
    expect(triage.statusCode).toBe(200);
    const mine = (triage.json().referrals as { id: string; source: string; consentGiven: boolean; person: { postcode: string | null } }[]).find(
      (r) => r.id === body.referral.id,
    );
    expect(mine).toMatchObject({ source: 'proactive', consentGiven: true, person: { postcode: 'HX1 2AB' } });

    const l = await list(x.s.jo, `?run=${run1}`);
    expect(item('a').referral).toEqual({ id: body.referral.id, reference: body.referral.reference });
    expect(l.counts.done).toBe(2);
    // Accepting again is refused.
    expect((await step(x.s.jo, 'a', 'accept', { ...form, consentGiven: true })).statusCode).toBe(409);
  });

  it('Mr B declines "not now"; the code is kept', async () => {
    expect((await step(x.s.jo, 'b', 'invitations', { channel: 'phone' })).statusCode).toBe(200);
    const bad = await step(x.s.jo, 'b', 'decline', { code: 'busy' });
    expect(bad.statusCode).toBe(400);
    const res = await step(x.s.jo, 'b', 'decline', { code: 'not_now' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'declined', declineCode: 'not_now' });
    expect(res.json().respondedAt).not.toBeNull();
  });

  it('Mr D gets three letters and no more; only then is it "no response"', async () => {
    for (let i = 1; i <= 3; i++) {
      const res = await step(x.s.jo, 'd', 'invitations', { channel: 'letter' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().attempts).toBe(i);
      if (i === 2) expect((await step(x.s.jo, 'd', 'response', { outcome: 'no_response' })).statusCode).toBe(409);
    }
    expect(item('d').canInvite).toBe(false);
    const fourth = await step(x.s.jo, 'd', 'invitations', { channel: 'sms' });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error.details).toMatchObject({ command: 'invite', attempts: 3, maxAttempts: 3 });
    const res = await step(x.s.jo, 'd', 'response', { outcome: 'no_response' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('no_response');
  });

  it('Ms C opts out, and the next run honours it; someone still in outreach is not picked up twice', async () => {
    expect((await step(x.s.jo, 'c', 'invitations', { channel: 'sms' })).statusCode).toBe(200);
    const res = await step(x.s.jo, 'c', 'opt-out', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('opted_out');
    expect(
      await x.t.database.db
        .selectFrom('outreach_opt_out')
        .selectAll()
        .where('nhs_number', '=', nhs.c as string)
        .execute(),
    ).toHaveLength(1);

    // A month later Helen runs the cohort again: C, G (still cleared, in run 1) and B (declined last time) are found.
    const member = (k: string) => ({ practicePersonId: pp[k] as string, practiceId: bankfield, nhsNumber: nhs[k] as string });
    const run2 = await insertRun(x.t.database.db, { practiceIds: [bankfield], members: [member('c'), member('g'), member('b')] });
    const started = await x.post(x.s.jo, `${BASE}/start`, { runId: run2 });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toEqual({ runId: run2, started: 1, skipped: { optedOut: 1, doNotContact: 0, inAnotherRun: 1, alreadyStarted: 0 } });
    const l = await list(x.s.jo, `?run=${run2}`);
    expect(l.items.map((i) => i.nhsNumber)).toEqual([nhs.b]);
  });

  it('a link worker in another PCN sees none of it: not found, never forbidden', async () => {
    const l = await x.get(other, `${BASE}?run=${run1}`);
    expect(l.statusCode).toBe(200);
    expect(l.json().total).toBe(0);
    const res = await x.post(other, `${BASE}/${item('g').id}/invitations`, { version: item('g').version, channel: 'letter' });
    expect(res.statusCode).toBe(404);
    const start = await x.post(other, `${BASE}/start`, { runId: run1 });
    expect(start.statusCode).toBe(404);
    // Commissioners hold neither outreach permission.
    expect((await x.get(x.s.commissioner, BASE)).statusCode).toBe(403);
  });

  it('every change is audited with coded facts only: never an NHS number or a name', async () => {
    const rows = await x.t.database.db.selectFrom('outreach').select(['id', 'nhs_number']).where('run_id', '=', run1).execute();
    const idOf = new Map(rows.map((r) => [r.nhs_number, r.id]));
    const events = await x.t.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'entity_id', 'summary', 'person_id'])
      .where('action', 'like', 'outreach.%')
      .orderBy('seq')
      .execute();
    const actionsOf = (k: string) => events.filter((e) => e.entity_id === idOf.get(nhs[k] as string) && e.outcome === 'success').map((e) => e.action);
    expect(actionsOf('a')).toEqual(['outreach.reviewed', 'outreach.invited', 'outreach.response_recorded', 'outreach.accepted']);
    expect(actionsOf('b')).toEqual(['outreach.reviewed', 'outreach.invited', 'outreach.declined']);
    expect(actionsOf('c')).toEqual(['outreach.reviewed', 'outreach.invited', 'outreach.opted_out']);
    expect(actionsOf('d')).toEqual(['outreach.reviewed', 'outreach.invited', 'outreach.invited', 'outreach.invited', 'outreach.response_recorded']);
    expect(actionsOf('f')).toEqual(['outreach.reviewed']);
    expect(events.find((e) => e.action === 'outreach.accepted')?.person_id).not.toBeNull();
    expect(events.filter((e) => e.action === 'outreach.listed').length).toBeGreaterThan(3);
    const all = (await x.t.database.db.selectFrom('audit_event').select('summary').execute()).map((e) => e.summary).join('\n');
    for (const n of Object.values(nhs)) expect(all).not.toContain(n);
    expect(all).not.toContain('Nowak');
  });
});
