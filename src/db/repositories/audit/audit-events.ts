import { sql, type Kysely, type SqlBool } from 'kysely';
import type { AuditEventTable, DB } from '../../schema.ts';

export interface AuditEventRow {
  seq: number;
  id: string;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  personId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
  summary: string;
  prevHash: string;
  hash: string;
  /** How `hash` was made: 'sha256' or 'hmac-sha256' (keyed). */
  hashKind: string;
}

export interface AuditFilter {
  personId?: string | undefined;
  /** Any of these people (a name or NHS number resolved by the service); empty matches nothing. */
  personIds?: readonly string[] | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  /** Inclusive ISO date (YYYY-MM-DD), compared against the UTC day. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only events with seq below this (paging backwards). */
  before?: number | undefined;
}

const toRow = (r: AuditEventTable & { actor_name: string | null }): AuditEventRow => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at,
  actorUserId: r.actor_user_id,
  actorName: r.actor_name,
  actorRole: r.actor_role,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  personId: r.person_id,
  requestId: r.request_id,
  ip: r.ip,
  outcome: r.outcome,
  summary: r.summary,
  prevHash: r.prev_hash,
  hash: r.hash,
  hashKind: r.hash_kind,
});

function filtered(db: Kysely<DB>, f: AuditFilter) {
  let q = db.selectFrom('audit_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_user_id').selectAll('e').select('u.display_name as actor_name');
  // A person's trail: events about them, and the lists, searches and exports that showed them. A
  // UNION ALL of the two index ranges rather than an OR: PostgreSQL answers the OR by walking the
  // whole trail backwards (20.6 ms median at 100,000 events, against 0.54 ms; SQLite ~0.06 either way).
  const personId = f.personId;
  if (personId !== undefined)
    q = q.where(
      'e.seq',
      'in',
      db
        .selectFrom('audit_event as a')
        .select('a.seq')
        .where('a.person_id', '=', personId)
        .unionAll(db.selectFrom('audit_event_person as s').select('s.event_seq as seq').where('s.person_id', '=', personId)),
    );
  const personIds = f.personIds;
  if (personIds !== undefined) {
    q =
      personIds.length === 0
        ? q.where(sql<SqlBool>`1 = 0`)
        : q.where(
            'e.seq',
            'in',
            db
              .selectFrom('audit_event as a')
              .select('a.seq')
              .where('a.person_id', 'in', personIds)
              .unionAll(db.selectFrom('audit_event_person as s').select('s.event_seq as seq').where('s.person_id', 'in', personIds)),
          );
  }
  if (f.userId !== undefined) q = q.where('e.actor_user_id', '=', f.userId);
  if (f.action !== undefined) q = q.where('e.action', '=', f.action);
  // ISO-8601 UTC text sorts chronologically, so day bounds are plain string comparisons.
  if (f.from !== undefined) q = q.where('e.at', '>=', `${f.from}T00:00:00.000Z`);
  if (f.to !== undefined) q = q.where('e.at', '<', nextDay(f.to));
  if (f.before !== undefined) q = q.where('e.seq', '<', f.before);
  return q;
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** Newest first, at most `limit`. */
export async function listAuditEvents(db: Kysely<DB>, f: AuditFilter, limit: number): Promise<AuditEventRow[]> {
  const rows = await filtered(db, f).orderBy('e.seq', 'desc').limit(limit).execute();
  return rows.map(toRow);
}

/** Every matching event, oldest first, in batches, without holding them all in memory. */
export async function* streamAuditEvents(db: Kysely<DB>, f: AuditFilter, batchSize = 1000): AsyncGenerator<AuditEventRow> {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, f).where('e.seq', '>', after).orderBy('e.seq', 'asc').limit(batchSize).execute();
    for (const r of rows) yield toRow(r);
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1]?.seq ?? after);
  }
}

export async function getChainHead(db: Kysely<DB>): Promise<{ seq: number; hash: string } | undefined> {
  const r = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return r === undefined ? undefined : { seq: Number(r.seq), hash: r.hash };
}

/** The people named by the events an export will hold (each at most once), for its own audit event. */
export async function listAuditEventPersonIds(db: Kysely<DB>, f: AuditFilter): Promise<string[]> {
  const rows = await filtered(db, f).clearSelect().select('e.person_id').distinct().where('e.person_id', 'is not', null).execute();
  return rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id]));
}
