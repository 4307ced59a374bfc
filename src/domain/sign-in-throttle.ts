/** Failed sign-ins per account key: counted in a window, then a lock that doubles each time. */
export interface ThrottleState {
  key: string;
  failures: number;
  lockouts: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  lockMs: number;
}

const MAX_LOCK_MS = 24 * 3_600_000;

/** Milliseconds until the key may try again, or 0 when it is not locked. */
export function lockRemainingMs(state: ThrottleState | undefined, now: Date): number {
  if (state?.lockedUntil == null) return 0;
  return Math.max(0, new Date(state.lockedUntil).getTime() - now.getTime());
}

/**
 * The state after one more failure: failures older than the window are forgotten; reaching the
 * limit locks the key for lockMs × 2^(earlier lock-outs), at most a day (back-off). A failure
 * during a lock leaves the state as it is; the first one after a lock starts a new window.
 */
export function recordFailure(state: ThrottleState | undefined, key: string, now: Date, policy: ThrottlePolicy): ThrottleState {
  // A failure while locked (a request that raced the lock) must neither lift nor shorten the lock.
  if (state !== undefined && lockRemainingMs(state, now) > 0) return state;
  // The first failure after a lock opens a fresh window: the lock's own time is not part of it.
  const windowExpired = state === undefined || state.lockedUntil !== null || now.getTime() - new Date(state.windowStartedAt).getTime() > policy.lockMs;
  const failures = (windowExpired ? 0 : state.failures) + 1;
  const lockouts = state?.lockouts ?? 0;
  const windowStartedAt = windowExpired ? now.toISOString() : state.windowStartedAt;
  if (failures >= policy.maxFailures) {
    const lockMs = Math.min(policy.lockMs * 2 ** lockouts, MAX_LOCK_MS);
    return { key, failures: 0, lockouts: lockouts + 1, windowStartedAt: now.toISOString(), lockedUntil: new Date(now.getTime() + lockMs).toISOString() };
  }
  return { key, failures, lockouts, windowStartedAt, lockedUntil: null };
}
