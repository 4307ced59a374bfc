import { AppError } from '../../domain/errors.ts';
import { findSession, revokeSession, touchSession } from '../../db/repositories/identity/sessions.ts';
import type { ServiceDeps } from '../kernel/context.ts';
import type { AuthSession } from './shared/auth-session.ts';
import { isDemoEmail } from './shared/demo-accounts.ts';
import { sha256 } from '../kernel/ids.ts';

// Sliding the idle expiry on every request would write on every read, so a use within this long
// of the last recorded one is not written down. The idle check allows the same margin on top of
// the stored deadline: otherwise such a use did not count, and a session used 29 minutes ago
// (but 30 minutes after the last recorded use) ended early. It may now end up to this much late.
const TOUCH_EVERY_MS = 30_000;

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
    now.getTime() >= new Date(session.idleExpiresAt).getTime() + TOUCH_EVERY_MS ||
    now.getTime() >= new Date(session.absoluteExpiresAt).getTime() ||
    session.user.disabled ||
    (!config.demo && isDemoEmail(session.user.email));
  if (expired) {
    if (session.revokedAt === null) await revokeSession(db, session.id, now.toISOString());
    throw new AppError('session_expired', 'Your session has ended. Sign in again to continue.');
  }
  // What the caller is told is true either way: the session lasts at least this long from now.
  const idleExpiresAt = new Date(Math.min(now.getTime() + config.sessionIdleMs, new Date(session.absoluteExpiresAt).getTime())).toISOString();
  if (now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_EVERY_MS) await touchSession(db, session.id, now.toISOString(), idleExpiresAt);
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
