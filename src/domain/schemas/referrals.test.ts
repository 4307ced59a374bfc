import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../case-lifecycle.ts';
import { createReferralBodySchema, reasonInWords, selfReferralBodySchema, STATUS_IN_WORDS } from './referrals.ts';
import { updatePersonBodySchema } from './person-details.ts';

const practiceId = '01900000-0000-7000-8000-000000000001';
const person = { givenName: 'Edith', familyName: 'Marsden', dateOfBirth: '1951-04-09' };

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('createReferralBodySchema', () => {
  it('accepts the one-minute form and fills defaults', () => {
    const r = createReferralBodySchema.parse({ person, needs: ['loneliness', 'bereavement', 'loneliness'], consentGiven: true });
    expect(r).toMatchObject({ urgency: 'routine', safeguardingConcern: false, confirmNotDuplicate: false, needs: ['loneliness', 'bereavement'] });
  });

  it('refuses a referral without consent, except proactive outreach', () => {
    expect(paths(createReferralBodySchema.safeParse({ person, needs: ['loneliness'], consentGiven: false }))).toEqual(['consentGiven']);
    expect(createReferralBodySchema.safeParse({ person, needs: ['loneliness'], consentGiven: false, source: 'proactive', practiceId }).success).toBe(true);
  });

  it('needs at least one coded reason, a known code, and one of person or personId', () => {
    expect(paths(createReferralBodySchema.safeParse({ person, needs: [], consentGiven: true }))).toEqual(['needs']);
    expect(paths(createReferralBodySchema.safeParse({ person, needs: ['sadness'], consentGiven: true }))).toEqual(['needs.0']);
    expect(paths(createReferralBodySchema.safeParse({ needs: ['loneliness'], consentGiven: true }))).toEqual(['person']);
    expect(paths(createReferralBodySchema.safeParse({ person, personId: practiceId, needs: ['loneliness'], consentGiven: true }))).toEqual(['person']);
  });

  it('asks what the safeguarding concern is', () => {
    expect(paths(createReferralBodySchema.safeParse({ person, needs: ['loneliness'], consentGiven: true, safeguardingConcern: true }))).toEqual([
      'riskDetails',
    ]);
  });

  it('validates the person: NHS number, postcode, date of birth, codes', () => {
    const bad = createReferralBodySchema.safeParse({
      person: { ...person, nhsNumber: '9991000004', dateOfBirth: '1899-12-31', address: { postcode: '1A1 1AA' }, ethnicCategory: 'Q', sex: 'other' },
      needs: ['loneliness'],
      consentGiven: true,
    });
    expect(paths(bad).sort()).toEqual(['person.address.postcode', 'person.dateOfBirth', 'person.ethnicCategory', 'person.nhsNumber', 'person.sex']);
    const good = createReferralBodySchema.parse({
      person: { ...person, nhsNumber: '999 100 0003', address: { postcode: 'hx1 1aa' } },
      needs: ['loneliness'],
      consentGiven: true,
    });
    expect(good.person).toMatchObject({ nhsNumber: '9991000003', address: { postcode: 'HX1 1AA' } });
  });
});

describe('selfReferralBodySchema', () => {
  const base = {
    firstName: 'Ann',
    lastName: 'Lee',
    dateOfBirth: '1980-01-01',
    gpPracticeId: practiceId,
    phone: '07700 900123',
    whatWouldHelp: ['debt'],
    consent: true,
  };

  it('accepts a plain form', () => {
    expect(selfReferralBodySchema.parse(base)).toMatchObject({ howToContactYou: [], needAnInterpreter: false, accessibleFormats: [] });
  });

  it('requires consent, a way to contact, and something to help with', () => {
    expect(paths(selfReferralBodySchema.safeParse({ ...base, consent: false }))).toEqual(['consent']);
    const { phone: _p, ...noContact } = base;
    expect(paths(selfReferralBodySchema.safeParse(noContact))).toEqual(['phone']);
    expect(paths(selfReferralBodySchema.safeParse({ ...base, whatWouldHelp: [] }))).toEqual(['whatWouldHelp']);
    expect(selfReferralBodySchema.safeParse({ ...base, whatWouldHelp: [], inYourOwnWords: 'I have nobody to talk to' }).success).toBe(true);
  });

  it('checks the chosen ways to contact have what they need', () => {
    expect(paths(selfReferralBodySchema.safeParse({ ...base, howToContactYou: ['email', 'letter'] })).sort()).toEqual(['email', 'postcode']);
  });

  it('refuses fields it does not know', () => {
    expect(selfReferralBodySchema.safeParse({ ...base, isAdmin: true }).success).toBe(false);
  });
});

describe('updatePersonBodySchema', () => {
  it('needs a version and lets optional fields be cleared with null', () => {
    expect(paths(updatePersonBodySchema.safeParse({ phone: null }))).toEqual(['version']);
    expect(updatePersonBodySchema.parse({ version: 2, phone: null, address: { change: 'moved', postcode: 'hx3 0ar' } })).toMatchObject({
      phone: null,
      address: { postcode: 'HX3 0AR' },
    });
  });
});

describe('plain words', () => {
  it('has words for every status and for coded reasons only', () => {
    for (const s of CASE_STATUSES) expect(STATUS_IN_WORDS[s].length).toBeGreaterThan(5);
    expect(reasonInWords('out_of_area')).toBe('Outside the area we cover');
    expect(reasonInWords('goals_met')).toBe('Goals met');
    expect(reasonInWords('some free text')).toBeNull();
    expect(reasonInWords(null)).toBeNull();
  });
});
