import { COHORT_RULE_CODES, EXCLUSION_CODES, EXCLUSION_LABELS, RULE_VERSIONS, RULES_VERSION, ruleDefinition } from '../../domain/proactive/cohort-rules.ts';
import type { CohortRuleListView, CohortRunSummaryView } from '../../domain/schemas/proactive.ts';
import { listCohortRuns as readRuns, listCurrentExtracts } from '../../db/repositories/proactive/cohorts.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { cohortScopeOf, cohortSettingsOf, presentRunSummary } from './shared/cohort-view.ts';

export interface CohortRunList {
  runs: CohortRunSummaryView[];
  /** What a new run may choose: the rules in force and the practices in scope with a current extract. */
  options: CohortRuleListView;
}

/** The cohort runs in scope, newest first (counts only, no people), and what a new run may choose. */
export async function listCohortRuns(deps: ServiceDeps, actor: Actor, limit = 50): Promise<CohortRunList> {
  const settings = cohortSettingsOf(deps);
  return runUseCase(deps, actor, {
    permission: 'cohort:run',
    action: 'cohort.listed',
    entityType: 'cohort_run',
    audit: (r) => ({ summary: { shown: r.runs.length } }),
    work: async (tx, access) => {
      const scope = cohortScopeOf(access);
      const [runs, extracts] = await Promise.all([readRuns(tx, scope, limit), listCurrentExtracts(tx, scope)]);
      return {
        runs: runs.map(presentRunSummary),
        options: {
          rulesVersion: RULES_VERSION,
          rules: COHORT_RULE_CODES.map((code) => ({
            code,
            version: RULE_VERSIONS[code],
            definition: ruleDefinition(code, settings),
            weight: settings.rules[code].weight,
          })),
          exclusions: EXCLUSION_CODES.map((code) => ({ code, label: EXCLUSION_LABELS[code] })),
          practices: extracts.map((x) => ({ id: x.practiceId, ods: x.ods, name: x.practiceName, extractDate: x.extractDate })),
        },
      };
    },
  });
}
