import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';
import { readLead, type ReadLead } from './report-scope.ts';
import { nameOrder } from '../../name-order.ts';

type Tx = Transaction<DB> | Kysely<DB>;

// The community-services report (S1–S4): community referrals and signposts sent from cases at the
// practices in scope, with the service and organisation each went to, and those services'
// capacity. Aggregate use only (the person id is read to count people, never returned). Portable:
// plain comparisons on ISO text and joins; the arithmetic is done in code.

export interface CommunityReferralWindow {
  practiceIds: readonly string[];
  /** Sent (community_referral.sent_at) in [startUtc, endUtc). */
  startUtc: string;
  endUtc: string;
}

export interface CommunityReferralFigureRow {
  id: string;
  personId: string;
  serviceId: string;
  organisationId: string;
  kind: string;
  status: string;
  declineReason: string | null;
  sentAt: string;
  respondedAt: string | null;
  /** When the row last changed: for a referral cancelled before any answer, when it was cancelled. */
  updatedAt: string;
}

/** Community referrals and signposts sent in the window from cases at the practices. */
export async function listCommunityReferralFigureRows(tx: Tx, w: CommunityReferralWindow, lead?: ReadLead): Promise<CommunityReferralFigureRow[]> {
  if (w.practiceIds.length === 0) return [];
  // Most of the deployment: the period's community referrals by date, each kept by its case's
  // practice — in code, as SQLite would probe an index once per value of a long IN list for each
  // row. A few practices: their cases, and each case's referrals sent in the period
  // (community_referral_referral_sent_idx). The same rows either way.
  const byDate = (await readLead(tx, w.practiceIds, lead)) === 'date';
  const from = byDate
    ? tx.selectFrom('community_referral as c').crossJoin('referral as r')
    : tx
        .selectFrom('referral as r')
        .crossJoin('community_referral as c')
        .where('r.practice_id', 'in', [...w.practiceIds]);
  const rows = await from
    .innerJoin('service as s', 's.id', 'c.service_id')
    .select([
      'c.id',
      'r.person_id as personId',
      'r.practice_id as practiceId',
      'c.service_id as serviceId',
      's.organisation_id as organisationId',
      'c.kind',
      'c.status',
      'c.decline_reason as declineReason',
      'c.sent_at as sentAt',
      'c.responded_at as respondedAt',
      'c.updated_at as updatedAt',
    ])
    .whereRef('r.id', '=', 'c.referral_id')
    .where('c.sent_at', '>=', w.startUtc)
    .where('c.sent_at', '<', w.endUtc)
    .orderBy('c.sent_at')
    .orderBy('c.id')
    .execute();
  const practices = new Set(w.practiceIds);
  return rows.flatMap(({ practiceId, ...r }) => (practices.has(practiceId) ? [r] : []));
}

export interface ReportServiceRow {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  /** open | waiting_list | closed */
  capacity: string;
  waitingWeeks: number | null;
  lastVerifiedAt: string | null;
  updatedAt: string;
}

/** The services (by id) with their organisation and capacity. */
export async function listReportServices(tx: Tx, serviceIds: readonly string[]): Promise<ReportServiceRow[]> {
  const ids = [...new Set(serviceIds)];
  const out: ReportServiceRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .selectFrom('service as s')
      .innerJoin('organisation as o', 'o.id', 's.organisation_id')
      .select([
        's.id',
        's.name',
        's.organisation_id as organisationId',
        'o.name as organisationName',
        's.capacity',
        's.waiting_weeks as waitingWeeks',
        's.last_verified_at as lastVerifiedAt',
        's.updated_at as updatedAt',
      ])
      .where('s.id', 'in', ids.slice(i, i + 500))
      .orderBy(nameOrder('s.name'))
      .orderBy('s.name')
      .orderBy('s.id')
      .execute();
    out.push(...rows.map((r) => ({ ...r, waitingWeeks: r.waitingWeeks === null ? null : Number(r.waitingWeeks) })));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
