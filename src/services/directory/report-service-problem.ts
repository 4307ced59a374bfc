import { AppError } from '../../domain/errors.ts';
import type { ReportProblemInput } from '../../domain/schemas/directory.ts';
import { listProviderUsers } from '../../db/repositories/community/community-referrals.ts';
import { findServiceProblem, findServiceRecord, insertServiceProblem, type ServiceProblem } from '../../db/repositories/directory/curation.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { recordingNotifier } from '../kernel/notifier.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * A link worker (or lead) reports a problem with a listing in one click — closed, wrong contact
 * details, wrong details, not suitable, other — with an optional note. It is queued for the
 * listing's owner (their problem queue and the listing's page), who resolves it. Each provider user
 * of the owning organisation is e-mailed (through the notifier; the template names no person).
 */
export async function reportServiceProblem(deps: ServiceDeps, actor: Actor, serviceId: string, input: ReportProblemInput): Promise<ServiceProblem> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'service:report',
    action: 'service.problem_reported',
    entityType: 'service',
    entityId: serviceId,
    work: async (tx, access) => {
      const service = await findServiceRecord(tx, serviceId);
      if (service === undefined) throw new AppError('not_found', 'No such service');
      if (service.archived)
        throw new AppError('invalid_transition', 'This listing is archived: it is no longer offered', { from: 'archived', command: 'report' });
      await insertServiceProblem(tx, {
        id,
        serviceId,
        kind: input.kind,
        note: input.note ?? null,
        reportedBy: access.recordedBy,
        reportedAt: deps.clock.now().toISOString(),
      });
      const notifier = recordingNotifier(deps.clock);
      for (const owner of await listProviderUsers(tx, service.organisationId)) {
        await notifier.send(tx, { channel: 'email', recipient: owner.email, template: 'service_problem_reported', referralId: null });
      }
      const problem = await findServiceProblem(tx, id);
      if (problem === undefined) throw new AppError('internal', 'Problem vanished after insert');
      return problem;
    },
    // Coded values only: the note is free text and stays on the problem.
    audit: (p) => ({ summary: { problemId: p.id, kind: p.kind, organisationId: p.organisationId } }),
  });
}
