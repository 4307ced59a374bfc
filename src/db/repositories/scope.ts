import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * The organisations a user covers: those named in their scope plus everything below them
 * (ICB → PCN → practice, at most two levels). A subquery of ids, for `where(col, 'in', …)`, so
 * list scoping happens in SQL on both databases.
 */
export function orgIdsInScope(db: Kysely<DB>, userId: string): SelectQueryBuilder<DB, 'organisation', { id: string }> {
  const direct = db.selectFrom('user_scope').select('organisation_id').where('user_id', '=', userId);
  return db
    .selectFrom('organisation')
    .select('organisation.id')
    .where((eb) =>
      eb.or([
        eb('organisation.id', 'in', direct),
        eb('organisation.parent_id', 'in', direct),
        eb(
          'organisation.parent_id',
          'in',
          eb.selectFrom('organisation as mid').select('mid.id').where('mid.parent_id', 'in', direct),
        ),
      ]),
    );
}
