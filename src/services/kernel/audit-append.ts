import { AppError } from '../../domain/errors.ts';
import { canonicalAuditText, serialiseSummary, type AuditAction, type AuditOutcome, type AuditSummary } from '../../domain/audit.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Actor, Tx } from './context.ts';
import { chainHash } from './audit-key.ts';
import { newId, sha256 } from './ids.ts';

export interface AuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  entityType?: string | null;
  entityId?: string | null;
  personId?: string | null;
  summary?: AuditSummary;
  /**
   * The people a list, search, inbox or export showed (issue 14: "who has seen this person"). Each
   * is recorded in `audit_event_person` in the same transaction, one batch insert however many;
   * the summary gains `shownPeople` (the count) and `shownDigest` (sha256 of the sorted ids), so
   * the chain covers the set without holding every id.
   */
  shownPersonIds?: readonly string[];
}

/**
 * Appends one event to the hash-chained audit trail, inside the caller's transaction. The chain
 * head row is updated first: on PostgreSQL that row lock serialises concurrent appenders until
 * commit; SQLite has one writer anyway. If the caller's work rolls back, so does its event.
 */
export async function appendAudit(tx: Tx, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  const head = await tx
    .updateTable('audit_chain_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  if (head === undefined) throw new AppError('internal', 'Audit chain head is missing');
  const content = {
    seq: Number(head.seq),
    id: newId(),
    at: clock.now().toISOString(),
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorRole: actor.kind === 'user' ? actor.role : `system:${actor.label}`,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    personId: entry.personId ?? null,
    requestId: actor.meta.requestId,
    ip: actor.meta.ip,
    outcome: entry.outcome,
    summary: serialiseSummary(withShownPeople(entry)),
    prevHash: head.hash,
  };
  // Keyed (HMAC) when this database handle has an audit key: see audit-key.ts and docs/design/audit.md.
  const { hash, kind } = chainHash(tx, canonicalAuditText(content));
  await tx
    .insertInto('audit_event')
    .values({
      seq: content.seq,
      id: content.id,
      at: content.at,
      actor_user_id: content.actorUserId,
      actor_role: content.actorRole,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      person_id: content.personId,
      request_id: content.requestId,
      ip: content.ip,
      outcome: content.outcome,
      summary: content.summary,
      prev_hash: content.prevHash,
      hash,
      hash_kind: kind,
    })
    .execute();
  await recordShownPeople(tx, content.seq, entry.shownPersonIds);
  await tx.updateTable('audit_chain_head').set({ hash }).where('id', '=', 1).execute();
}

/** Rows per insert into audit_event_person: two parameters each, well under both databases' limits. */
const SHOWN_BATCH = 1000;

const shownSet = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/** The summary, with the count and digest of the people shown when the use case says who they were. */
function withShownPeople(entry: AuditEntry): AuditSummary {
  const summary = entry.summary ?? {};
  if (entry.shownPersonIds === undefined) return summary;
  const shown = shownSet(entry.shownPersonIds);
  return { ...summary, shownPeople: shown.length, shownDigest: sha256(shown.join(',')) };
}

async function recordShownPeople(tx: Tx, seq: number, ids: readonly string[] | undefined): Promise<void> {
  if (ids === undefined) return;
  const shown = shownSet(ids);
  for (let i = 0; i < shown.length; i += SHOWN_BATCH) {
    await tx
      .insertInto('audit_event_person')
      .values(shown.slice(i, i + SHOWN_BATCH).map((personId) => ({ person_id: personId, event_seq: seq })))
      .execute();
  }
}
