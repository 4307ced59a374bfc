import type { Role } from '../../../domain/roles.ts';
import type { Actor, RequestMeta } from '../../kernel/context.ts';

/** A signed-in session as the server sees it on each request. */
export interface AuthSession {
  sessionId: string;
  userId: string;
  role: Role;
  email: string;
  displayName: string;
  csrfToken: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

/** The actor for use cases run on behalf of a signed-in session. */
export function toActor(auth: AuthSession, meta: RequestMeta): Actor {
  return { kind: 'user', userId: auth.userId, role: auth.role, meta };
}
