import { AppError } from '../../domain/errors.ts';
import { findSession, revokeSession, touchSession } from '../../db/repositories/identity/sessions.ts';
import type { ServiceDeps } from '../kernel/context.ts';
import type { AuthSession } from './shared/auth-session.ts';
import { isDemoEmail } from './shared/demo-accounts.ts';
import { sha256 } from '../kernel/ids.ts';

// Sliding the idle expiry on every request would write on every read; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a session cookie to the signed-in user. Unknown tokens answer unauthenticated; revoked,
 * idle or too-old sessions, and sessions of disabled users, answer session_expired.
 */
export async function authenticate(deps: ServiceDeps, token: string): Promise<AuthSession> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const session = await findSession(db, sha256(token));
  if (session === undefined) throw new AppError('unauthenticated', 'Sign in to continue');
  const expired =
    session.revokedAt !== null ||
    now.getTime() >= new Date(session.idleExpiresAt).getTime() ||
    now.getTime() >= new Date(session.absoluteExpiresAt).getTime() ||
    session.user.disabled ||
    (!config.demo && isDemoEmail(session.user.email));
  if (expired) {
    if (session.revokedAt === null) await revokeSession(db, session.id, now.toISOString());
    throw new AppError('session_expired', 'Your session has ended. Sign in again to continue.');
  }
  let idleExpiresAt = session.idleExpiresAt;
  if (now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_EVERY_MS) {
    idleExpiresAt = new Date(Math.min(now.getTime() + config.sessionIdleMs, new Date(session.absoluteExpiresAt).getTime())).toISOString();
    await touchSession(db, session.id, now.toISOString(), idleExpiresAt);
  }
  return {
    sessionId: session.id,
    userId: session.userId,
    role: session.user.role,
    email: session.user.email,
    displayName: session.user.displayName,
    csrfToken: session.csrfToken,
    idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
  };
}
