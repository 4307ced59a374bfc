import { isOpen } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import { EXTERNAL_SCORE_KEY, usableForNewAdministrations, type Answers } from '../../domain/instruments/index.ts';
import type { RecordOutcomeBody } from '../../domain/schemas/outcomes.ts';
import { londonDate } from '../../domain/worklist.ts';
import { requireCase } from '../cases/shared/case-access.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { findInstrument, recordAdministrationTx, type RecordedAdministration } from './shared/outcome-records.ts';
import { runUseCase } from '../kernel/use-case.ts';

const invalid = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('invalid_input', message, { fields: { [field]: message }, ...extra });

/**
 * The link worker records an administration on a case in scope: answers (or an external score)
 * scored server-side by the instrument, the mode and timepoint kept. Open cases take any timepoint;
 * a discharged case still takes its final (a paper questionnaire that came back late). An
 * instrument whose licence has expired takes no new administrations (`invalid_input`,
 * details.reason `licence_expired`). Audited with coded values only — never the answers.
 */
export async function recordOutcome(deps: ServiceDeps, actor: Actor, caseId: string, input: RecordOutcomeBody): Promise<RecordedAdministration> {
  return runUseCase(deps, actor, {
    permission: 'outcome:record',
    action: 'outcome.recorded',
    entityType: 'outcome_administration',
    work: async (tx, access) => {
      const c = await requireCase(tx, access, caseId);
      if (!(isOpen(c.status) || (c.status === 'discharged' && input.timepoint === 'final'))) {
        throw new AppError('invalid_transition', `Outcomes cannot be recorded on a case that is ${c.status.replace(/_/g, ' ')}`, {
          status: c.status,
          activity: 'outcome',
        });
      }
      const today = londonDate(deps.clock.now());
      if (input.administeredOn > today) throw invalid('administeredOn', 'The date it was completed cannot be in the future');
      const def = await findInstrument(tx, input.instrument, input.version, today);
      if (def === undefined) throw invalid('instrument', 'Choose a questionnaire from the list');
      if (!usableForNewAdministrations(def, today)) {
        throw invalid('instrument', `The licence for ${def.name} expired on ${def.licence.expiresOn ?? ''}: it cannot be used for new administrations`, {
          reason: 'licence_expired',
          instrument: def.code,
          version: def.version,
        });
      }
      let answers: Answers;
      if (def.scoring.method === 'external') {
        if (input.external === undefined) throw invalid('external', `Enter the ${def.name} score`);
        answers =
          input.external.level === undefined
            ? { [EXTERNAL_SCORE_KEY]: input.external.score }
            : { [EXTERNAL_SCORE_KEY]: input.external.score, level: input.external.level };
      } else {
        if (input.answers === undefined) throw invalid('answers', 'Answer the questions');
        answers = input.answers;
      }
      return recordAdministrationTx(tx, deps.clock, {
        referralId: c.id,
        personId: c.person.id,
        instrument: def,
        timepoint: input.timepoint,
        mode: input.mode,
        administeredOn: input.administeredOn,
        answers,
        recordedBy: access.recordedBy,
      });
    },
    audit: (r) => ({
      entityId: r.id,
      personId: r.personId,
      summary: { caseId: r.referralId, instrument: r.instrumentCode, version: r.instrumentVersion, timepoint: r.timepoint, mode: r.mode },
    }),
  });
}
