import { AppError } from '../../domain/errors.ts';
import { findPlanVersion, listPlanVersions, type PlanVersionRecord } from '../../db/repositories/cases/plans.ts';
import { type CaseRecord } from '../../db/repositories/cases/cases.ts';
import { requireCase } from './shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface PlanPrint {
  case: CaseRecord;
  plan: PlanVersionRecord;
  versions: number[];
}

/**
 * The plan to give the person (the web app prints it): the current version, or an earlier one by
 * number — every version stays readable. Carries no case notes.
 */
export async function getPlanPrint(deps: ServiceDeps, actor: Actor, id: string, version?: number): Promise<PlanPrint> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.viewed',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      const plan = await findPlanVersion(tx, id, version);
      if (plan === undefined)
        throw new AppError('not_found', version === undefined ? 'There is no plan on this case yet' : 'There is no such version of the plan');
      const versions = (await listPlanVersions(tx, id)).map((v) => v.version).sort((a, b) => a - b);
      return { case: c, plan, versions };
    },
    audit: (r) => ({ personId: r.case.person.id, summary: { view: 'plan', version: r.plan.version } }),
  });
}
