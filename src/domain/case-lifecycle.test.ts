import { describe, expect, it } from 'vitest';
import {
  allowedCommands,
  CASE_COMMANDS,
  CASE_PAGE_COMMANDS,
  CASE_STATUSES,
  canRecord,
  consentNeededToAccept,
  goalsMetNeedsConfirmation,
  gpRecordEventFor,
  isCaseStatus,
  nextStatus,
  OPEN_STATUSES,
  statusAfterContact,
  suggestedDischarge,
  UNABLE_TO_CONTACT_AFTER,
} from './case-lifecycle.ts';
import { GP_RECORD_CODES } from './snomed.ts';

describe('the case lifecycle', () => {
  it('allows exactly the moves of DOMAIN.md §2, and nothing from a closed case', () => {
    const moves = CASE_STATUSES.flatMap((s) => CASE_COMMANDS.flatMap((c) => (nextStatus(s, c) === null ? [] : [`${s} -${c}-> ${nextStatus(s, c)}`])));
    expect(moves).toEqual([
      'referred -allocate-> allocated',
      'referred -reject-> rejected',
      'referred -redirect-> redirected',
      'allocated -allocate-> allocated',
      'allocated -log_attempt-> contacting',
      'allocated -accept-> accepted',
      'allocated -decline-> declined',
      'allocated -discharge-> discharged',
      'contacting -allocate-> contacting',
      'contacting -log_attempt-> contacting',
      'contacting -accept-> accepted',
      'contacting -decline-> declined',
      'contacting -discharge-> discharged',
      'accepted -allocate-> accepted',
      'accepted -start-> active',
      'accepted -hold-> on_hold',
      'accepted -discharge-> discharged',
      'declined -discharge-> discharged',
      'active -allocate-> active',
      'active -hold-> on_hold',
      'active -discharge-> discharged',
      'on_hold -allocate-> on_hold',
      'on_hold -resume-> active',
      'on_hold -discharge-> discharged',
    ]);
    for (const closed of ['discharged', 'rejected', 'redirected'] as const) expect(allowedCommands(closed)).toEqual([]);
  });

  it('accepts only once per episode: no path leads back to a status that allows accept', () => {
    const reachableAfterAccept = new Set<string>(['accepted']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of [...reachableAfterAccept]) {
        for (const c of CASE_COMMANDS) {
          const n = nextStatus(s as (typeof CASE_STATUSES)[number], c);
          if (n !== null && !reachableAfterAccept.has(n)) {
            reachableAfterAccept.add(n);
            grew = true;
          }
        }
      }
    }
    for (const s of reachableAfterAccept) expect(nextStatus(s as (typeof CASE_STATUSES)[number], 'accept'), s).toBeNull();
  });

  it('writes the acceptance and decline codes, and nothing for other commands', () => {
    expect(gpRecordEventFor('accept')).toBe('referral_accepted');
    expect(GP_RECORD_CODES[gpRecordEventFor('accept') ?? 'declined'].code).toBe('871731000000106');
    expect(gpRecordEventFor('decline')).toBe('declined');
    expect(GP_RECORD_CODES.declined.code).toBe('871711000000103');
    for (const c of CASE_COMMANDS.filter((x) => x !== 'accept' && x !== 'decline')) expect(gpRecordEventFor(c)).toBeNull();
  });

  it('offers the case page every lifecycle command except triage and attempts', () => {
    expect([...CASE_PAGE_COMMANDS].sort()).toEqual(CASE_COMMANDS.filter((c) => !['allocate', 'reject', 'redirect', 'log_attempt'].includes(c)).sort());
  });
});

describe('contact attempts', () => {
  it('moves a new allocation to contacting on a failed attempt, and counts it', () => {
    expect(statusAfterContact('allocated', false)).toEqual({ status: 'contacting', countsAsAttempt: true });
    expect(statusAfterContact('contacting', false)).toEqual({ status: 'contacting', countsAsAttempt: true });
  });

  it('leaves the status alone for a successful contact, and for attempts once the person is engaged', () => {
    expect(statusAfterContact('allocated', true)).toEqual({ status: 'allocated', countsAsAttempt: false });
    for (const s of ['accepted', 'active', 'on_hold', 'declined'] as const) expect(statusAfterContact(s, false)).toEqual({ status: s, countsAsAttempt: false });
  });

  it(`suggests "unable to contact" after ${UNABLE_TO_CONTACT_AFTER} failed attempts with nobody reached`, () => {
    expect(UNABLE_TO_CONTACT_AFTER).toBe(3);
    expect(suggestedDischarge({ status: 'contacting', contactAttempts: 2, firstContactAt: null })).toBeNull();
    expect(suggestedDischarge({ status: 'contacting', contactAttempts: 3, firstContactAt: null })).toBe('unable_to_contact');
    expect(suggestedDischarge({ status: 'contacting', contactAttempts: 5, firstContactAt: '2026-11-21T10:00:00.000Z' })).toBeNull();
    expect(suggestedDischarge({ status: 'active', contactAttempts: 5, firstContactAt: null })).toBeNull();
  });

  it("follows the deployment's own number of attempts when given one", () => {
    expect(suggestedDischarge({ status: 'contacting', contactAttempts: 3, firstContactAt: null }, 5)).toBeNull();
    expect(suggestedDischarge({ status: 'contacting', contactAttempts: 5, firstContactAt: null }, 5)).toBe('unable_to_contact');
    expect(suggestedDischarge({ status: 'allocated', contactAttempts: 1, firstContactAt: null }, 1)).toBe('unable_to_contact');
  });
});

describe('what may be recorded in each status', () => {
  it('takes contacts while the case is open or declined, the conversation and plan once accepted, nothing once closed', () => {
    for (const s of CASE_STATUSES) {
      expect(canRecord(s, 'contact'), s).toBe([...OPEN_STATUSES, 'declined'].includes(s));
      expect(canRecord(s, 'conversation'), s).toBe(['accepted', 'active', 'on_hold'].includes(s));
      expect(canRecord(s, 'plan'), s).toBe(['accepted', 'active', 'on_hold'].includes(s));
      expect(canRecord(s, 'unmet_need'), s).toBe(OPEN_STATUSES.includes(s));
    }
  });

  it('recognises status strings', () => {
    expect(isCaseStatus('on_hold')).toBe(true);
    expect(isCaseStatus('closed')).toBe(false);
  });
});

describe('consent and "goals met" at the edges of a case', () => {
  it('asks for consent on acceptance only when none is on record', () => {
    expect(consentNeededToAccept({ consentGiven: false }, undefined)).toBe(true);
    expect(consentNeededToAccept({ consentGiven: false }, false)).toBe(true);
    expect(consentNeededToAccept({ consentGiven: false }, true)).toBe(false);
    expect(consentNeededToAccept({ consentGiven: true }, undefined)).toBe(false);
  });

  it('asks to confirm "goals met" when no goal in the plan is achieved', () => {
    expect(goalsMetNeedsConfirmation('goals_met', null)).toBe(true);
    expect(goalsMetNeedsConfirmation('goals_met', [])).toBe(true);
    expect(goalsMetNeedsConfirmation('goals_met', [{ status: 'in_progress' }, { status: 'partly_achieved' }])).toBe(true);
    expect(goalsMetNeedsConfirmation('goals_met', [{ status: 'in_progress' }, { status: 'achieved' }])).toBe(false);
    expect(goalsMetNeedsConfirmation('moved_away', [])).toBe(false);
  });
});
