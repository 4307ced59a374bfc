import { scoreAdministration, type OutcomeTimepoint } from '../../domain/instruments/index.ts';
import type { SubmitQuestionnaireInput } from '../../domain/schemas/self-completion.ts';
import { londonDate } from '../../domain/worklist.ts';
import { claimOutcomeLink, findLinkRecipient, setOutcomeLinkAdministration } from '../../db/repositories/outcomes/self-completion-links.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import type { RequestMeta, ServiceDeps } from '../kernel/context.ts';
import { LinkRefused, openLink, refuseLink, selfCompletionActor } from './shared/self-completion-link.ts';
import { createNotification } from '../kernel/notifications.ts';
import { recordAdministrationTx } from './shared/outcome-records.ts';

/**
 * The person sends their answers through their link. In one transaction: the link is checked,
 * the answers validated and scored by the instrument (a bad answer is `invalid_input` and the link
 * stays usable), the link claimed — a conditional update that only one of two simultaneous sends
 * can win — the administration stored as self-completed online with no recording user, the case's
 * link worker notified, and outcome.self_completed audited (coded values only: never the answers).
 */
export async function submitSelfCompletion(deps: ServiceDeps, meta: RequestMeta, token: string, input: SubmitQuestionnaireInput): Promise<{ ok: true }> {
  const actor = selfCompletionActor(meta);
  try {
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      const { link, instrument } = await openLink(tx, token, now);
      const at = now.toISOString();
      // Validate and score first (it throws invalid_input), so a mistake does not use up the link.
      scoreAdministration(instrument, input.answers);
      if (!(await claimOutcomeLink(tx, link.id, at))) throw new LinkRefused('used', { id: link.id, personId: link.personId });
      const recorded = await recordAdministrationTx(tx, deps.clock, {
        referralId: link.referralId,
        personId: link.personId,
        instrument,
        timepoint: link.timepoint as OutcomeTimepoint,
        mode: 'self_online',
        administeredOn: londonDate(now),
        answers: input.answers,
        recordedBy: null,
      });
      await setOutcomeLinkAdministration(tx, link.id, recorded.id);
      const recipient = await findLinkRecipient(tx, link.id);
      if (recipient !== null) await createNotification(tx, deps.clock, actor, recipient, 'outcome_self_completed', link.referralId);
      await appendAudit(tx, deps.clock, actor, {
        action: 'outcome.self_completed',
        outcome: 'success',
        entityType: 'outcome_administration',
        entityId: recorded.id,
        personId: link.personId,
        summary: {
          linkId: link.id,
          caseId: link.referralId,
          instrument: instrument.code,
          version: instrument.version,
          timepoint: link.timepoint,
          mode: 'self_online',
        },
      });
    });
  } catch (err) {
    if (err instanceof LinkRefused) throw await refuseLink(deps, actor, 'outcome.self_completed', err);
    throw err;
  }
  return { ok: true };
}
