import type { Kysely } from 'kysely';
import type { OrganisationKind } from '../../../domain/roles.ts';
import type { DB, OrganisationTable } from '../../schema.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';
import { nameOrder } from '../../name-order.ts';

export interface Organisation {
  id: string;
  kind: OrganisationKind;
  name: string;
  odsCode: string | null;
  parentId: string | null;
  listSize: number | null;
}

const toOrganisation = (r: OrganisationTable): Organisation => ({
  id: r.id,
  kind: r.kind as OrganisationKind,
  name: r.name,
  odsCode: r.ods_code,
  parentId: r.parent_id,
  listSize: r.list_size === null ? null : Number(r.list_size),
});

export async function insertOrganisation(db: Kysely<DB>, o: Organisation, createdAt: string): Promise<Organisation> {
  const row = await db
    .insertInto('organisation')
    .values({
      id: o.id,
      kind: o.kind,
      name: o.name,
      ods_code: o.odsCode,
      parent_id: o.parentId,
      list_size: o.listSize,
      created_at: createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrganisation(row);
}

export async function findOrganisation(db: Kysely<DB>, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toOrganisation(row);
}

/** Organisations visible to a user: all (deployment-wide) or those in their scope. */
export async function listOrganisations(db: Kysely<DB>, visibility: { all: true } | { userId: string }): Promise<Organisation[]> {
  let q = db.selectFrom('organisation').selectAll();
  // Community (VCSE) organisations are public directory data: everyone may see them, so a lead
  // can add a service for one and a link worker can see who runs a service. The rest is scoped.
  if (!('all' in visibility)) q = q.where((eb) => eb.or([eb('id', 'in', orgIdsInScope(db, visibility.userId)), eb('kind', '=', 'vcse')]));
  const rows = await q.orderBy('kind').orderBy(nameOrder('name')).orderBy('name').orderBy('id').execute();
  return rows.map(toOrganisation);
}

export async function findOrganisationInScope(db: Kysely<DB>, id: string, userId: string): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom('organisation')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('id', 'in', orgIdsInScope(db, userId)), eb('kind', '=', 'vcse')]))
    .executeTakeFirst();
  return row === undefined ? undefined : toOrganisation(row);
}

export async function findOrganisationsByIds(db: Kysely<DB>, ids: readonly string[]): Promise<Organisation[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('organisation').selectAll().where('id', 'in', ids).execute();
  return rows.map(toOrganisation);
}
