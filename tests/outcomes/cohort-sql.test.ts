import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { listCohortAdministrations } from '../../src/db/repositories/outcomes/cohort.ts';

/**
 * The cohort report's main query as each database receives it (house rule: report queries get a
 * compiled-SQL snapshot, so a reviewer reads the SQL a change produces). Compiled with Kysely's
 * dummy driver: nothing is executed.
 */
function compileWith(dialect: 'sqlite' | 'postgres'): { db: Kysely<DB>; sql: string[] } {
  const sql: string[] = [];
  const d: Dialect =
    dialect === 'sqlite'
      ? {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        }
      : {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        };
  const db = new Kysely<DB>({ dialect: d, log: (e) => void sql.push(e.query.sql) });
  return { db, sql };
}

const filters = { instrumentCode: 'ons4', from: '2026-01-01', to: '2026-06-30', pcnId: 'P', practiceId: 'Q', linkWorkerId: 'L', need: 'debt' };

describe('cohort report SQL', () => {
  it('SQLite', async () => {
    const { db, sql } = compileWith('sqlite');
    await listCohortAdministrations(db, { userId: 'U' }, filters);
    expect(sql).toMatchInlineSnapshot(`
      [
        "select "oa"."referral_id" as "referralId", "oa"."timepoint", "oa"."administered_on" as "administeredOn", "oa"."created_at" as "createdAt", "oa"."primary_score" as "primaryScore", "oa"."scores", "r"."needs" from "outcome_administration" as "oa" inner join "referral" as "r" on "r"."id" = "oa"."referral_id" where "oa"."instrument_code" = ? and "r"."practice_id" in (select "organisation"."id" from "organisation" inner join "user_scope" as "us" on "us"."organisation_id" = "organisation"."id" where "us"."user_id" = ? union all select "organisation"."id" from "organisation" inner join "user_scope" as "us" on "us"."organisation_id" = "organisation"."parent_id" where "us"."user_id" = ? union all select "organisation"."id" from "organisation" inner join "organisation" as "mid" on "mid"."id" = "organisation"."parent_id" inner join "user_scope" as "us" on "us"."organisation_id" = "mid"."parent_id" where "us"."user_id" = ?) and "r"."practice_id" = ? and "r"."practice_id" in (select "id" from "organisation" where "parent_id" = ?) and "r"."link_worker_id" = ? and coalesce("r"."accepted_at", "r"."created_at") >= ? and coalesce("r"."accepted_at", "r"."created_at") < ? and "r"."needs" like ? order by "oa"."referral_id", "oa"."administered_on", "oa"."created_at"",
      ]
    `);
  });

  it('PostgreSQL', async () => {
    const { db, sql } = compileWith('postgres');
    await listCohortAdministrations(db, { userId: null }, filters);
    expect(sql).toMatchInlineSnapshot(`
      [
        "select "oa"."referral_id" as "referralId", "oa"."timepoint", "oa"."administered_on" as "administeredOn", "oa"."created_at" as "createdAt", "oa"."primary_score" as "primaryScore", "oa"."scores", "r"."needs" from "outcome_administration" as "oa" inner join "referral" as "r" on "r"."id" = "oa"."referral_id" where "oa"."instrument_code" = $1 and "r"."practice_id" = $2 and "r"."practice_id" in (select "id" from "organisation" where "parent_id" = $3) and "r"."link_worker_id" = $4 and coalesce("r"."accepted_at", "r"."created_at") >= $5 and coalesce("r"."accepted_at", "r"."created_at") < $6 and "r"."needs" like $7 order by "oa"."referral_id", "oa"."administered_on", "oa"."created_at"",
      ]
    `);
  });
});
