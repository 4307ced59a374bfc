import type { Kysely } from 'kysely';
import type { Role } from '../../../domain/roles.ts';
import type { AppUserTable, DB } from '../../schema.ts';
import { fromDbBool, toDbBool } from '../../values.ts';
import { orgIdsInScope } from '../scope/organisation-scope.ts';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  version: number;
  /** Contracted minutes a week (FTE = minutes ÷ 2250); null when not recorded. */
  contractedMinutes: number | null;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

const toUser = (r: AppUserTable): UserWithSecret => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role as Role,
  disabled: fromDbBool(r.disabled),
  createdAt: r.created_at,
  version: Number(r.version),
  contractedMinutes: r.contracted_minutes === null ? null : Number(r.contracted_minutes),
  passwordHash: r.password_hash,
});

const withoutSecret = ({ passwordHash: _omit, ...u }: UserWithSecret): User => u;

export async function insertUser(
  db: Kysely<DB>,
  u: { id: string; email: string; displayName: string; role: Role; passwordHash: string; at: string; contractedMinutes?: number | null },
  organisationIds: readonly string[],
): Promise<User> {
  const row = await db
    .insertInto('app_user')
    .values({
      id: u.id,
      email: u.email,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
      disabled: toDbBool(false),
      created_at: u.at,
      updated_at: u.at,
      version: 1,
      contracted_minutes: u.contractedMinutes ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (organisationIds.length > 0) {
    await db
      .insertInto('user_scope')
      .values(organisationIds.map((organisation_id) => ({ user_id: u.id, organisation_id })))
      .execute();
  }
  return withoutSecret(toUser(row));
}

/** The user with their password hash: for sign-in only. */
export async function findUserWithSecretByEmail(db: Kysely<DB>, email: string): Promise<UserWithSecret | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function findUser(db: Kysely<DB>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : withoutSecret(toUser(row));
}

/** Users visible to an actor: all, or those whose scope overlaps the actor's scope. */
export async function listUsers(
  db: Kysely<DB>,
  visibility: { all: true } | { userId: string },
  filter: { role?: Role | undefined; includeDisabled: boolean },
): Promise<User[]> {
  let q = db.selectFrom('app_user').selectAll();
  if (!('all' in visibility)) {
    q = q.where('id', 'in', db.selectFrom('user_scope').select('user_id').where('organisation_id', 'in', orgIdsInScope(db, visibility.userId)));
  }
  if (filter.role !== undefined) q = q.where('role', '=', filter.role);
  if (!filter.includeDisabled) q = q.where('disabled', '=', 0);
  const rows = await q.orderBy('display_name').execute();
  return rows.map((r) => withoutSecret(toUser(r)));
}

export async function findUserVisibleTo(db: Kysely<DB>, id: string, visibility: { all: true } | { userId: string }): Promise<User | undefined> {
  let q = db.selectFrom('app_user').selectAll().where('id', '=', id);
  if (!('all' in visibility)) {
    q = q.where('id', 'in', db.selectFrom('user_scope').select('user_id').where('organisation_id', 'in', orgIdsInScope(db, visibility.userId)));
  }
  const row = await q.executeTakeFirst();
  return row === undefined ? undefined : withoutSecret(toUser(row));
}

export async function listScopeIds(db: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await db.selectFrom('user_scope').selectAll().where('user_id', 'in', userIds).execute();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.organisation_id]);
  return map;
}

export async function updateUser(
  db: Kysely<DB>,
  id: string,
  changes: { disabled?: boolean; passwordHash?: string; contractedMinutes?: number | null },
  at: string,
): Promise<User | undefined> {
  const row = await db
    .updateTable('app_user')
    .set((eb) => ({
      ...(changes.disabled === undefined ? {} : { disabled: toDbBool(changes.disabled) }),
      ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
      ...(changes.contractedMinutes === undefined ? {} : { contracted_minutes: changes.contractedMinutes }),
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : withoutSecret(toUser(row));
}
