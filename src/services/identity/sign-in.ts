import { AppError } from '../../domain/errors.ts';
import { lockRemainingMs, recordFailure } from '../../domain/sign-in-throttle.ts';
import type { Role } from '../../domain/roles.ts';
import type { SignInBody } from '../../domain/schemas/auth.ts';
import { lockKeyForTransaction } from '../../db/locks.ts';
import { insertSession } from '../../db/repositories/identity/sessions.ts';
import { clearThrottle, findThrottle, saveThrottle } from '../../db/repositories/identity/sign-in-throttle.ts';
import { findUserWithSecretByEmail } from '../../db/repositories/identity/users.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import type { RequestMeta, ServiceDeps } from '../kernel/context.ts';
import { isDemoEmail } from './shared/demo-accounts.ts';
import { newToken, sha256 } from '../kernel/ids.ts';
import { verifyPassword } from './shared/passwords.ts';
import { throttleKeyFor } from './shared/throttle-key.ts';

export interface SignedIn {
  token: string;
  userId: string;
  role: Role;
  csrfToken: string;
}

const WRONG = 'Email address or password is incorrect';

/**
 * Signs a user in and opens a server-side session. Every outcome is audited. The answer for an
 * unknown account, a disabled one and a wrong password is the same, and so is the lock-out:
 * throttling is keyed by the typed email (hashed), whether or not an account has it.
 */
export async function signIn(deps: ServiceDeps, input: SignInBody, meta: RequestMeta): Promise<SignedIn> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const email = input.email.trim().toLowerCase();
  const key = throttleKeyFor(email);
  const failedActor = { kind: 'system', label: 'sign-in', meta } as const;

  const throttle = await findThrottle(db, key);
  const remaining = lockRemainingMs(throttle, now);
  if (remaining > 0) {
    await db
      .transaction()
      .execute((tx) => appendAudit(tx, clock, failedActor, { action: 'session.sign_in_failed', outcome: 'failure', summary: { reason: 'locked' } }));
    throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', {
      retryAfterSeconds: Math.ceil(remaining / 1000),
    });
  }

  const found = await findUserWithSecretByEmail(db, email);
  // Demo accounts exist only in demo mode: outside it they are treated as unknown.
  const user = found !== undefined && (config.demo || !isDemoEmail(found.email)) ? found : undefined;
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);

  if (user === undefined || !passwordOk || user.disabled) {
    const reason = user === undefined ? 'unknown_account' : user.disabled ? 'disabled' : 'wrong_password';
    await db.transaction().execute(async (tx) => {
      // Re-read the count under a per-key lock: concurrent wrong passwords must each count
      // (reading it before the slow password check let 20 parallel attempts count as one).
      await lockKeyForTransaction(tx, deps.dialect, key);
      const current = await findThrottle(tx, key);
      await saveThrottle(tx, recordFailure(current, key, now, { maxFailures: config.signInMaxFailures, lockMs: config.signInLockMs }));
      await appendAudit(tx, clock, user === undefined ? failedActor : { kind: 'user', userId: user.id, role: user.role, meta }, {
        action: 'session.sign_in_failed',
        outcome: 'failure',
        entityType: 'user',
        entityId: user?.id ?? null,
        summary: { reason },
      });
    });
    throw new AppError('unauthenticated', WRONG);
  }

  const token = newToken();
  const csrfToken = newToken();
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    await clearThrottle(tx, key);
    await insertSession(tx, {
      id: sha256(token),
      userId: user.id,
      csrfToken,
      at,
      idleExpiresAt: new Date(now.getTime() + config.sessionIdleMs).toISOString(),
      absoluteExpiresAt: new Date(now.getTime() + config.sessionAbsoluteMs).toISOString(),
    });
    await appendAudit(
      tx,
      clock,
      { kind: 'user', userId: user.id, role: user.role, meta },
      {
        action: 'session.signed_in',
        outcome: 'success',
        entityType: 'user',
        entityId: user.id,
      },
    );
  });
  return { token, userId: user.id, role: user.role, csrfToken };
}
