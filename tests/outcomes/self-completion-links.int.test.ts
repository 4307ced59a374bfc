import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/kernel/context.ts';
import { loadInstrumentPack } from '../../src/services/outcomes/load-instrument-pack.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { TEST_START } from '../support/test-app.ts';
import { selfCompletion, type SelfCompletion } from './self-completion-support.ts';

const DAY = 86_400_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const pack = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../packs/${file}`, import.meta.url), 'utf8')) as {
    instrument: { code: string; version: string; licence: { expiresOn: string | null } };
  };

describe.each(TEST_DIALECTS)('self-completion links: making them (%s)', (dialect) => {
  let x: SelfCompletion;
  beforeAll(async () => {
    x = await selfCompletion(dialect);
  });
  afterAll(async () => {
    await x.t.close();
  });

  it('makes a one-time link on the request origin with a QR code; only the token hash is stored; the audit names the person, never the token', async () => {
    const c = await x.newCase();
    const before = await x.lastSeq();
    const { token, res } = await x.makeLink(c.id);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string; url: string; expiresAt: string; qrSvg: string; replaced: number }>();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'id', 'qrSvg', 'replaced', 'url']);
    // inject() sends Host: localhost:80; no proxy is trusted by default.
    expect(body.url).toBe(`http://localhost:80/q/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(body.expiresAt).toBe(new Date(TEST_START.getTime() + 14 * DAY).toISOString());
    expect(body.qrSvg.startsWith('<svg')).toBe(true);
    expect(body.qrSvg).toContain('</svg>');
    expect(body.replaced).toBe(0);

    const row = await x.t.database.db.selectFrom('outcome_link').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      token_hash: sha256(token),
      referral_id: c.id,
      person_id: c.personId,
      instrument_code: 'ons4',
      instrument_version: '1',
      timepoint: 'review',
      created_by: x.user.jo,
      used_at: null,
      administration_id: null,
    });
    expect(JSON.stringify(row)).not.toContain(token);

    const events = await x.auditSince(before);
    expect(events.map((e) => [e.action, e.outcome, e.person_id, e.entity_id])).toEqual([['outcome.link_created', 'success', c.personId, body.id]]);
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({
      caseId: c.id,
      instrument: 'ons4',
      version: '1',
      timepoint: 'review',
      expiresAt: body.expiresAt,
      replaced: 0,
    });
    const all = await x.t.database.db.selectFrom('audit_event').selectAll().execute();
    expect(JSON.stringify(all)).not.toContain(token);
    expect(x.t.logs.join('\n')).not.toContain(token);
  });

  it('ignores X-Forwarded-* headers unless LINKWORK_TRUST_PROXY is set', async () => {
    const c = await x.newCase();
    const res = await x.t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/outcome-links`,
      headers: { ...x.s.jo.headers, host: 'linkwork.test:8443', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
      payload: { instrument: 'ons4', timepoint: 'baseline' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ url: string }>().url).toMatch(/^http:\/\/linkwork\.test:8443\/q\/[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a Host header that is not a plain host name (nothing odd goes into a link)', async () => {
    const c = await x.newCase();
    const res = await x.t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/outcome-links`,
      headers: { ...x.s.jo.headers, host: 'evil.example/phish?x=' },
      payload: { instrument: 'ons4', timepoint: 'baseline' },
    });
    expect(res.statusCode).toBe(400);
    expect(await x.t.database.db.selectFrom('outcome_link').select('id').where('referral_id', '=', c.id).execute()).toEqual([]);
  });

  it('a new link for the same case, questionnaire and timepoint revokes the unused one; other timepoints and questionnaires are untouched', async () => {
    const c = await x.newCase();
    const first = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'baseline' });
    const otherTimepoint = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'review' });
    const otherInstrument = await x.makeLink(c.id, { instrument: 'ucla3', timepoint: 'baseline' });
    x.t.clock.advance(60_000);
    const second = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'baseline' });
    expect(second.res.json<{ replaced: number }>().replaced).toBe(1);
    expect((await x.open(first.token)).statusCode).toBe(404);
    for (const still of [second, otherTimepoint, otherInstrument]) expect((await x.open(still.token)).statusCode).toBe(200);
  });

  it('checks the questionnaire and the timepoint', async () => {
    const c = await x.newCase();
    const unknown = await x.makeLink(c.id, { instrument: 'no-such-thing', timepoint: 'baseline' });
    expect(unknown.res.statusCode).toBe(400);
    expect(unknown.res.json().error.details.fields).toHaveProperty('instrument');
    const pam = await x.makeLink(c.id, { instrument: 'pam', timepoint: 'baseline' });
    expect(pam.res.statusCode).toBe(400);
    expect(pam.res.json().error.details.fields).toHaveProperty('instrument');
    const badTimepoint = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'someday' });
    expect(badTimepoint.res.statusCode).toBe(400);
    const extra = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'baseline', personId: c.personId });
    expect(extra.res.statusCode).toBe(400);
    expect(await x.t.database.db.selectFrom('outcome_link').select('id').where('referral_id', '=', c.id).execute()).toEqual([]);
  });

  it('refuses a licensed pack whose licence has expired, and ends a link no later than the licence', async () => {
    await loadInstrumentPack(x.t.deps, systemActor('test'), pack('synthetic-expired-pack.json'));
    const c = await x.newCase();
    const expired = await x.makeLink(c.id, { instrument: 'synthetic-expired', timepoint: 'baseline' });
    expect(expired.res.statusCode).toBe(400);
    expect(expired.res.json().error.details).toMatchObject({ reason: 'licence_expired', fields: { instrument: expect.any(String) } });

    // A pack licensed until the day after tomorrow: the link ends with the licence, not 14 days on.
    const short = pack('synthetic-wellbeing-pack.json');
    short.instrument.code = 'synthetic-short';
    short.instrument.licence.expiresOn = new Date(x.t.clock.now().getTime() + 2 * DAY).toISOString().slice(0, 10);
    await loadInstrumentPack(x.t.deps, systemActor('test'), short);
    const capped = await x.makeLink(c.id, { instrument: 'synthetic-short', timepoint: 'baseline' });
    expect(capped.res.statusCode, capped.res.body).toBe(201);
    expect(capped.res.json().expiresAt).toBe(`${short.instrument.licence.expiresOn}T23:59:59.999Z`);
    expect((await x.open(capped.token)).statusCode).toBe(200);
  });

  it('is refused on a closed case, except a final questionnaire at discharge', async () => {
    const c = await x.newCase({ status: 'discharged' });
    const { res } = await x.makeLink(c.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invalid_transition');
    expect((await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'final' })).res.statusCode).toBe(201);
    const declined = await x.newCase({ status: 'declined' });
    expect((await x.makeLink(declined.id, { instrument: 'ons4', timepoint: 'final' })).res.statusCode).toBe(409);
  });

  it('another PCN’s case does not exist for the link worker or the lead (404, audited as denied); roles without outcome:record are forbidden', async () => {
    const elsewhere = await x.newCase({ ods: 'X99005', linkWorker: null });
    // Amira's practices are in Jo's PCN but not Jo's: still not Jo's case.
    const amiras = await x.newCase({ ods: 'X99003', linkWorker: 'amira' });
    const mine = await x.newCase();
    const before = await x.lastSeq();
    for (const who of [x.s.jo, x.s.lead]) {
      const res = await x.post(who, `/api/v1/cases/${elsewhere.id}/outcome-links`, { instrument: 'ons4', timepoint: 'baseline' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await x.post(x.s.jo, `/api/v1/cases/${amiras.id}/outcome-links`, { instrument: 'ons4', timepoint: 'baseline' })).statusCode).toBe(404);
    for (const who of [x.s.provider, x.s.commissioner, x.s.gp, x.s.admin]) {
      const res = await x.post(who, `/api/v1/cases/${mine.id}/outcome-links`, { instrument: 'ons4', timepoint: 'baseline' });
      expect(res.statusCode).toBe(403);
    }
    expect(await x.t.database.db.selectFrom('outcome_link').select('id').where('referral_id', 'in', [elsewhere.id, amiras.id, mine.id]).execute()).toEqual([]);
    const events = await x.auditSince(before);
    expect(events.every((e) => e.action === 'access.denied' && e.outcome === 'denied')).toBe(true);
    expect(events).toHaveLength(7);
  });

  it('lists a case’s links and where each stands — waiting, answered, replaced or expired — never the link itself', async () => {
    const c = await x.newCase();
    const answered = await x.makeLink(c.id, { instrument: 'ons4', timepoint: 'baseline' });
    expect(
      (
        await x.t.app.inject({
          method: 'POST',
          url: `/api/v1/public/questionnaires/${answered.token}`,
          payload: { answers: { life_satisfaction: 5, worthwhile: 5, happiness: 5, anxiety: 5 } },
          remoteAddress: '203.0.113.99',
        })
      ).statusCode,
    ).toBe(201);
    x.t.clock.advance(1_000);
    const replaced = await x.makeLink(c.id, { instrument: 'ucla3', timepoint: 'review' });
    x.t.clock.advance(1_000);
    const waiting = await x.makeLink(c.id, { instrument: 'ucla3', timepoint: 'review' });
    const before = await x.lastSeq();
    const res = await x.get(x.s.jo, `/api/v1/cases/${c.id}/outcome-links`);
    expect(res.statusCode, res.body).toBe(200);
    const links = res.json().links as { id: string; status: string; instrument: string; instrumentName: string; timepoint: string }[];
    expect(links.map((l) => [l.id, l.instrument, l.instrumentName, l.timepoint, l.status])).toEqual([
      [waiting.res.json().id, 'ucla3', 'UCLA 3-item loneliness scale', 'review', 'waiting'],
      [replaced.res.json().id, 'ucla3', 'UCLA 3-item loneliness scale', 'review', 'expired'],
      [answered.res.json().id, 'ons4', 'ONS4 personal wellbeing', 'baseline', 'completed'],
    ]);
    expect(Object.keys(links[0] ?? {}).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'instrument', 'instrumentName', 'status', 'timepoint', 'usedAt']);
    for (const t of [answered.token, replaced.token, waiting.token]) expect(res.body).not.toContain(t);
    const events = await x.auditSince(before);
    expect(events.map((e) => [e.action, e.person_id, JSON.parse(e.summary)])).toEqual([['outcome.viewed', c.personId, { view: 'outcome_links', count: 3 }]]);
    // The lead sees the PCN's cases; another PCN's case and roles without outcome:read do not.
    expect((await x.get(x.s.lead, `/api/v1/cases/${c.id}/outcome-links`)).statusCode).toBe(200);
    const elsewhere = await x.newCase({ ods: 'X99005', linkWorker: null });
    expect((await x.get(x.s.jo, `/api/v1/cases/${elsewhere.id}/outcome-links`)).statusCode).toBe(404);
    for (const who of [x.s.provider, x.s.gp, x.s.commissioner]) expect((await x.get(who, `/api/v1/cases/${c.id}/outcome-links`)).statusCode).toBe(403);
  });

  it('needs the session’s CSRF token', async () => {
    const c = await x.newCase();
    const res = await x.t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/outcome-links`,
      headers: { cookie: x.s.jo.cookie },
      payload: { instrument: 'ons4', timepoint: 'baseline' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});

describe.each(TEST_DIALECTS)('self-completion links behind a trusted proxy (%s)', (dialect) => {
  let x: SelfCompletion;
  beforeAll(async () => {
    x = await selfCompletion(dialect, { LINKWORK_TRUST_PROXY: '1', LINKWORK_OUTCOME_LINK_DAYS: '3' });
  });
  afterAll(async () => {
    await x.t.close();
  });

  it('builds the link from X-Forwarded-Proto and -Host, and expires after LINKWORK_OUTCOME_LINK_DAYS', async () => {
    const c = await x.newCase();
    const res = await x.t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/outcome-links`,
      headers: { ...x.s.jo.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'linkwork.example.nhs.uk' },
      payload: { instrument: 'ons4', timepoint: 'baseline' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ url: string; expiresAt: string }>();
    expect(body.url).toMatch(/^https:\/\/linkwork\.example\.nhs\.uk\/q\/[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(x.t.clock.now().getTime() + 3 * DAY).toISOString());
  });
});
