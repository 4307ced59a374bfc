import { sql, type Kysely, type SqlBool } from 'kysely';
import { escapeLike, type CaseloadSearch } from '../../../domain/caseload-search.ts';
import type { DB } from '../../schema.ts';

/**
 * The ids of the people an auditor's "name or NHS number" filter means, at most `limit`: by NHS
 * number exactly, or every name word in the folded name (as the caseload search reads names).
 * Merged records are included: events written before the merge still name them.
 */
export async function findPersonIdsForAudit(db: Kysely<DB>, search: CaseloadSearch, limit: number): Promise<string[]> {
  let q = db.selectFrom('person as p').select('p.id').orderBy('p.id').limit(limit);
  if (search.nhsNumber !== null) q = q.where('p.nhs_number', '=', search.nhsNumber);
  else if (search.nameWords.length > 0) {
    // name_folded is filled by the person use cases; fall back to lower() of the names for rows without it.
    const folded = sql<string>`coalesce(p.name_folded, lower(p.given_name || ' ' || p.family_name))`;
    for (const w of search.nameWords) q = q.where(sql<SqlBool>`${folded} like ${`%${escapeLike(w)}%`} escape '\\'`);
  } else return [];
  return (await q.execute()).map((r) => r.id);
}
