import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

type Tx = Transaction<DB> | Kysely<DB>;

// What a report may cover: the PCNs and practices in the reader's scope (null: the command-line
// operator, everything) and the link workers who cover them. Aggregate use only.

export interface ReportOrganisation {
  id: string;
  kind: 'pcn' | 'practice';
  name: string;
  odsCode: string | null;
  parentId: string | null;
  listSize: number | null;
}

export async function listReportOrganisations(tx: Tx, userId: string | null): Promise<ReportOrganisation[]> {
  let q = tx
    .selectFrom('organisation')
    .select(['id', 'kind', 'name', 'ods_code as odsCode', 'parent_id as parentId', 'list_size as listSize'])
    .where('kind', 'in', ['pcn', 'practice']);
  if (userId !== null) q = q.where('id', 'in', orgIdsInScope(tx, userId));
  const rows = await q.orderBy('kind').orderBy('name').orderBy('id').execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
    .map((r) => ({ ...r, kind: r.kind as 'pcn' | 'practice', listSize: r.listSize === null ? null : Number(r.listSize) }));
}

export interface ReportLinkWorker {
  id: string;
  name: string;
  contractedMinutes: number | null;
}

/**
 * Link workers who cover any of the practices (directly or through their PCN) or hold a case at
 * one of them, with their contracted minutes a week.
 */
export async function listReportLinkWorkers(tx: Tx, practiceIds: readonly string[]): Promise<ReportLinkWorker[]> {
  if (practiceIds.length === 0) return [];
  const ids = [...practiceIds];
  const rows = await tx
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name as name', 'u.contracted_minutes as contractedMinutes'])
    .where('u.role', '=', 'link_worker')
    .where((eb) =>
      eb.or([
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('user_scope as us')
            .select('us.user_id')
            .where((w) =>
              w.or([
                w('us.organisation_id', 'in', ids),
                w(
                  'us.organisation_id',
                  'in',
                  w
                    .selectFrom('organisation')
                    .select('parent_id')
                    .where('id', 'in', ids)
                    .where('parent_id', 'is not', null)
                    .$narrowType<{ parent_id: string }>(),
                ),
              ]),
            ),
        ),
        // Per link worker, "holds a case at one of them": a probe of referral_lw_practice_idx per
        // practice, rather than reading every referral the practices ever had (~1M for an ICB).
        eb.exists(eb.selectFrom('referral as r').select('r.id').whereRef('r.link_worker_id', '=', 'u.id').where('r.practice_id', 'in', ids)),
      ]),
    )
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ ...r, contractedMinutes: r.contractedMinutes === null ? null : Number(r.contractedMinutes) }));
}

/**
 * How a read of rows dated in a period that are kept by their case's practice (community
 * referrals, unmet needs, contacts) finds them: by `date` (the period's rows across the
 * deployment, each kept by practice) or by `case` (the practices' cases, and each one's rows in
 * the period). The same rows either way; which is cheaper depends on the share of the deployment
 * the practices are. PostgreSQL's planner tells from its statistics; SQLite, which the app never
 * ANALYZEs, cannot, so the queries say which table leads (a CROSS JOIN keeps SQLite's join order
 * and leaves PostgreSQL's free).
 */
export type ReadLead = 'date' | 'case';

/** By date when the practices are a quarter or more of all practices, else by case (or as the caller says: tests read both ways). */
export async function readLead(tx: Tx, practiceIds: readonly string[], lead?: ReadLead): Promise<ReadLead> {
  if (lead !== undefined) return lead;
  const r = await tx
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'practice')
    .executeTakeFirst();
  return practiceIds.length * 4 >= Number(r?.n ?? 0) ? 'date' : 'case';
}
