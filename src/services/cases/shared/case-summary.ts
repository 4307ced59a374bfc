import { suggestedDischarge, type DischargeReason } from '../../../domain/case-lifecycle.ts';
import type { CaseSummaryRecord } from '../../../db/repositories/cases/caseload.ts';
import type { ServiceDeps } from '../../kernel/context.ts';

/** A case on a list, with the discharge it suggests under this deployment's settings. */
export type CaseSummary = CaseSummaryRecord & { suggestedDischarge: DischargeReason | null };

/** Adds the suggested discharge (LINKWORK_UNABLE_TO_CONTACT_AFTER) to a listed case. */
export function summarise(deps: ServiceDeps): (c: CaseSummaryRecord) => CaseSummary {
  return (c) => ({ ...c, suggestedDischarge: suggestedDischarge(c, deps.config.unableToContactAfter) });
}
