import type { RecordUnmetNeedInput } from '../../domain/schemas/cases.ts';
import { findPersonLsoa, insertUnmetNeed, type UnmetNeedRecord } from '../../db/repositories/community/unmet-needs.ts';
import { requireActivity, requireCase } from '../cases/shared/case-access.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Records an unmet need: a coded need that could not be met and why (no service, full, a barrier, declined), in the person's area (their LSOA
 * through the postcode, so commissioners can see gaps by place without seeing people) and a note.
 */
export async function recordUnmetNeed(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  input: RecordUnmetNeedInput,
): Promise<UnmetNeedRecord & { personId: string }> {
  return runUseCase(deps, actor, {
    permission: 'unmet_need:record',
    action: 'case.unmet_need_recorded',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      requireActivity(c, 'unmet_need');
      const lsoa = await findPersonLsoa(tx, c.person.id);
      const saved = await insertUnmetNeed(
        tx,
        { id: newId(), referralId: id, need: input.need, kind: input.kind, barrier: input.barrier, lsoa, note: input.note, createdBy: access.recordedBy },
        deps.clock.now().toISOString(),
      );
      await appendCaseEvent(tx, deps.clock, actor, id, { kind: 'unmet_need_recorded', data: { need: input.need, kind: input.kind } });
      return { ...saved, personId: c.person.id };
    },
    audit: (r) => ({ personId: r.personId, summary: { need: r.need, kind: r.kind, barrier: r.barrier, hasArea: r.lsoa !== null, hasNote: r.note !== null } }),
  });
}
