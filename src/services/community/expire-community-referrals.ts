import { conflict, isAppError } from '../../domain/errors.ts';
import { findCommunityReferral, listDueForExpiry } from '../../db/repositories/community/community-referrals.ts';
import { systemActor, type Actor, type ServiceDeps } from '../kernel/context.ts';
import { applyCommunityCommand } from './shared/community-commands.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** The system actor the expiry job writes the audit trail as. */
export const EXPIRY_JOB_ACTOR: Actor = systemActor('expiry-job');

/**
 * The job: every referral still `sent` after its expiry time becomes `no_response` (decline reason
 * `no_response`), with a case-timeline event, a notification to the case's link worker and one
 * audit event — each referral in its own transaction, so one failure does not hold up the rest
 * and a referral the provider answered meanwhile is left alone. Idempotent: a second run finds
 * nothing due. Returns how many expired.
 */
export async function expireCommunityReferrals(deps: ServiceDeps, actor: Actor = EXPIRY_JOB_ACTOR): Promise<{ expired: number }> {
  const due = await listDueForExpiry(deps.db, deps.clock.now().toISOString());
  let expired = 0;
  for (const { id, version } of due) {
    try {
      await runUseCase(deps, actor, {
        permission: 'community_referral:respond',
        action: 'community_referral.expired',
        entityType: 'community_referral',
        entityId: id,
        work: async (tx) => {
          const cr = await findCommunityReferral(tx, id);
          if (cr === undefined) throw conflict.because('concurrent_write', 'Referral vanished');
          await applyCommunityCommand(tx, deps, actor, cr, 'expire', { expectedVersion: version });
          return cr;
        },
        audit: (cr) => ({ personId: cr.personId, summary: { serviceId: cr.serviceId, from: 'sent', to: 'no_response', declineReason: 'no_response' } }),
      });
      expired += 1;
    } catch (err) {
      // Answered, cancelled or expired by another run since the list was read: nothing to do.
      if (isAppError(err) && (err.code === 'conflict' || err.code === 'invalid_transition')) continue;
      throw err;
    }
  }
  return { expired };
}

/**
 * Runs the expiry job now and then every `everyMs` (the server uses an hour). Runs never overlap;
 * a failed run is reported to `onError` and the next one tries again. The timer does not keep the
 * process alive. Returns a function that stops it.
 */
export function startExpiryTimer(deps: ServiceDeps, everyMs: number, onError: (err: unknown) => void = () => {}): () => void {
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await expireCommunityReferrals(deps);
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), 0);
  const timer = setInterval(() => void run(), everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
