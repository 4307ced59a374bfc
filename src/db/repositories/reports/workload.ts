import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { OPEN_STATUSES } from '../../../domain/case-lifecycle.ts';
import type { DB } from '../../schema.ts';
import { readLead, type ReadLead } from './report-scope.ts';

type Tx = Transaction<DB> | Kysely<DB>;

// The workload report's reads (W1–W4): caseloads, new people, contacts and the waiting list of the
// link workers at the practices in a report. Aggregate use only. Portable: plain comparisons on ISO
// text, CASE and GROUP BY; every count wrapped in Number() (PostgreSQL answers counts as strings).

export interface WorkloadScope {
  practiceIds: readonly string[];
  /** The link workers the report is about (the team, or the one the filter names). */
  linkWorkerIds: readonly string[];
}

/** Open cases per link worker, and how many of them had a successful contact at or after `activeSinceUtc` (W1). */
export async function countOpenCaseloads(
  tx: Tx,
  scope: WorkloadScope,
  window: { activeSinceUtc: string; nowUtc: string },
): Promise<{ linkWorkerId: string; open: number; active: number }[]> {
  if (scope.practiceIds.length === 0 || scope.linkWorkerIds.length === 0) return [];
  const rows = await tx
    .selectFrom('referral as r')
    .select((eb) => [
      'r.link_worker_id as linkWorkerId',
      eb.fn.countAll<number>().as('open'),
      eb.fn
        .sum<number>(
          eb
            .case()
            // Per open case, a probe of contact_report_idx (not a list of every recent contact in the deployment).
            .when(
              eb.exists(
                eb
                  .selectFrom('contact as c')
                  .select('c.referral_id')
                  .whereRef('c.referral_id', '=', 'r.id')
                  .where('c.successful', '=', 1)
                  .where('c.at', '>=', window.activeSinceUtc)
                  .where('c.at', '<=', window.nowUtc),
              ),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('active'),
    ])
    .where('r.practice_id', 'in', [...scope.practiceIds])
    .where('r.link_worker_id', 'in', [...scope.linkWorkerIds])
    .where('r.status', 'in', [...OPEN_STATUSES])
    .groupBy('r.link_worker_id')
    .execute();
  return rows.flatMap((r) => (r.linkWorkerId === null ? [] : [{ linkWorkerId: r.linkWorkerId, open: Number(r.open), active: Number(r.active ?? 0) }]));
}

/**
 * Episodes whose first successful contact fell in [startUtc, endUtc), with their link worker and
 * person (W2). "First successful contact" as the pathway report has it: the earliest successful
 * contact logged, else the referral's `first_contact_at` (set when a case is accepted in conversation).
 */
export async function listNewlyContacted(
  tx: Tx,
  scope: WorkloadScope,
  window: { startUtc: string; endUtc: string },
  lead?: ReadLead,
): Promise<{ linkWorkerId: string; personId: string }[]> {
  if (scope.practiceIds.length === 0 || scope.linkWorkerIds.length === 0) return [];
  // The earliest successful contact falls in the window when there is a successful contact in it
  // and none before it; there is none at all when no successful contact exists. Said with EXISTS,
  // each is a probe of contact_report_idx per case (not a grouped read of every contact in the
  // deployment, nor a scalar subquery SQLite would run once per mention).
  const successful = (eb: ExpressionBuilder<DB & { r: DB['referral'] }, 'r'>) =>
    eb.selectFrom('contact as c').select('c.referral_id').whereRef('c.referral_id', '=', 'r.id').where('c.successful', '=', 1);
  const firstInWindow = (eb: ExpressionBuilder<DB & { r: DB['referral'] }, 'r'>) =>
    eb.and([
      eb.exists(successful(eb).where('c.at', '>=', window.startUtc).where('c.at', '<', window.endUtc)),
      eb.not(eb.exists(successful(eb).where('c.at', '<', window.startUtc))),
    ]);
  const noneButFirstContactInWindow = (eb: ExpressionBuilder<DB & { r: DB['referral'] }, 'r'>) =>
    eb.and([eb.not(eb.exists(successful(eb))), eb('r.first_contact_at', '>=', window.startUtc), eb('r.first_contact_at', '<', window.endUtc)]);
  let rows: { linkWorkerId: string | null; personId: string }[];
  if ((await readLead(tx, scope.practiceIds, lead)) === 'case') {
    // A few practices: every case of theirs held by the team, each probed.
    rows = await tx
      .selectFrom('referral as r')
      .select(['r.link_worker_id as linkWorkerId', 'r.person_id as personId'])
      .where('r.practice_id', 'in', [...scope.practiceIds])
      .where('r.link_worker_id', 'in', [...scope.linkWorkerIds])
      .where((eb) => eb.or([firstInWindow(eb), noneButFirstContactInWindow(eb)]))
      .distinct()
      .execute();
  } else {
    // Most of the deployment: only the cases with a successful contact in the window
    // (contact_date_idx) or a first contact recorded in it can qualify; each kept by its
    // practice in code (a long IN list would be probed value by value).
    const practices = new Set(scope.practiceIds);
    const [withContact, withoutContact] = await Promise.all([
      tx
        .selectFrom((eb) =>
          eb
            .selectFrom('contact')
            .select('referral_id')
            .where('successful', '=', 1)
            .where('at', '>=', window.startUtc)
            .where('at', '<', window.endUtc)
            .distinct()
            .as('w'),
        )
        .crossJoin('referral as r')
        .select(['r.link_worker_id as linkWorkerId', 'r.person_id as personId', 'r.practice_id as practiceId'])
        .whereRef('r.id', '=', 'w.referral_id')
        .where('r.link_worker_id', 'in', [...scope.linkWorkerIds])
        .where((eb) => eb.not(eb.exists(successful(eb).where('c.at', '<', window.startUtc))))
        .execute(),
      tx
        .selectFrom('referral as r')
        .select(['r.link_worker_id as linkWorkerId', 'r.person_id as personId', 'r.practice_id as practiceId'])
        .where('r.link_worker_id', 'in', [...scope.linkWorkerIds])
        .where((eb) => noneButFirstContactInWindow(eb))
        .execute(),
    ]);
    const seen = new Set<string>();
    rows = [];
    for (const r of [...withContact, ...withoutContact]) {
      const key = `${r.linkWorkerId ?? ''}|${r.personId}`;
      if (!practices.has(r.practiceId) || seen.has(key)) continue;
      seen.add(key);
      rows.push({ linkWorkerId: r.linkWorkerId, personId: r.personId });
    }
  }
  return rows.flatMap((r) => (r.linkWorkerId === null ? [] : [{ linkWorkerId: r.linkWorkerId, personId: r.personId }]));
}

/**
 * Successful contacts in [startUtc, endUtc) on cases at the practices, by who recorded them and
 * whose case it is now (W3); the builder credits each to a link worker.
 */
export async function countSuccessfulContacts(
  tx: Tx,
  practiceIds: readonly string[],
  window: { startUtc: string; endUtc: string },
  lead?: ReadLead,
): Promise<{ recordedBy: string; caseLinkWorkerId: string | null; contacts: number }[]> {
  if (practiceIds.length === 0) return [];
  if ((await readLead(tx, practiceIds, lead)) === 'case') {
    // A few practices: their cases, and each case's successful contacts in the window (contact_report_idx).
    const rows = await tx
      .selectFrom('referral as r')
      .crossJoin('contact as c')
      .select((eb) => ['c.created_by as recordedBy', 'r.link_worker_id as caseLinkWorkerId', eb.fn.countAll<number>().as('contacts')])
      .whereRef('c.referral_id', '=', 'r.id')
      .where('r.practice_id', 'in', [...practiceIds])
      .where('c.successful', '=', 1)
      .where('c.at', '>=', window.startUtc)
      .where('c.at', '<', window.endUtc)
      .groupBy(['c.created_by', 'r.link_worker_id'])
      .execute();
    return rows.map((r) => ({ recordedBy: r.recordedBy, caseLinkWorkerId: r.caseLinkWorkerId, contacts: Number(r.contacts) }));
  }
  // Most of the deployment: the window's successful contacts by date (contact_date_idx), grouped
  // with their case's practice, kept by practice in code (a long IN list would be probed value by value).
  const rows = await tx
    .selectFrom('contact as c')
    .crossJoin('referral as r')
    .select((eb) => [
      'c.created_by as recordedBy',
      'r.link_worker_id as caseLinkWorkerId',
      'r.practice_id as practiceId',
      eb.fn.countAll<number>().as('contacts'),
    ])
    .whereRef('r.id', '=', 'c.referral_id')
    .where('c.successful', '=', 1)
    .where('c.at', '>=', window.startUtc)
    .where('c.at', '<', window.endUtc)
    .groupBy(['c.created_by', 'r.link_worker_id', 'r.practice_id'])
    .execute();
  const practices = new Set(practiceIds);
  const sums = new Map<string, { recordedBy: string; caseLinkWorkerId: string | null; contacts: number }>();
  for (const r of rows) {
    if (!practices.has(r.practiceId)) continue;
    const key = `${r.recordedBy}|${r.caseLinkWorkerId ?? ''}`;
    const cur = sums.get(key);
    if (cur === undefined) sums.set(key, { recordedBy: r.recordedBy, caseLinkWorkerId: r.caseLinkWorkerId, contacts: Number(r.contacts) });
    else cur.contacts += Number(r.contacts);
  }
  return [...sums.values()];
}

/** Statuses of a referral that may still be waiting for its first contact (W3's waiting list). */
export const WAITING_STATUSES = ['referred', 'allocated', 'contacting', 'accepted'] as const;

/**
 * The waiting list today (W3): referrals at the practices not yet triaged (`referred`), or
 * allocated and not yet contacted (no successful contact, no first contact recorded). With a
 * link worker, only theirs.
 */
export async function listWaiting(
  tx: Tx,
  practiceIds: readonly string[],
  linkWorkerId: string | null,
): Promise<{ linkWorkerId: string | null; status: string; createdAt: string }[]> {
  if (practiceIds.length === 0) return [];
  let q = tx
    .selectFrom('referral as r')
    .select(['r.link_worker_id as linkWorkerId', 'r.status', 'r.created_at as createdAt'])
    .where('r.practice_id', 'in', [...practiceIds])
    .where('r.status', 'in', [...WAITING_STATUSES])
    .where('r.first_contact_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('contact as c').select('c.id').whereRef('c.referral_id', '=', 'r.id').where('c.successful', '=', 1))));
  if (linkWorkerId !== null) q = q.where('r.link_worker_id', '=', linkWorkerId);
  return q.orderBy('r.created_at').orderBy('r.id').execute();
}
