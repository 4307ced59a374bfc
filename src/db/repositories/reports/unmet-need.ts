import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';
import { readLead, type ReadLead } from './report-scope.ts';

type Tx = Transaction<DB> | Kysely<DB>;

// The unmet-need report (U1–U2) and its register. The figures read coded columns only (need,
// kind, barrier, area); the note is read by `listUnmetNeedRegister` alone, for the use case that
// checks `unmet_need:read_notes` and audits which cases it showed. Portable: plain comparisons on
// ISO text, LEFT JOIN to geo_lsoa for the area's decile.

export interface UnmetNeedWindow {
  practiceIds: readonly string[];
  /** Recorded (unmet_need.created_at) in [startUtc, endUtc). */
  startUtc: string;
  endUtc: string;
}

export interface UnmetNeedFigureRow {
  need: string;
  kind: string;
  barrier: string | null;
  lsoa: string | null;
  imdDecile: number | null;
}

const decile = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** Unmet needs recorded in the window on cases at the practices: coded fields only. */
export async function listUnmetNeedFigureRows(tx: Tx, w: UnmetNeedWindow, lead?: ReadLead): Promise<UnmetNeedFigureRow[]> {
  if (w.practiceIds.length === 0) return [];
  // Most of the deployment: the period's unmet needs by date, each kept by its case's practice in
  // code (SQLite would probe an index once per value of a long IN list for each row). A few
  // practices: their cases, and each case's unmet needs recorded in the period
  // (unmet_need_referral_created_idx). The same rows either way.
  const byDate = (await readLead(tx, w.practiceIds, lead)) === 'date';
  const from = byDate
    ? tx.selectFrom('unmet_need as u').crossJoin('referral as r')
    : tx
        .selectFrom('referral as r')
        .crossJoin('unmet_need as u')
        .where('r.practice_id', 'in', [...w.practiceIds]);
  const rows = await from
    .leftJoin('geo_lsoa as l', 'l.lsoa', 'u.lsoa')
    .select(['r.practice_id as practiceId', 'u.need', 'u.kind', 'u.barrier', 'u.lsoa', 'l.imd_decile as imdDecile'])
    .whereRef('r.id', '=', 'u.referral_id')
    .where('u.created_at', '>=', w.startUtc)
    .where('u.created_at', '<', w.endUtc)
    .orderBy('u.created_at')
    .orderBy('u.id')
    .execute();
  const practices = new Set(w.practiceIds);
  return rows.flatMap((r) =>
    practices.has(r.practiceId) ? [{ need: r.need, kind: r.kind, barrier: r.barrier, lsoa: r.lsoa, imdDecile: decile(r.imdDecile) }] : [],
  );
}

/**
 * The needs (JSON arrays) of referrals received in the window at the practices, each distinct
 * list once with how many referrals named it: the gap ratio's denominators (an ICB's year is
 * ~200,000 referrals but a few thousand distinct lists).
 */
export async function listReferralNeedLists(tx: Tx, w: UnmetNeedWindow): Promise<{ needs: string; referrals: number }[]> {
  if (w.practiceIds.length === 0) return [];
  const rows = await tx
    .selectFrom('referral')
    .select((eb) => ['needs', eb.fn.countAll<number>().as('referrals')])
    .where('practice_id', 'in', [...w.practiceIds])
    .where('created_at', '>=', w.startUtc)
    .where('created_at', '<', w.endUtc)
    .groupBy('needs')
    .execute();
  return rows.map((r) => ({ needs: r.needs, referrals: Number(r.referrals) }));
}

export interface UnmetNeedRegisterRow {
  id: string;
  caseId: string;
  /** Not presented: recorded in the audit as a person shown. */
  personId: string;
  caseReference: string;
  practiceId: string;
  need: string;
  kind: string;
  barrier: string | null;
  lsoa: string | null;
  imdDecile: number | null;
  createdAt: string;
  note: string | null;
}

/**
 * The register: each unmet need recorded in the window at the practices, with its case reference
 * and note, newest first; at most `limit` rows, and the number there are in all.
 */
export async function listUnmetNeedRegister(
  tx: Tx,
  w: UnmetNeedWindow & { need?: string | undefined; kind?: string | undefined; limit: number },
): Promise<{ rows: UnmetNeedRegisterRow[]; total: number }> {
  if (w.practiceIds.length === 0) return { rows: [], total: 0 };
  let base = tx
    .selectFrom('unmet_need as u')
    .innerJoin('referral as r', 'r.id', 'u.referral_id')
    .where('r.practice_id', 'in', [...w.practiceIds])
    .where('u.created_at', '>=', w.startUtc)
    .where('u.created_at', '<', w.endUtc);
  if (w.need !== undefined) base = base.where('u.need', '=', w.need);
  if (w.kind !== undefined) base = base.where('u.kind', '=', w.kind);
  const [rows, total] = await Promise.all([
    base
      .leftJoin('geo_lsoa as l', 'l.lsoa', 'u.lsoa')
      .select([
        'u.id',
        'r.id as caseId',
        'r.person_id as personId',
        'r.reference as caseReference',
        'r.practice_id as practiceId',
        'u.need',
        'u.kind',
        'u.barrier',
        'u.lsoa',
        'l.imd_decile as imdDecile',
        'u.created_at as createdAt',
        'u.note',
      ])
      .orderBy('u.created_at', 'desc')
      .orderBy('u.id', 'desc')
      .limit(w.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows.map((r) => ({ ...r, imdDecile: decile(r.imdDecile) })), total: Number(total?.n ?? 0) };
}
