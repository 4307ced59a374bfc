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
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('referral')
            .select('link_worker_id')
            .where('practice_id', 'in', ids)
            .where('link_worker_id', 'is not', null)
            .$narrowType<{ link_worker_id: string }>(),
        ),
      ]),
    )
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ ...r, contractedMinutes: r.contractedMinutes === null ? null : Number(r.contractedMinutes) }));
}
