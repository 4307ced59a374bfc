import type { SaveConversationInput } from '../../domain/schemas/cases.ts';
import { findConversation, insertConversation, updateConversationAtVersion, type ConversationRecord } from '../../db/repositories/cases/conversations.ts';
import { isUniqueViolation } from '../../db/values.ts';
import { requireActivity, requireCase, requireVersion, staleVersion } from './shared/case-access.ts';
import { appendCaseEvent } from './shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Saves the "what matters to you" conversation: needs (coded, with the person's words), strengths,
 * interests, barriers and notes. Only the case's link workers and leads read it back (case:read);
 * the timeline and audit hold codes or counts, never the words. Optimistic: `version` 0 creates it,
 * otherwise it must match the stored version.
 */
export async function saveConversation(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  input: SaveConversationInput,
): Promise<ConversationRecord & { personId: string }> {
  return runUseCase(deps, actor, {
    permission: 'case:update',
    action: 'case.conversation_saved',
    entityType: 'case',
    entityId: id,
    work: async (tx, access) => {
      const c = await requireCase(tx, access, id);
      requireActivity(c, 'conversation');
      const existing = await findConversation(tx, id);
      requireVersion(existing?.version ?? 0, input.version, 'conversation');
      const now = deps.clock.now().toISOString();
      const content = { needs: input.needs, strengths: input.strengths, interests: input.interests, barriers: input.barriers, notes: input.notes };
      if (existing === undefined) {
        try {
          await insertConversation(tx, id, content, access.recordedBy, now);
        } catch (err) {
          // Two people creating it at once: the second is told to reload, as with any stale write.
          if (isUniqueViolation(err)) throw staleVersion('conversation');
          throw err;
        }
      } else if (!(await updateConversationAtVersion(tx, id, existing.version, content, access.recordedBy, now))) {
        throw staleVersion('conversation');
      }
      const saved = await findConversation(tx, id);
      if (saved === undefined) throw new Error('conversation vanished after save');
      await appendCaseEvent(tx, deps.clock, actor, id, {
        kind: 'conversation_saved',
        data: {
          version: saved.version,
          needs: saved.needs.map((n) => n.code),
          barriers: saved.barriers,
        },
      });
      return { ...saved, personId: c.person.id };
    },
    // Counts only: even need codes (e.g. domestic abuse) say too much in a trail auditors browse.
    audit: (r) => ({ personId: r.personId, summary: { version: r.version, needs: r.needs.length, barriers: r.barriers.length } }),
  });
}
