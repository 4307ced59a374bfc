import { OPEN_ELIGIBILITY, openEligibilityTerms } from '../../domain/oruk/open-eligibility.ts';
import { saveTaxonomy } from '../../db/repositories/directory/services.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { readCsvRecords } from '../kernel/csv-import.ts';
import { derivedId } from './shared/derived-id.ts';
import { requirePermission, runUseCase } from '../kernel/use-case.ts';

export interface TaxonomyLoadSummary {
  taxonomyId: string;
  terms: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** The Linkwork id of an Open Eligibility term (stable across loads, so services can link to it). */
export const openEligibilityTermId = (code: string): string => derivedId('open-eligibility', 'term', code);
export const OPEN_ELIGIBILITY_TAXONOMY_ID = derivedId('open-eligibility', 'taxonomy');

/**
 * Loads the Open Eligibility CSV (id,name,parent_id,parent_name,vocabulary) as an ORUK taxonomy
 * with its terms, parents kept (the CSV's numeric id is each term's `code`). Idempotent: a second
 * load changes nothing; a changed file updates the terms that changed. The file is read and checked
 * whole before the one transaction, so a bad file loads nothing.
 */
export async function loadOpenEligibility(deps: ServiceDeps, actor: Actor, file: string): Promise<TaxonomyLoadSummary> {
  const uc = { permission: 'directory:import', action: 'directory.taxonomy_loaded', entityType: 'taxonomy', entityId: OPEN_ELIGIBILITY_TAXONOMY_ID } as const;
  await requirePermission(deps, actor, uc);
  const rows: Record<string, string>[] = [];
  for await (const { record } of readCsvRecords(file, { id: ['id'], name: ['name'], parent_id: ['parent_id'] })) rows.push(record);
  const terms = openEligibilityTerms(rows);
  return runUseCase(deps, actor, {
    ...uc,
    audit: (s) => ({ summary: { terms: s.terms, created: s.created, updated: s.updated, unchanged: s.unchanged } }),
    work: async (tx) => {
      const counts = await saveTaxonomy(
        tx,
        [
          {
            id: OPEN_ELIGIBILITY_TAXONOMY_ID,
            name: OPEN_ELIGIBILITY.name,
            description: OPEN_ELIGIBILITY.description,
            uri: OPEN_ELIGIBILITY.uri,
            version: null,
          },
        ],
        terms.map((t) => ({
          id: openEligibilityTermId(t.code),
          taxonomyId: OPEN_ELIGIBILITY_TAXONOMY_ID,
          code: t.code,
          name: t.name,
          description: t.name,
          parentId: t.parentCode === null ? null : openEligibilityTermId(t.parentCode),
          termUri: null,
        })),
      );
      return { taxonomyId: OPEN_ELIGIBILITY_TAXONOMY_ID, terms: terms.length, ...counts };
    },
  });
}
