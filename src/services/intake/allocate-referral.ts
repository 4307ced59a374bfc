import { nextStatus } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import type { AllocateReferralInput } from '../../domain/schemas/referrals.ts';
import { findVisibleReferral, listLinkWorkersCovering, updateReferralIfVersion } from '../../db/repositories/intake/referrals.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { createNotification } from '../kernel/notifications.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { type TriagedReferral, staleVersion } from './shared/triage.ts';

/**
 * A lead gives a referral to a link worker who covers its practice (or moves an open case to
 * another): the lifecycle's `allocate` command, guarded by the version the lead saw. The link
 * worker is notified; on a first allocation the referrer hears that the status changed.
 */
export async function allocateReferral(deps: ServiceDeps, actor: Actor, referralId: string, input: AllocateReferralInput): Promise<TriagedReferral> {
  return runUseCase(deps, actor, {
    permission: 'referral:triage',
    action: 'referral.allocated',
    entityType: 'referral',
    entityId: referralId,
    work: async (tx, access) => {
      const referral = await findVisibleReferral(tx, referralId, access.referrals);
      if (referral === undefined) throw new AppError('not_found', 'No such referral');
      if (input.version !== referral.version) throw staleVersion(referral.version);
      const to = nextStatus(referral.status, 'allocate');
      if (to === null)
        throw new AppError('invalid_transition', `A referral that is ${referral.status.replace('_', ' ')} cannot be allocated`, {
          from: referral.status,
          command: 'allocate',
        });
      if (referral.linkWorkerId === input.linkWorkerId) {
        throw new AppError('invalid_input', 'The referral is already with this link worker', {
          fields: { linkWorkerId: 'The referral is already with this link worker' },
        });
      }
      const linkWorker = (await listLinkWorkersCovering(tx, [referral.practiceId])).find((c) => c.userId === input.linkWorkerId);
      if (linkWorker === undefined) {
        const message = 'Choose a link worker who covers this practice';
        throw new AppError('invalid_input', message, { fields: { linkWorkerId: message } });
      }
      const at = deps.clock.now().toISOString();
      const changed = await updateReferralIfVersion(
        tx,
        referral.id,
        { version: referral.version, status: referral.status },
        { status: to, linkWorkerId: linkWorker.userId, allocatedAt: at },
        at,
      );
      if (!changed) throw staleVersion((await findVisibleReferral(tx, referral.id, access.referrals))?.version);
      const reallocated = referral.linkWorkerId !== null;
      await appendCaseEvent(tx, deps.clock, actor, referral.id, {
        kind: reallocated ? 'reallocated' : 'allocated',
        data: {
          from: referral.status,
          to,
          linkWorkerId: linkWorker.userId,
          previousLinkWorkerId: referral.linkWorkerId,
        },
      });
      await createNotification(tx, deps.clock, actor, linkWorker.userId, 'case_allocated', referral.id);
      if (!reallocated && referral.referrerUserId !== null)
        await createNotification(tx, deps.clock, actor, referral.referrerUserId, 'referral_status_changed', referral.id);
      return {
        id: referral.id,
        reference: referral.reference,
        personId: referral.personId,
        status: to,
        statusReason: referral.statusReason,
        linkWorker: { id: linkWorker.userId, displayName: linkWorker.displayName },
        allocatedAt: at,
        version: referral.version + 1,
        from: referral.status,
      };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: { from: r.from, to: r.status, linkWorkerId: r.linkWorker?.id ?? null, reallocated: r.from !== 'referred' },
    }),
  });
}
