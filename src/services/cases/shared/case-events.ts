import { serialiseSummary } from '../../../domain/audit.ts';
import type { CaseEvent } from '../../../domain/case-events.ts';
import type { Clock } from '../../../domain/clock.ts';
import type { Actor, Tx } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';

/**
 * Appends a step to a case's timeline (a CaseEvent: status changes, contacts, plan versions …) in
 * the caller's transaction. Data holds coded values only; free text stays in its own table where scope rules
 * decide who reads it.
 */
export async function appendCaseEvent(tx: Tx, clock: Clock, actor: Actor, referralId: string, event: CaseEvent): Promise<void> {
  await tx
    .insertInto('case_event')
    .values({
      id: newId(),
      referral_id: referralId,
      at: clock.now().toISOString(),
      actor_user_id: actor.kind === 'user' ? actor.userId : null,
      kind: event.kind,
      data: serialiseSummary(event.data),
    })
    .execute();
}
