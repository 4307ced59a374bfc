import {
  COHORT_RULE_CODES,
  DEFAULT_COHORT_SETTINGS,
  EXCLUSION_CODES,
  ruleDefinition,
  type CohortRuleCode,
  type CohortSettings,
  type ExclusionCode,
  type RuleReason,
  type RuleSnapshot,
} from '../../../domain/proactive/cohort-rules.ts';
import { FAIRNESS_DIMENSION_LABELS, fairnessGroupLabel, type FairnessCheck } from '../../../domain/proactive/fairness.ts';
import type { CohortMemberView, CohortRunSummaryView, CohortRunView, FairnessView } from '../../../domain/schemas/proactive.ts';
import type { CohortMemberRecord, CohortRunRecord, CohortScope } from '../../../db/repositories/proactive/cohorts.ts';
import type { Access } from '../../kernel/access.ts';
import type { ServiceDeps } from '../../kernel/context.ts';

/** The settings in force: the deployment's (LINKWORK_COHORT_RULES) or the defaults. */
export const cohortSettingsOf = (deps: ServiceDeps): CohortSettings => deps.config.cohortSettings ?? DEFAULT_COHORT_SETTINGS;

/** The repositories' scope from the actor's access: everything for the operator, else the user's practices. */
export const cohortScopeOf = (access: Access): CohortScope => (access.userId === null ? { all: true } : { userId: access.userId });

/** What a run stores in its `fairness` column: the check, and the counts behind the summary. */
export interface StoredFairness {
  check: FairnessCheck;
  screened: number;
  /** Found people per chosen rule. */
  byRule: Partial<Record<CohortRuleCode, number>>;
  /** People matching the choice but excluded, by exclusion (a person can count under several). */
  excluded: Partial<Record<ExclusionCode, number>>;
}

const isRule = (v: string): v is CohortRuleCode => (COHORT_RULE_CODES as readonly string[]).includes(v);

/** The run without its people (lists and summaries). */
export function presentRunSummary(run: CohortRunRecord): CohortRunSummaryView {
  const snapshot = JSON.parse(run.rules) as RuleSnapshot;
  const stored = JSON.parse(run.fairness) as StoredFairness;
  const practices = JSON.parse(run.practices) as { id: string; ods: string | null; extractDate: string }[];
  const settings: CohortSettings = {
    ...DEFAULT_COHORT_SETTINGS,
    rules: { ...DEFAULT_COHORT_SETTINGS.rules, ...Object.fromEntries(snapshot.rules.map((r) => [r.code, r])) },
  };
  return {
    id: run.id,
    createdAt: run.createdAt,
    rulesVersion: run.rulesVersion,
    mode: snapshot.mode,
    rules: snapshot.rules.map((r) => ({
      code: r.code,
      version: r.version,
      // In the words of the thresholds the run used, not today's.
      definition: ruleDefinition(r.code, settings),
      weight: r.weight,
      found: stored.byRule[r.code] ?? 0,
    })),
    practices,
    people: run.people,
    screened: stored.screened,
    excluded: Object.fromEntries(EXCLUSION_CODES.flatMap((e) => (stored.excluded[e] === undefined ? [] : [[e, stored.excluded[e]]]))),
    blocked: run.blocked,
    flaggedGroups: stored.check.flagged.length,
  };
}

export function presentFairness(run: CohortRunRecord): FairnessView {
  const { check } = JSON.parse(run.fairness) as StoredFairness;
  return {
    blocked: run.blocked,
    threshold: check.threshold,
    minGroup: check.minGroup,
    eligible: check.eligible,
    cohort: check.cohort,
    flagged: check.flagged,
    dimensions: check.dimensions.map((d) => ({
      dimension: d.dimension,
      label: FAIRNESS_DIMENSION_LABELS[d.dimension],
      byDesign: d.byDesign,
      groups: d.groups.map((g) => ({ ...g, label: fairnessGroupLabel(d.dimension, g.group) })),
    })),
    reason: run.fairnessReason === null ? null : { text: run.fairnessReason, by: run.fairnessReasonBy ?? '', at: run.fairnessReasonAt ?? '' },
  };
}

export function presentMember(m: CohortMemberRecord): CohortMemberView {
  return {
    nhsNumber: m.nhsNumber,
    practice: m.practiceOds,
    age: m.age,
    sex: m.sex,
    rules: m.rules.filter(isRule),
    reasons: (JSON.parse(m.reasons) as RuleReason[]).map((r) => ({ rule: r.rule, version: r.version, because: r.because })),
    score: m.score,
  };
}

/** A run in full: summary, fairness check, and the people found. */
export function presentRun(run: CohortRunRecord, members: readonly CohortMemberRecord[]): CohortRunView {
  return { ...presentRunSummary(run), fairness: presentFairness(run), members: members.map(presentMember) };
}
