import { describe, expect, it } from 'vitest';
import { lockRemainingMs, recordFailure, type ThrottlePolicy, type ThrottleState } from './sign-in-throttle.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const policy: ThrottlePolicy = { maxFailures: 5, lockMs: 15 * MINUTE };
const T0 = new Date('2026-11-21T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Records `n` failures, `gapMs` apart, starting at `start`; returns the state and the time of the last. */
function fail(state: ThrottleState | undefined, n: number, start: Date, gapMs = 1_000, p = policy) {
  let s = state;
  let t = start;
  for (let i = 0; i < n; i++) {
    t = new Date(start.getTime() + i * gapMs);
    s = recordFailure(s, 'email:k', t, p);
  }
  return { state: s as ThrottleState, last: t };
}

describe('recordFailure', () => {
  it('counts failures inside the window without locking below the limit', () => {
    const { state } = fail(undefined, 4, T0);
    expect(state).toEqual({ key: 'email:k', failures: 4, lockouts: 0, windowStartedAt: T0.toISOString(), lockedUntil: null });
    expect(lockRemainingMs(state, at(4_000))).toBe(0);
  });

  it('forgets failures once the window has passed', () => {
    const { state } = fail(undefined, 4, T0);
    const later = at(policy.lockMs + 1);
    const next = recordFailure(state, 'email:k', later, policy);
    expect(next.failures).toBe(1);
    expect(next.windowStartedAt).toBe(later.toISOString());
    expect(next.lockedUntil).toBeNull();
    // At exactly the window's length the earlier failures still count.
    const edge = recordFailure(state, 'email:k', at(policy.lockMs), policy);
    expect(edge.lockedUntil).not.toBeNull();
  });

  it('locks on the Nth failure for lockMs', () => {
    const { state, last } = fail(undefined, 5, T0);
    expect(state.lockouts).toBe(1);
    expect(state.failures).toBe(0);
    expect(state.lockedUntil).toBe(new Date(last.getTime() + 15 * MINUTE).toISOString());
    expect(lockRemainingMs(state, last)).toBe(15 * MINUTE);
    expect(lockRemainingMs(state, new Date(last.getTime() + 10 * MINUTE))).toBe(5 * MINUTE);
    expect(lockRemainingMs(state, new Date(last.getTime() + 15 * MINUTE))).toBe(0);
    expect(lockRemainingMs(state, new Date(last.getTime() + 16 * MINUTE))).toBe(0);
  });

  it('does not lock when the failures are spread wider than the window', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 20; i++) s = recordFailure(s, 'email:k', at(i * (policy.lockMs + 1)), policy);
    expect(s?.lockedUntil).toBeNull();
    expect(s?.lockouts).toBe(0);
    expect(s?.failures).toBe(1);
  });

  it('doubles each further lock and caps it at 24 hours', () => {
    let state: ThrottleState | undefined;
    let t = T0;
    const locks: number[] = [];
    for (let round = 0; round < 10; round++) {
      const r = fail(state, 5, t);
      state = r.state;
      const lockedUntil = new Date(state.lockedUntil ?? 0).getTime();
      locks.push(lockedUntil - r.last.getTime());
      expect(lockRemainingMs(state, r.last)).toBe(lockedUntil - r.last.getTime());
      // Try again only once this lock has run out.
      t = new Date(lockedUntil);
    }
    expect(locks.map((ms) => ms / MINUTE)).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440, 1440]);
    expect(state?.lockouts).toBe(10);
    expect(Math.max(...locks)).toBe(24 * HOUR);
  });

  it('caps a first lock longer than a day too', () => {
    const { state, last } = fail(undefined, 3, T0, 1_000, { maxFailures: 3, lockMs: 48 * HOUR });
    expect(lockRemainingMs(state, last)).toBe(24 * HOUR);
  });

  it('keeps the key it was given', () => {
    expect(recordFailure(undefined, 'email:abc', T0, policy).key).toBe('email:abc');
  });
});

describe('lockRemainingMs', () => {
  it('is zero with no state or no lock', () => {
    expect(lockRemainingMs(undefined, T0)).toBe(0);
    expect(lockRemainingMs({ key: 'k', failures: 3, lockouts: 2, windowStartedAt: T0.toISOString(), lockedUntil: null }, T0)).toBe(0);
  });
});

describe('recordFailure around a lock', () => {
  it('leaves an active lock alone when a failure races it', () => {
    const { state, last } = fail(undefined, 5, T0);
    const during = new Date(last.getTime() + MINUTE);
    expect(recordFailure(state, 'email:k', during, policy)).toEqual(state);
    expect(lockRemainingMs(recordFailure(state, 'email:k', during, policy), during)).toBe(14 * MINUTE);
  });

  it('starts a fresh window with the first failure after a lock', () => {
    const { state, last } = fail(undefined, 5, T0);
    const after = new Date(last.getTime() + 15 * MINUTE);
    const next = recordFailure(state, 'email:k', after, policy);
    expect(next).toEqual({ key: 'email:k', failures: 1, lockouts: 1, windowStartedAt: after.toISOString(), lockedUntil: null });
    // …so exactly maxFailures more failures lock again, not maxFailures + 1.
    const again = fail(next, 4, new Date(after.getTime() + 1_000));
    expect(again.state.lockedUntil).toBe(new Date(again.last.getTime() + 30 * MINUTE).toISOString());
  });
});
