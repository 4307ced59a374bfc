import { fileURLToPath } from 'node:url';
import { countServicesFromSource } from '../../db/repositories/directory/services.ts';
import { systemActor, type ServiceDeps } from '../kernel/context.ts';
import { importDirectory, type DirectoryImportSummary } from '../directory/import-directory.ts';
import { loadOpenEligibility, type TaxonomyLoadSummary } from '../directory/load-taxonomy.ts';

/** Real open data shipped for the demo (attribution in NOTICE). */
export const DEMO_DIRECTORY_FILES = {
  /** 66 services from Bristol's Open Referral feed (CC BY-SA 4.0), chosen to cover every need. */
  bristol: fileURLToPath(new URL('../../../fixtures/oruk/bristol-sample.json', import.meta.url)),
  /** The Open Eligibility taxonomy (CC BY-SA 3.0). */
  openEligibility: fileURLToPath(new URL('../../../fixtures/taxonomy/openeligibility.csv', import.meta.url)),
};

export const DEMO_DIRECTORY_SOURCE = 'bristol-sample';

/**
 * Loads the demo directory through the real import: the Open Eligibility taxonomy and a sample of
 * Bristol's ORUK feed (source `bristol-sample`). Does nothing (returns null) once the sample is
 * there, so a demo server's every start stays quick and its audit trail quiet.
 */
export async function seedDemoDirectory(deps: ServiceDeps): Promise<{ taxonomy: TaxonomyLoadSummary; import: DirectoryImportSummary } | null> {
  if ((await countServicesFromSource(deps.db, DEMO_DIRECTORY_SOURCE)) > 0) return null;
  const actor = systemActor('demo-seed');
  const taxonomy = await loadOpenEligibility(deps, actor, DEMO_DIRECTORY_FILES.openEligibility);
  const summary = await importDirectory(deps, actor, { location: { kind: 'file', path: DEMO_DIRECTORY_FILES.bristol }, source: DEMO_DIRECTORY_SOURCE });
  return { taxonomy, import: summary };
}
