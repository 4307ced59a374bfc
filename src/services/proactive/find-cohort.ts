import { OPEN_STATUSES } from '../../domain/case-lifecycle.ts';
import { AppError, invalidInput } from '../../domain/errors.ts';
import {
  ageRangeOf,
  COHORT_RULE_CODES,
  evaluatePerson,
  fitNotesSince,
  inAgeRange,
  ruleSnapshot,
  RULES_VERSION,
  verdictOf,
  windowStart,
  type CohortRuleCode,
  type ExclusionCode,
} from '../../domain/proactive/cohort-rules.ts';
import { countFairness, fairnessCheck, type FairnessPerson } from '../../domain/proactive/fairness.ts';
import type { CohortRunInput, CohortRunView } from '../../domain/schemas/proactive.ts';
import {
  insertCohortRun,
  listCohortPeople,
  listCurrentExtracts,
  listFitNotes,
  listLinkworkExclusions,
  findCohortRun,
  type NewCohortMember,
} from '../../db/repositories/proactive/cohorts.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { cohortScopeOf, cohortSettingsOf, presentRun, type StoredFairness } from './shared/cohort-view.ts';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Referral statuses in which a person is already open to social prescribing in Linkwork. */
const OPEN_TO_SOCIAL_PRESCRIBING = ['referred', ...OPEN_STATUSES];

/**
 * Runs the chosen cohort rules over the current extract of each practice in the actor's scope
 * (or the practices named), saves the run with the people it found and its fairness check, and
 * returns it. The run is `blocked` while the check flags a group and nobody has recorded why.
 * Audited as `cohort.found` with counts only: the run id names exactly who was found (its
 * members are stored), and practice_person ids are not Linkwork person ids.
 */
export async function findCohort(deps: ServiceDeps, actor: Actor, input: CohortRunInput): Promise<CohortRunView> {
  const settings = cohortSettingsOf(deps);
  const chosen = COHORT_RULE_CODES.filter((c) => input.rules.includes(c));
  const choice = { rules: chosen, mode: input.mode };
  return runUseCase(deps, actor, {
    permission: 'cohort:run',
    action: 'cohort.found',
    entityType: 'cohort_run',
    audit: (run) => ({
      entityId: run.id,
      summary: {
        rulesVersion: run.rulesVersion,
        rules: chosen,
        mode: input.mode,
        practices: run.practices.length,
        screened: run.screened,
        people: run.people,
        flaggedGroups: run.fairness.flagged.length,
        blocked: run.blocked,
      },
    }),
    work: async (tx, access) => {
      if (chosen.length === 0) throw invalidInput.because('unknown_rule', 'Choose at least one cohort rule');
      const scope = cohortScopeOf(access);
      const extracts = [];
      if (input.practices === undefined || input.practices.length === 0) extracts.push(...(await listCurrentExtracts(tx, scope)));
      else
        for (const ods of [...new Set(input.practices)]) {
          const found = await listCurrentExtracts(tx, scope, ods);
          // A practice outside scope and one without data answer the same: nothing to say it exists.
          if (found.length === 0) throw new AppError('not_found', 'No practice data found for that practice');
          extracts.push(...found);
        }
      if (extracts.length === 0)
        throw invalidInput.because('no_practice_data', 'No practice data has been imported for the practices you cover (linkwork practice-data import)');

      const ages = ageRangeOf(choice, settings);
      const members: NewCohortMember[] = [];
      const fairnessPeople: FairnessPerson[] = [];
      const byRule: Partial<Record<CohortRuleCode, number>> = {};
      const excluded: Partial<Record<ExclusionCode, number>> = {};
      let screened = 0;
      for (const extract of extracts) {
        const asOf = extract.extractDate;
        const markerMonths = Math.max(settings.exclusions.declinedMonths, settings.exclusions.referralMonths, 12 * settings.rules['HC-1'].years);
        const [people, fitNotes, linkwork] = await Promise.all([
          listCohortPeople(tx, extract.extractId, {
            asOf,
            appointmentsAfter: windowStart(asOf, settings.rules['FA-1'].months),
            markersAfter: windowStart(asOf, markerMonths),
          }),
          listFitNotes(tx, extract.extractId, fitNotesSince(asOf, settings), asOf),
          listLinkworkExclusions(tx, extract, OPEN_TO_SOCIAL_PRESCRIBING),
        ]);
        screened += people.length;
        for (const p of people) {
          const e = evaluatePerson(
            {
              asOf,
              dateOfBirth: p.dateOfBirth,
              ltcRegisters: p.ltcRegisters,
              ltcCount: p.ltcCount,
              palliative: p.palliative,
              doNotContact: p.doNotContact,
              imdDecile: p.imdDecile,
              fitNotes: fitNotes.get(p.id) ?? [],
              clinicalAppointments: p.clinicalAppointments,
              lastHealthCheck: p.lastHealthCheck,
              lastDeclined: p.lastDeclined,
              lastReferral: p.lastReferral,
              openCase: linkwork.openCase.has(p.nhsNumber),
              optedOut: linkwork.optedOut.has(p.nhsNumber),
            },
            settings,
          );
          const v = verdictOf(e, choice, settings);
          const matchesChoice = input.mode === 'all' ? v.rules.length === chosen.length : v.rules.length > 0;
          if (matchesChoice) for (const x of e.excludedBy) excluded[x] = (excluded[x] ?? 0) + 1;
          // The eligible population: passes the exclusions and is inside the chosen rules' ages.
          if (e.excludedBy.length === 0 && inAgeRange(e.age, ages))
            fairnessPeople.push({ age: e.age, sex: p.sex, ethnicity: p.ethnicity, imdDecile: p.imdDecile, inCohort: v.found });
          if (!v.found) continue;
          for (const r of v.rules) byRule[r] = (byRule[r] ?? 0) + 1;
          members.push({
            practicePersonId: p.id,
            practiceId: extract.practiceId,
            nhsNumber: p.nhsNumber,
            rules: v.rules,
            score: v.score,
            reasons: JSON.stringify(v.reasons),
            age: e.age,
            sex: p.sex,
          });
        }
      }

      const check = fairnessCheck(countFairness(fairnessPeople), chosen, settings.fairness);
      const stored: StoredFairness = { check, screened, byRule, excluded };
      const id = newId();
      await insertCohortRun(
        tx,
        {
          id,
          createdAt: deps.clock.now().toISOString(),
          createdBy: access.recordedBy,
          rulesVersion: RULES_VERSION,
          rules: JSON.stringify(ruleSnapshot(choice, settings)),
          practices: extracts.map((x) => ({ id: x.practiceId, ods: x.ods, extractDate: x.extractDate })),
          people: members.length,
          fairness: JSON.stringify(stored),
          blocked: check.flagged.length > 0,
        },
        members,
      );
      const run = await findCohortRun(tx, id, { all: true });
      if (run === undefined) throw new AppError('internal', 'The cohort run was not saved');
      // The members as just saved, in the order listCohortMembers reads them (score, practice, NHS
      // number), without reading 40k rows back.
      const odsOf = new Map(extracts.map((x) => [x.practiceId, x.ods]));
      const saved = members
        .map((m) => ({ ...m, practiceOds: odsOf.get(m.practiceId) ?? null }))
        .sort((a, b) => b.score - a.score || cmp(a.practiceOds ?? '', b.practiceOds ?? '') || cmp(a.nhsNumber, b.nhsNumber));
      return presentRun(run, saved);
    },
  });
}
