import { revokeSession } from '../../db/repositories/identity/sessions.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import type { RequestMeta, ServiceDeps } from '../kernel/context.ts';
import type { AuthSession } from './shared/auth-session.ts';

/** Ends the session server-side (the cookie becomes worthless) and audits it. */
export async function signOut(deps: ServiceDeps, auth: AuthSession, meta: RequestMeta): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await revokeSession(tx, auth.sessionId, deps.clock.now().toISOString());
    await appendAudit(
      tx,
      deps.clock,
      { kind: 'user', userId: auth.userId, role: auth.role, meta },
      {
        action: 'session.signed_out',
        outcome: 'success',
        entityType: 'user',
        entityId: auth.userId,
      },
    );
  });
}
