import { describe, expect, it } from 'vitest';
import { buildDischargeMessage, longDate, wellbeingOutcomes, type DischargeMessageInput } from './discharge-message.ts';
import { ONS4, UCLA3, scoreAdministration } from './instruments/index.ts';
import { dischargeMessageSchema } from './schemas/cases.ts';

const base: DischargeMessageInput = {
  generatedAt: '2027-02-01T10:00:00.000Z',
  sharingChoice: 'full',
  person: { nhsNumber: '9990079196', givenName: 'Ada', familyName: 'Hartley', dateOfBirth: '1948-03-12' },
  practice: { name: 'Bankfield Surgery', odsCode: 'X99001' },
  referrer: { name: 'Dr Priya Shah', organisation: null },
  referral: {
    reference: 'LW-7KQ3-9FXA',
    source: 'gp',
    createdAt: '2026-11-21T09:00:00.000Z',
    needs: ['loneliness', 'debt'],
    reasonText: 'Lonely since her husband died',
  },
  linkWorker: 'Jo Barker',
  dates: { firstContactAt: '2026-11-23T09:00:00.000Z', acceptedAt: '2026-11-23T09:05:00.000Z', closedAt: '2027-02-01T09:00:00.000Z' },
  dischargeReason: 'goals_met',
  contacts: { successful: 7, attempts: 2 },
  conversationNeeds: [
    { code: 'bereavement', words: 'Since Frank died' },
    { code: 'loneliness', words: null },
  ],
  goals: [
    { id: 'g1', text: 'Get out twice a week', steps: [], targetDate: null, status: 'achieved', progress: 8 },
    { id: 'g2', text: 'Sing again', steps: [], targetDate: null, status: 'in_progress', progress: 5 },
  ],
  communityReferrals: [
    { serviceName: 'Calder Befriending', kind: 'refer', status: 'attended', need: 'loneliness' },
    { serviceName: 'Money Advice', kind: 'refer', status: 'declined', need: 'debt' },
    { serviceName: 'Choir leaflet', kind: 'signpost', status: 'signposted', need: null },
  ],
  gpRecordEntries: [{ code: '871731000000106', description: 'Referral to social prescribing service', recordedOn: '2026-11-23' }],
  wellbeing: [],
};

const ons4 = (life: number, anxiety: number) => scoreAdministration(ONS4, { life_satisfaction: life, worthwhile: 5, happiness: 5, anxiety });

describe('the message back to the GP', () => {
  it("with the full choice: needs in the person's words, support taken up, goals and a summary", () => {
    const m = buildDischargeMessage(base);
    expect(dischargeMessageSchema.parse(m)).toEqual(m);
    expect(m.needsIdentified).toEqual([
      { code: 'bereavement', label: 'Bereavement', personWords: 'Since Frank died' },
      { code: 'loneliness', label: 'Loneliness and isolation', personWords: null },
      { code: 'debt', label: 'Debt and money worries', personWords: null },
    ]);
    expect(m.supportOffered?.map((s) => [s.serviceName, s.takenUp])).toEqual([
      ['Calder Befriending', true],
      ['Money Advice', false],
      ['Choir leaflet', null],
    ]);
    expect(m.support).toEqual({ offered: 3, takenUp: 1 });
    expect(m.outcome).toEqual({ dischargeReason: 'goals_met', dischargeReasonLabel: 'Goals met', goalsAchieved: { achieved: 1, total: 2 } });
    expect(m.episode).toEqual({
      reference: 'LW-7KQ3-9FXA',
      source: 'gp',
      referredOn: '2026-11-21',
      firstContactOn: '2026-11-23',
      acceptedOn: '2026-11-23',
      dischargedOn: '2027-02-01',
      linkWorker: 'Jo Barker',
    });
    expect(m.withheld).toEqual([]);
    expect(m.summary).toBe(
      'Ada Hartley was referred to social prescribing on 21 November 2026 by Dr Priya Shah for bereavement, loneliness and isolation and debt and money worries. ' +
        'The offer of support was accepted on 23 November 2026. There were 7 contacts with Jo Barker, social prescribing link worker. ' +
        '1 of 2 goals in the personal plan was achieved. ' +
        'Support offered: Calder Befriending (referral, attended), Money Advice (referral, declined) and Choir leaflet (signposted). ' +
        'The case was closed on 1 February 2027: goals met.',
    );
  });

  it('with coded events only: identifiers, dates, coded outcome, counts and codes — no free text, no needs', () => {
    const m = buildDischargeMessage({ ...base, sharingChoice: 'coded_only' });
    expect(dischargeMessageSchema.parse(m)).toEqual(m);
    expect(m).toMatchObject({
      needsIdentified: null,
      supportOffered: null,
      goals: null,
      summary: null,
      wellbeing: null,
      withheld: ['needsIdentified', 'supportOffered', 'goals', 'summary', 'wellbeing'],
    });
    expect(m.gpRecordCodes).toEqual([
      { system: 'http://snomed.info/sct', code: '871731000000106', display: 'Referral to social prescribing service', recordedOn: '2026-11-23' },
    ]);
    const text = JSON.stringify(m);
    for (const secret of ['Frank', 'Get out', 'Sing', 'Befriending', 'Money Advice', 'loneliness', 'debt', 'bereavement', 'husband'])
      expect(text).not.toContain(secret);
  });

  it('copes with a case that never got as far as a plan or contact', () => {
    const m = buildDischargeMessage({
      ...base,
      referrer: null,
      dischargeReason: 'unable_to_contact',
      dates: { firstContactAt: null, acceptedAt: null, closedAt: '2026-12-01T09:00:00.000Z' },
      contacts: { successful: 0, attempts: 3 },
      conversationNeeds: null,
      goals: null,
      communityReferrals: [],
    });
    expect(m.outcome.goalsAchieved).toBeNull();
    expect(m.needsIdentified?.map((n) => n.code)).toEqual(['loneliness', 'debt']);
    expect(m.summary).toBe(
      'Ada Hartley was referred to social prescribing on 21 November 2026 for loneliness and isolation and debt and money worries. There were 0 contacts with Jo Barker, social prescribing link worker. The case was closed on 1 December 2026: unable to contact.',
    );
  });

  it('ignores referral need codes it does not know rather than inventing labels', () => {
    const m = buildDischargeMessage({ ...base, conversationNeeds: null, referral: { ...base.referral, needs: ['loneliness', 'not_a_need'] } });
    expect(m.needsIdentified?.map((n) => n.code)).toEqual(['loneliness']);
  });

  it('carries wellbeing outcomes, baseline to latest with bands, only with the full choice', () => {
    const wellbeing = wellbeingOutcomes([
      {
        instrument: ONS4,
        administrations: [
          { timepoint: 'baseline', administeredOn: '2026-11-25', scores: ons4(3, 8) },
          { timepoint: 'review', administeredOn: '2026-12-20', scores: ons4(5, 6) },
          { timepoint: 'final', administeredOn: '2027-01-30', scores: ons4(7, 3) },
        ],
      },
      // No baseline: nothing to compare, left out.
      {
        instrument: UCLA3,
        administrations: [
          { timepoint: 'final', administeredOn: '2027-01-30', scores: scoreAdministration(UCLA3, { companionship: 1, left_out: 1, isolated: 1 }) },
        ],
      },
    ]);
    const life = wellbeing.find((w) => w.measure.startsWith('Overall, how satisfied'));
    expect(life).toEqual({
      instrument: 'ONS4 personal wellbeing',
      measure: 'Overall, how satisfied are you with your life nowadays?',
      baseline: { on: '2026-11-25', score: 3, band: 'Low' },
      latest: { on: '2027-01-30', score: 7, band: 'High' },
      change: 'improved',
    });
    // Anxiety falling is an improvement.
    expect(wellbeing.find((w) => w.measure.includes('anxious'))).toMatchObject({ baseline: { score: 8 }, latest: { score: 3 }, change: 'improved' });
    expect(wellbeing).toHaveLength(4);

    const full = buildDischargeMessage({ ...base, wellbeing });
    expect(dischargeMessageSchema.parse(full)).toEqual(full);
    expect(full.wellbeing).toEqual(wellbeing);
    const coded = buildDischargeMessage({ ...base, sharingChoice: 'coded_only', wellbeing });
    expect(coded.wellbeing).toBeNull();
    expect(coded.withheld).toContain('wellbeing');
  });

  it('writes dates the way letters do', () => {
    expect(longDate('2027-02-01')).toBe('1 February 2027');
    expect(longDate('2026-11-21T23:59:00.000Z')).toBe('21 November 2026');
  });
});
