import type { DB } from '../../schema.ts';
import type { Kysely, Transaction } from 'kysely';

// One-time self-completion links. The token never reaches the database: rows are found by its
// SHA-256. "Usable" (unused and unexpired) is decided in SQL with the caller's `now`, so the
// answer and the single-use claim agree on what time it is.

type Tx = Transaction<DB> | Kysely<DB>;

export interface OutcomeLinkRow {
  id: string;
  tokenHash: string;
  referralId: string;
  personId: string;
  instrumentCode: string;
  instrumentVersion: string;
  timepoint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/** A usable link and the only fact about its person the public page may show. */
export interface UsableOutcomeLink {
  id: string;
  referralId: string;
  personId: string;
  instrumentCode: string;
  instrumentVersion: string;
  timepoint: string;
  createdBy: string;
  expiresAt: string;
  givenName: string;
  /** The case's status now (a link on a case closed since it was made may no longer be answered). */
  caseStatus: string;
}

export async function insertOutcomeLink(tx: Tx, row: OutcomeLinkRow): Promise<void> {
  await tx
    .insertInto('outcome_link')
    .values({
      id: row.id,
      token_hash: row.tokenHash,
      referral_id: row.referralId,
      person_id: row.personId,
      instrument_code: row.instrumentCode,
      instrument_version: row.instrumentVersion,
      timepoint: row.timepoint,
      created_by: row.createdBy,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      used_at: null,
      administration_id: null,
    })
    .execute();
}

/**
 * Revokes the case's earlier unused, unexpired links for the same instrument and timepoint by
 * expiring them now (they then answer exactly like any expired link). Returns how many.
 */
export async function revokeOpenOutcomeLinks(tx: Tx, q: { referralId: string; instrumentCode: string; timepoint: string; now: string }): Promise<number> {
  const r = await tx
    .updateTable('outcome_link')
    .set({ expires_at: q.now })
    .where('referral_id', '=', q.referralId)
    .where('instrument_code', '=', q.instrumentCode)
    .where('timepoint', '=', q.timepoint)
    .where('used_at', 'is', null)
    .where('expires_at', '>', q.now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The link behind a token hash if it is unused and unexpired at `now`, with the person's first name. */
export async function findUsableOutcomeLink(tx: Tx, tokenHash: string, now: string): Promise<UsableOutcomeLink | undefined> {
  const row = await tx
    .selectFrom('outcome_link as l')
    .innerJoin('person as p', 'p.id', 'l.person_id')
    .innerJoin('referral as r', 'r.id', 'l.referral_id')
    .select([
      'l.id',
      'l.referral_id',
      'l.person_id',
      'l.instrument_code',
      'l.instrument_version',
      'l.timepoint',
      'l.created_by',
      'l.expires_at',
      'p.given_name',
      'r.status',
    ])
    .where('l.token_hash', '=', tokenHash)
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', now)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    referralId: row.referral_id,
    personId: row.person_id,
    instrumentCode: row.instrument_code,
    instrumentVersion: row.instrument_version,
    timepoint: row.timepoint,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    givenName: row.given_name,
    caseStatus: row.status,
  };
}

/**
 * Claims a link for one submission: marks it used only if it is still unused and unexpired. The
 * conditional update is the single-use guarantee — of two concurrent submissions, the second finds
 * the row already claimed (PostgreSQL re-checks the condition after the first commits; SQLite has
 * one writer) and gets false.
 */
export async function claimOutcomeLink(tx: Tx, id: string, now: string): Promise<boolean> {
  const r = await tx
    .updateTable('outcome_link')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records which administration a claimed link produced. */
export async function setOutcomeLinkAdministration(tx: Tx, id: string, administrationId: string): Promise<void> {
  await tx.updateTable('outcome_link').set({ administration_id: administrationId }).where('id', '=', id).execute();
}

export interface OutcomeLinkSummary {
  id: string;
  instrumentCode: string;
  instrumentVersion: string;
  timepoint: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  administrationId: string | null;
}

/** A case's links, newest first (no token: it is not stored). */
export async function listOutcomeLinksOfCase(tx: Tx, referralId: string): Promise<OutcomeLinkSummary[]> {
  const rows = await tx
    .selectFrom('outcome_link')
    .select(['id', 'instrument_code', 'instrument_version', 'timepoint', 'created_at', 'expires_at', 'used_at', 'administration_id'])
    .where('referral_id', '=', referralId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    instrumentCode: r.instrument_code,
    instrumentVersion: r.instrument_version,
    timepoint: r.timepoint,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
    administrationId: r.administration_id,
  }));
}

/** Whether a token hash names any link at all, and if so whether it was used (for the audit trail's refusal reason only). */
export async function findOutcomeLinkState(tx: Tx, tokenHash: string): Promise<{ id: string; personId: string; usedAt: string | null } | undefined> {
  const row = await tx.selectFrom('outcome_link').select(['id', 'person_id', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, personId: row.person_id, usedAt: row.used_at };
}

/** Who to tell that a link was answered: the case's link worker now, else whoever made the link. */
export async function findLinkRecipient(tx: Tx, linkId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('outcome_link as l')
    .innerJoin('referral as r', 'r.id', 'l.referral_id')
    .select(['r.link_worker_id', 'l.created_by'])
    .where('l.id', '=', linkId)
    .executeTakeFirst();
  if (row === undefined) return null;
  if (row.link_worker_id !== null) return row.link_worker_id;
  // created_by is a user id, or `system:<label>` when the operator made it: nobody to notify then.
  return row.created_by.startsWith('system:') ? null : row.created_by;
}
