import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import {
  canInviteAgain,
  compareWorklist,
  isOpenOutreach,
  nextActionOf,
  nextOutreachState,
  outreachStagesReached,
  type OutreachState,
  type WorklistOrderItem,
} from './outreach.ts';

function refusal(f: () => unknown): { code: string; details: Record<string, unknown> | undefined } {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('outreach state machine', () => {
  it('walks a person from identified to accepted', () => {
    let s: OutreachState = 'identified';
    s = nextOutreachState({ state: s, attempts: 0 }, { kind: 'review', outcome: 'cleared' });
    expect(s).toBe('cleared');
    s = nextOutreachState({ state: s, attempts: 0 }, { kind: 'invite' });
    expect(s).toBe('invited');
    s = nextOutreachState({ state: s, attempts: 1 }, { kind: 'respond' });
    expect(s).toBe('responded');
    expect(nextOutreachState({ state: s, attempts: 1 }, { kind: 'accept' })).toBe('accepted');
    expect(nextOutreachState({ state: s, attempts: 1 }, { kind: 'decline' })).toBe('declined');
  });

  it('refuses an invitation before a cleared review, with the state and command', () => {
    const r = refusal(() => nextOutreachState({ state: 'identified', attempts: 0 }, { kind: 'invite' }));
    expect(r.code).toBe('invalid_transition');
    expect(r.details).toMatchObject({ from: 'identified', command: 'invite' });
    expect(refusal(() => nextOutreachState({ state: 'not_suitable', attempts: 0 }, { kind: 'invite' })).code).toBe('invalid_transition');
  });

  it('stops at the maximum number of attempts, and only then allows no response', () => {
    expect(nextOutreachState({ state: 'invited', attempts: 2 }, { kind: 'invite' }, 3)).toBe('invited');
    const r = refusal(() => nextOutreachState({ state: 'invited', attempts: 3 }, { kind: 'invite' }, 3));
    expect(r.details).toMatchObject({ attempts: 3, maxAttempts: 3 });
    expect(refusal(() => nextOutreachState({ state: 'invited', attempts: 2 }, { kind: 'no_response' }, 3)).code).toBe('invalid_transition');
    expect(nextOutreachState({ state: 'invited', attempts: 3 }, { kind: 'no_response' }, 3)).toBe('no_response');
    expect(nextOutreachState({ state: 'invited', attempts: 1 }, { kind: 'no_response' }, 1)).toBe('no_response');
    expect(canInviteAgain({ state: 'invited', attempts: 2 }, 3)).toBe(true);
    expect(canInviteAgain({ state: 'invited', attempts: 3 }, 3)).toBe(false);
  });

  it('reviews once only', () => {
    for (const state of ['cleared', 'not_suitable', 'invited'] as const) {
      expect(refusal(() => nextOutreachState({ state, attempts: 0 }, { kind: 'review', outcome: 'cleared' })).code).toBe('invalid_transition');
    }
    expect(nextOutreachState({ state: 'identified', attempts: 0 }, { kind: 'review', outcome: 'not_suitable' })).toBe('not_suitable');
  });

  it('accepts or declines only after an invitation', () => {
    for (const kind of ['accept', 'decline', 'respond'] as const) {
      for (const state of ['identified', 'cleared', 'declined', 'no_response'] as const) {
        expect(refusal(() => nextOutreachState({ state, attempts: 1 }, { kind })).code, `${kind} from ${state}`).toBe('invalid_transition');
      }
    }
    expect(nextOutreachState({ state: 'invited', attempts: 1 }, { kind: 'decline' })).toBe('declined');
  });

  it('honours an opt-out from any state but accepted', () => {
    for (const state of ['identified', 'cleared', 'not_suitable', 'invited', 'responded', 'declined', 'no_response'] as const) {
      expect(nextOutreachState({ state, attempts: 0 }, { kind: 'opt_out' })).toBe('opted_out');
    }
    expect(refusal(() => nextOutreachState({ state: 'accepted', attempts: 1 }, { kind: 'opt_out' })).code).toBe('invalid_transition');
    expect(refusal(() => nextOutreachState({ state: 'opted_out', attempts: 1 }, { kind: 'opt_out' })).code).toBe('invalid_transition');
  });

  it('says which outreaches are still open', () => {
    expect(isOpenOutreach('identified')).toBe(true);
    expect(isOpenOutreach('responded')).toBe(true);
    expect(isOpenOutreach('declined')).toBe(false);
    expect(isOpenOutreach('opted_out')).toBe(false);
  });
});

describe('the worklist', () => {
  const item = (id: string, state: OutreachState, extra: Partial<WorklistOrderItem> = {}): WorklistOrderItem => ({
    id,
    state,
    attempts: 0,
    score: 1,
    lastAttemptAt: null,
    createdAt: '2026-12-01T09:00:00.000Z',
    ...extra,
  });

  it('puts what needs doing next first: reviews, invitations, replies (longest waiting first), then the closed', () => {
    const items = [
      item('a', 'declined'),
      item('b', 'invited', { attempts: 1, lastAttemptAt: '2026-12-05T09:00:00.000Z' }),
      item('c', 'cleared', { score: 2 }),
      item('d', 'identified', { score: 1 }),
      item('e', 'identified', { score: 3 }),
      item('f', 'invited', { attempts: 2, lastAttemptAt: '2026-12-02T09:00:00.000Z' }),
      item('g', 'cleared', { score: 5 }),
    ];
    expect(items.sort(compareWorklist).map((i) => i.id)).toEqual(['e', 'd', 'g', 'c', 'f', 'b', 'a']);
    expect(nextActionOf({ state: 'responded' })).toBe('await_reply');
    expect(nextActionOf({ state: 'not_suitable' })).toBe('done');
  });
});

describe('funnel stages', () => {
  it('counts the stages an outreach reached', () => {
    expect([...outreachStagesReached({ state: 'identified', reviewOutcome: null, attempts: 0, respondedAt: null })]).toEqual(['identified']);
    expect([...outreachStagesReached({ state: 'not_suitable', reviewOutcome: 'not_suitable', attempts: 0, respondedAt: null })]).toEqual([
      'identified',
      'reviewed',
    ]);
    expect([...outreachStagesReached({ state: 'accepted', reviewOutcome: 'cleared', attempts: 2, respondedAt: '2026-12-03' })]).toEqual([
      'identified',
      'reviewed',
      'cleared',
      'invited',
      'responded',
      'accepted',
    ]);
    // Opting out after an invitation: invited, but no response recorded.
    expect(outreachStagesReached({ state: 'opted_out', reviewOutcome: 'cleared', attempts: 1, respondedAt: null }).has('responded')).toBe(false);
  });
});
