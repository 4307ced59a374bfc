import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTriage } from '../../src/domain/triage-order.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeReferral } from '../support/factories.ts';
import { intakeApp, type Intake } from './intake-support.ts';

const DAY = 86_400_000;

interface Card {
  id: string;
  createdAt: string;
  urgency: 'routine' | 'soon' | 'urgent';
  safeguarding: boolean;
}

/** Issue 14: triage floats urgent and safeguarding referrals above routine ones, oldest first within each. */
describe.each(TEST_DIALECTS)('the triage board’s order on %s', (dialect) => {
  let x: Intake;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    x = await intakeApp(dialect);
    const hartley = await x.t.database.db
      .selectFrom('person')
      .select(['id', 'practice_id as practiceId'])
      .where('family_name', '=', 'Hartley')
      .executeTakeFirstOrThrow();
    // Sent over five days, oldest first: the routine ones are older than the urgent one.
    const plan: [string, { urgency?: string; safeguarding?: boolean }][] = [
      ['routineOldest', {}],
      ['soonOld', { urgency: 'soon' }],
      ['routineOld', {}],
      ['safeguardingRoutine', { safeguarding: true }],
      ['urgentNewest', { urgency: 'urgent' }],
    ];
    for (const [name, extra] of plan) {
      made[name] = (await makeReferral(x.t.deps, hartley, { status: 'referred', linkWorkerId: null, ...extra })).id;
      x.t.clock.advance(DAY);
    }
  });
  afterAll(async () => x.close());

  const board = async (query = ''): Promise<Card[]> => {
    const res = await x.get(x.s.helen, `/api/v1/triage${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().referrals as Card[];
  };

  it('puts the newer urgent and safeguarding referrals above older routine ones, oldest first within each', async () => {
    const cards = await board();
    const ours = cards.filter((c) => Object.values(made).includes(c.id)).map((c) => Object.entries(made).find(([, id]) => id === c.id)?.[0]);
    expect(ours).toEqual(['safeguardingRoutine', 'urgentNewest', 'soonOld', 'routineOldest', 'routineOld']);
    // The whole board, demo referrals included, follows the one rule.
    expect(cards.map((c) => c.id)).toEqual([...cards].sort(compareTriage).map((c) => c.id));
  });

  it('a short board keeps the most pressing: a limit never drops an urgent referral for an older routine one', async () => {
    const all = await board();
    const pressing = all.filter((c) => c.urgency === 'urgent' || c.safeguarding);
    const short = await board(`?limit=${pressing.length}`);
    expect(short.map((c) => c.id)).toEqual(pressing.map((c) => c.id));
    expect(short.map((c) => c.id)).toContain(made['urgentNewest']);
  });
});
