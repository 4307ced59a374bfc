import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../schema.ts';

/**
 * The organisations a user covers: those named in their scope plus everything below them
 * (ICB → PCN → practice, at most two levels). A subquery of ids, for `where(col, 'in', …)`, so
 * list scoping happens in SQL on both databases.
 *
 * Written as a UNION ALL of three plain joins (the named organisations, their children, their
 * grandchildren) rather than one scan of `organisation` with three ORed IN tests: PostgreSQL
 * estimated the OR form at ~90% of all organisations when 5–6 matched, and chose hash joins over
 * whole tables (GP-record entries at ICB scale: 37–53 ms → 1.4–6.5 ms). An id may appear twice
 * when a scope names both a PCN and one of its practices; every caller uses it with IN.
 */
export function orgIdsInScope(db: Kysely<DB>, userId: string): SelectQueryBuilder<DB, 'organisation', { id: string }> {
  return db
    .selectFrom('organisation')
    .innerJoin('user_scope as us', 'us.organisation_id', 'organisation.id')
    .select('organisation.id')
    .where('us.user_id', '=', userId)
    .unionAll(
      db
        .selectFrom('organisation')
        .innerJoin('user_scope as us', 'us.organisation_id', 'organisation.parent_id')
        .select('organisation.id')
        .where('us.user_id', '=', userId),
    )
    .unionAll(
      db
        .selectFrom('organisation')
        .innerJoin('organisation as mid', 'mid.id', 'organisation.parent_id')
        .innerJoin('user_scope as us', 'us.organisation_id', 'mid.parent_id')
        .select('organisation.id')
        .where('us.user_id', '=', userId),
    );
}
