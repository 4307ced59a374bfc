import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, phone, type Casework } from '../casework/case-support.ts';

/**
 * Today's outcome lists through the real API: a case accepted over 14 days ago with no baseline is
 * listed until a baseline is recorded; a case with a baseline shows "final due" once the person has
 * had 6 successful contacts, and leaves the list when the final is recorded.
 */
describe.each(TEST_DIALECTS)('outcomes on Today on %s', (dialect) => {
  let w: Casework;
  const today = () => w.t.clock.now().toISOString().slice(0, 10);
  const ids = (list: { id: string }[]) => list.map((c) => c.id);
  const getToday = async () => {
    const res = await w.get(w.s.jo, '/api/v1/today');
    expect(res.statusCode).toBe(200);
    return res.json<{ baselinesMissing: { id: string }[]; finalsDue: { id: string; successfulContacts: number }[] }>();
  };
  const accepted = async () => {
    const c = await w.newCase({ status: 'contacting' });
    expect((await w.post(w.s.jo, `/api/v1/cases/${c.id}/status`, { command: 'accept', version: 1 })).statusCode).toBe(200);
    return c.id;
  };
  const ons4 = (caseId: string, timepoint: string) =>
    w.post(w.s.jo, `/api/v1/cases/${caseId}/outcomes`, {
      instrument: 'ons4',
      timepoint,
      mode: 'telephone',
      administeredOn: today(),
      answers: { life_satisfaction: 5, worthwhile: 5, happiness: 5, anxiety: 5 },
    });

  beforeAll(async () => {
    w = await casework(dialect);
  });
  afterAll(async () => w.t.close());

  it('lists a missing baseline 14 days after acceptance, until one is recorded', async () => {
    const early = await accepted();
    const withBaseline = await accepted();
    expect((await ons4(withBaseline, 'baseline')).statusCode).toBe(201);
    expect(ids((await getToday()).baselinesMissing)).not.toContain(early);
    w.t.clock.advance(14 * DAY + 60_000);
    const t = await getToday();
    expect(ids(t.baselinesMissing)).toContain(early);
    expect(ids(t.baselinesMissing)).not.toContain(withBaseline);
    expect((await ons4(early, 'baseline')).statusCode).toBe(201);
    expect(ids((await getToday()).baselinesMissing)).not.toContain(early);
  });

  it('lists a final as due after 6 successful contacts, until it is recorded', async () => {
    const c = await accepted();
    expect((await ons4(c, 'baseline')).statusCode).toBe(201);
    for (let i = 0; i < 5; i++) {
      w.t.clock.advance(DAY);
      expect((await w.post(w.s.jo, `/api/v1/cases/${c}/contacts`, phone(w.t, true))).statusCode).toBe(201);
    }
    expect(ids((await getToday()).finalsDue)).not.toContain(c);
    w.t.clock.advance(DAY);
    expect((await w.post(w.s.jo, `/api/v1/cases/${c}/contacts`, phone(w.t, true))).statusCode).toBe(201);
    const due = (await getToday()).finalsDue.find((x) => x.id === c);
    expect(due?.successfulContacts).toBe(6);
    expect((await ons4(c, 'final')).statusCode).toBe(201);
    expect(ids((await getToday()).finalsDue)).not.toContain(c);
  });

  it('lists a final as due 12 weeks after acceptance even with few contacts', async () => {
    const c = await accepted();
    expect((await ons4(c, 'baseline')).statusCode).toBe(201);
    expect(ids((await getToday()).finalsDue)).not.toContain(c);
    w.t.clock.advance(84 * DAY + 60_000);
    expect(ids((await getToday()).finalsDue)).toContain(c);
  });
});
