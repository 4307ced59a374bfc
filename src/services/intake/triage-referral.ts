import { nextStatus } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import type { TriageDecision, TriageDecisionInput } from '../../domain/schemas/referrals.ts';
import { findVisibleReferral, updateReferralIfVersion } from '../../db/repositories/intake/referrals.ts';
import { findUser } from '../../db/repositories/identity/users.ts';
import { staleVersion, type TriagedReferral } from './shared/triage.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { createNotification } from '../kernel/notifications.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * A lead turns a referral away (`reject`) or passes it to a better-suited service (`redirect`),
 * with a coded reason (TRIAGE_REASONS); both close it. The referrer is told the status changed
 * and sees the reason in plain words on their list.
 */
export async function triageReferral(
  deps: ServiceDeps,
  actor: Actor,
  referralId: string,
  decision: TriageDecision,
  input: TriageDecisionInput,
): Promise<TriagedReferral> {
  return runUseCase(deps, actor, {
    permission: 'referral:triage',
    action: decision === 'reject' ? 'referral.rejected' : 'referral.redirected',
    entityType: 'referral',
    entityId: referralId,
    work: async (tx, access) => {
      const referral = await findVisibleReferral(tx, referralId, access.referrals);
      if (referral === undefined) throw new AppError('not_found', 'No such referral');
      if (input.version !== referral.version) throw staleVersion(referral.version);
      const to = nextStatus(referral.status, decision);
      if (to === null) {
        throw new AppError(
          'invalid_transition',
          `A referral that is ${referral.status.replace('_', ' ')} cannot be ${decision === 'reject' ? 'rejected' : 'redirected'}`,
          {
            from: referral.status,
            command: decision,
          },
        );
      }
      const at = deps.clock.now().toISOString();
      const changed = await updateReferralIfVersion(
        tx,
        referral.id,
        { version: referral.version, status: referral.status },
        { status: to, statusReason: input.reason, closedAt: at },
        at,
      );
      if (!changed) throw staleVersion((await findVisibleReferral(tx, referral.id, access.referrals))?.version);
      await appendCaseEvent(tx, deps.clock, actor, referral.id, {
        kind: decision === 'reject' ? 'rejected' : 'redirected',
        data: {
          from: referral.status,
          to,
          reason: input.reason,
        },
      });
      if (referral.referrerUserId !== null) await createNotification(tx, deps.clock, actor, referral.referrerUserId, 'referral_status_changed', referral.id);
      const linkWorker = referral.linkWorkerId === null ? undefined : await findUser(tx, referral.linkWorkerId);
      return {
        id: referral.id,
        reference: referral.reference,
        personId: referral.personId,
        status: to,
        statusReason: input.reason,
        linkWorker: linkWorker === undefined ? null : { id: linkWorker.id, displayName: linkWorker.displayName },
        allocatedAt: referral.allocatedAt,
        version: referral.version + 1,
        from: referral.status,
      };
    },
    audit: (r) => ({ personId: r.personId, summary: { from: r.from, to: r.status, reason: input.reason } }),
  });
}
