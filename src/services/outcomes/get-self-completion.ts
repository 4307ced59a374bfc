import { type InstrumentDefinition, type OutcomeTimepoint } from '../../domain/instruments/index.ts';
import { appendAudit } from '../kernel/audit-append.ts';
import type { RequestMeta, ServiceDeps } from '../kernel/context.ts';
import { LinkRefused, openLink, refuseLink, selfCompletionActor } from './shared/self-completion-link.ts';

export interface PublicQuestionnaire {
  firstName: string;
  instrument: InstrumentDefinition;
  timepoint: OutcomeTimepoint;
  expiresAt: string;
}

/**
 * The person opens their link: answers their first name, the questionnaire and when the link
 * stops working — nothing else about them or their case. Audited as outcome.link_opened.
 */
export async function getSelfCompletion(deps: ServiceDeps, meta: RequestMeta, token: string): Promise<PublicQuestionnaire> {
  const actor = selfCompletionActor(meta);
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const { link, instrument } = await openLink(tx, token, deps.clock.now());
      await appendAudit(tx, deps.clock, actor, {
        action: 'outcome.link_opened',
        outcome: 'success',
        entityType: 'outcome_link',
        entityId: link.id,
        personId: link.personId,
        summary: { instrument: instrument.code, version: instrument.version, timepoint: link.timepoint },
      });
      return { firstName: link.givenName, instrument, timepoint: link.timepoint as OutcomeTimepoint, expiresAt: link.expiresAt };
    });
  } catch (err) {
    if (err instanceof LinkRefused) throw await refuseLink(deps, actor, 'outcome.link_opened', err);
    throw err;
  }
}
