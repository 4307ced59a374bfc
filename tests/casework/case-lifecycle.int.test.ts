import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PAGE_COMMANDS, CASE_STATUSES, nextStatus } from '../../src/domain/case-lifecycle.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, phone, type Casework } from './case-support.ts';

/**
 * The lifecycle over HTTP: every command from every status is either the move the table allows or
 * a refused `invalid_transition` that changes nothing; a stale version is a `conflict` that changes
 * nothing; a decline writes its own GP-record code; three failed attempts suggest "unable to contact".
 */
describe.each(TEST_DIALECTS)('case lifecycle over HTTP on %s', (dialect) => {
  let w: Casework;

  beforeAll(async () => {
    w = await casework(dialect);
  });
  afterAll(async () => w.t.close());

  const body = (command: string, version: number) =>
    command === 'discharge' ? { command, version, reason: 'other', sharingChoice: 'coded_only' } : { command, version };
  const row = (id: string) =>
    w.t.database.db.selectFrom('referral').select(['status', 'version', 'accepted_at', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const sideEffects = async (id: string) => ({
    gp: (await w.t.database.db.selectFrom('gp_record_entry').select('id').where('referral_id', '=', id).execute()).length,
    events: (await w.t.database.db.selectFrom('case_event').select('id').where('referral_id', '=', id).execute()).length,
    audit: await w.auditCount(),
  });

  it('walks the whole table: each command from each status moves as allowed or is refused without a trace', async () => {
    let checked = 0;
    for (const from of CASE_STATUSES) {
      for (const command of CASE_PAGE_COMMANDS) {
        const c = await w.newCase({ status: from, linkWorker: from === 'referred' ? null : 'jo' });
        const before = await sideEffects(c.id);
        const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, body(command, 1));
        const to = nextStatus(from, command);
        if (to === null) {
          expect(res.statusCode, `${from} ${command}`).toBe(409);
          expect(res.json().error).toMatchObject({ code: 'invalid_transition', details: { from, command } });
          expect(await row(c.id)).toMatchObject({ status: from, version: 1 });
          expect(await sideEffects(c.id), `${from} ${command}`).toEqual(before);
        } else {
          expect(res.statusCode, `${from} ${command}: ${res.body}`).toBe(200);
          expect(res.json()).toEqual({ id: c.id, status: to, version: 2 });
          expect(Number((await row(c.id)).version)).toBe(2);
          const after = await sideEffects(c.id);
          expect(after.audit).toBe(before.audit + 1);
          expect(after.gp).toBe(before.gp + (command === 'accept' || command === 'decline' ? 1 : 0));
        }
        checked += 1;
      }
    }
    expect(checked).toBe(CASE_STATUSES.length * CASE_PAGE_COMMANDS.length);
  });

  it('answers a stale version with 409 conflict and changes nothing at all', async () => {
    const c = await w.newCase();
    expect((await w.post(w.s.jo, `/api/v1/cases/${c.id}/contacts`, phone(w.t, false))).statusCode).toBe(201);
    const before = { ...(await row(c.id)), ...(await sideEffects(c.id)) };
    expect(Number(before.version)).toBe(2);
    const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, { command: 'accept', version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'conflict', details: { reason: 'stale_version', currentVersion: 2 } });
    expect({ ...(await row(c.id)), ...(await sideEffects(c.id)) }).toEqual(before);
    // With the current version it goes through.
    expect((await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, { command: 'accept', version: 2 })).json()).toMatchObject({ status: 'accepted', version: 3 });
  });

  it('writes the decline code (871711000000103) once, and the message back carries it', async () => {
    const c = await w.newCase();
    w.t.clock.advance(DAY);
    const declined = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, { command: 'decline', version: 1 });
    expect(declined.json()).toMatchObject({ status: 'declined' });
    const entries = await w.t.database.db.selectFrom('gp_record_entry').select(['code', 'description']).where('referral_id', '=', c.id).execute();
    expect(entries).toEqual([{ code: '871711000000103', description: 'Social prescribing declined' }]);
    const page = (await w.get(w.s.jo, `/api/v1/cases/${c.id}`)).json();
    expect(page).toMatchObject({ status: 'declined', statusReason: 'declined', allowedCommands: ['discharge'], acceptedAt: null });
    expect(page.firstContactAt).toEqual(expect.any(String));
    const closed = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, {
      command: 'discharge',
      version: page.version,
      reason: 'declined',
      sharingChoice: 'coded_only',
    });
    expect(closed.statusCode).toBe(200);
    const m = (await w.get(w.s.jo, `/api/v1/cases/${c.id}/discharge-message`)).json();
    expect(m.outcome.dischargeReason).toBe('declined');
    expect(m.gpRecordCodes.map((g: { code: string }) => g.code)).toEqual(['871711000000103']);
    const csv = (await w.get(w.s.lead, '/api/v1/gp-record-entries.csv')).body;
    expect(csv).toContain(`${c.nhsNumber},`);
    expect(csv).toContain('871711000000103');
  });

  it('suggests "unable to contact" after three failed attempts, and discharges for that reason', async () => {
    const c = await w.newCase();
    for (let i = 1; i <= 3; i++) {
      const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/contacts`, { ...phone(w.t, false), type: i === 2 ? 'text' : 'phone' });
      expect(res.json().suggestedDischarge).toBe(i < 3 ? null : 'unable_to_contact');
    }
    const page = (await w.get(w.s.jo, `/api/v1/cases/${c.id}`)).json();
    expect(page).toMatchObject({ status: 'contacting', suggestedDischarge: 'unable_to_contact', contacts: { successful: 0, attempts: 3 } });
    const list = (await w.get(w.s.jo, '/api/v1/cases?status=contacting')).json();
    expect(list.cases.find((x: { id: string }) => x.id === c.id)).toMatchObject({ suggestedDischarge: 'unable_to_contact', contactAttempts: 3 });
    const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, {
      command: 'discharge',
      version: page.version,
      reason: 'unable_to_contact',
      sharingChoice: 'coded_only',
    });
    expect(res.json().status).toBe('discharged');
    expect(await w.t.database.db.selectFrom('gp_record_entry').select('id').where('referral_id', '=', c.id).execute()).toEqual([]);
  });

  it('refuses malformed commands at the edge: discharge needs a coded reason and the sharing choice', async () => {
    const c = await w.newCase({ status: 'active' });
    for (const bad of [
      { command: 'discharge', version: 1 },
      { command: 'discharge', version: 1, reason: 'bored', sharingChoice: 'full' },
      { command: 'discharge', version: 1, reason: 'goals_met', sharingChoice: 'everything' },
      { command: 'allocate', version: 1 },
      { command: 'start' },
      { command: 'start', version: 1, extra: true },
    ]) {
      const res = await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(await row(c.id)).toMatchObject({ status: 'active', version: 1 });
  });

  it('refuses a contact dated in the future, and a conversation or plan before acceptance', async () => {
    const c = await w.newCase();
    const future = await w.post(w.s.jo, `/api/v1/cases/${c.id}/contacts`, { ...phone(w.t, true), at: new Date(w.t.clock.now().getTime() + DAY).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.fields.at).toEqual(expect.any(String));
    const conv = await w.put(w.s.jo, `/api/v1/cases/${c.id}/conversation`, { version: 0, needs: [{ code: 'loneliness' }] });
    expect(conv.statusCode).toBe(409);
    expect(conv.json().error.code).toBe('invalid_transition');
    const plan = await w.post(w.s.jo, `/api/v1/cases/${c.id}/plan/versions`, { basedOnVersion: 0, goals: [{ text: 'x' }] });
    expect(plan.json().error.code).toBe('invalid_transition');
    const badPlan = await w.post(w.s.jo, `/api/v1/cases/${c.id}/plan/versions`, { basedOnVersion: 0, goals: [{ text: 'x', progress: 11 }] });
    expect(badPlan.statusCode).toBe(400);
  });
});
