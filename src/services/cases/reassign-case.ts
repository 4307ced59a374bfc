import { isOpen, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { AppError, invalidInput } from '../../domain/errors.ts';
import type { ReassignCaseInput } from '../../domain/schemas/cases.ts';
import { listLinkWorkersCovering, updateReferralIfVersion } from '../../db/repositories/intake/referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { createNotification } from '../kernel/notifications.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { requireCase, requireVersion, staleVersion } from './shared/case-access.ts';
import { appendCaseEvent } from './shared/case-events.ts';

export interface CaseReassigned {
  id: string;
  personId: string;
  status: CaseStatus;
  version: number;
  linkWorker: { id: string; displayName: string };
  previousLinkWorkerId: string | null;
}

/**
 * A lead moves an open case to another link worker (the team view of the workload report): only
 * to an enabled link worker who covers the case's practice (else `invalid_input`, reason
 * `not_covering`), only from the version the lead saw (else `conflict` `stale_version`), and never
 * a closed or untriaged case (`invalid_transition`; triage allocates those). The status stays as it
 * is; the timeline says who moved it and why (a coded reason), and both link workers are notified.
 */
export async function reassignCase(deps: ServiceDeps, actor: Actor, id: string, input: ReassignCaseInput): Promise<CaseReassigned> {
  return runUseCase(deps, actor, {
    permission: 'case:reassign',
    action: 'case.reassigned',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      requireVersion(c.version, input.version);
      if (!isOpen(c.status)) {
        throw new AppError(
          'invalid_transition',
          c.status === 'referred'
            ? 'This referral has not been allocated yet: allocate it from triage'
            : `A case that is ${c.status.replace(/_/g, ' ')} cannot be moved to another link worker`,
          { from: c.status, command: 'reassign' },
        );
      }
      if (c.linkWorker?.id === input.linkWorkerId) {
        const message = 'The case is already with this link worker';
        throw invalidInput.because('same_link_worker', message, { fields: { linkWorkerId: message } });
      }
      const target = (await listLinkWorkersCovering(tx, [c.practice.id])).find((l) => l.userId === input.linkWorkerId);
      if (target === undefined) {
        const message = 'Choose a link worker who covers this case’s practice';
        throw invalidInput.because('not_covering', message, { fields: { linkWorkerId: message } });
      }
      const now = deps.clock.now().toISOString();
      const moved = await updateReferralIfVersion(
        tx,
        c.id,
        { version: c.version, status: c.status },
        { status: c.status, linkWorkerId: target.userId, allocatedAt: now },
        now,
      );
      if (!moved) throw staleVersion();
      const previousLinkWorkerId = c.linkWorker?.id ?? null;
      await appendCaseEvent(tx, deps.clock, actor, c.id, {
        kind: 'reassigned',
        data: { status: c.status, linkWorkerId: target.userId, previousLinkWorkerId, reason: input.reason ?? null },
      });
      await createNotification(tx, deps.clock, actor, target.userId, 'case_allocated', c.id);
      if (previousLinkWorkerId !== null) await createNotification(tx, deps.clock, actor, previousLinkWorkerId, 'case_reassigned_away', c.id);
      return {
        id: c.id,
        personId: c.person.id,
        status: c.status,
        version: c.version + 1,
        linkWorker: { id: target.userId, displayName: target.displayName },
        previousLinkWorkerId,
      };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: { status: r.status, linkWorkerId: r.linkWorker.id, previousLinkWorkerId: r.previousLinkWorkerId, reason: input.reason ?? null },
    }),
  });
}
