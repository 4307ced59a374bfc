import { fileURLToPath } from 'node:url';
import { countServicesFromSource, listImportedOrganisations } from '../../db/repositories/directory/services.ts';
import { systemActor, type ServiceDeps } from '../kernel/context.ts';
import { importDirectory, type DirectoryImportSummary } from '../directory/import-directory.ts';
import { loadOpenEligibility } from '../directory/load-taxonomy.ts';
import { DEMO_DIRECTORY_FILES } from './seed-demo-directory.ts';

/**
 * The living demo's directory: a fictional Open Referral UK 3.0 feed of 50 services run by 18
 * invented voluntary organisations in the HX area, with places at real HX postcodes (their
 * coordinates from the demo's NSPL slice), weekly times, age limits and costs. It includes the
 * services of the two demo VCSE organisations whose providers answer referrals in the demo.
 */
export const DEMO_HX_SERVICES_FILE = fileURLToPath(new URL('../../../demo/hx-services.json', import.meta.url));

export const DEMO_HX_SOURCE = 'hx-demo';

/** The names of the two demo VCSE organisations as the feed spells them (their providers sign in). */
export const DEMO_VCSE_NAMES = { befriending: 'Calder Befriending Network (demo)', moneyAdvice: 'Halifax Money Advice (demo)' } as const;

/**
 * Imports the fictional HX feed through the real directory import (source `hx-demo`), after the
 * Open Eligibility taxonomy (real open data, see NOTICE). Does nothing (returns null) once the
 * feed is there.
 */
export async function seedDemoHxDirectory(deps: ServiceDeps): Promise<DirectoryImportSummary | null> {
  if ((await countServicesFromSource(deps.db, DEMO_HX_SOURCE)) > 0) return null;
  const actor = systemActor('demo-seed');
  await loadOpenEligibility(deps, actor, DEMO_DIRECTORY_FILES.openEligibility);
  return importDirectory(deps, actor, { location: { kind: 'file', path: DEMO_HX_SERVICES_FILE }, source: DEMO_HX_SOURCE });
}

/** The ids of the two demo VCSE organisations the HX feed created, when it did. */
export async function findDemoVcseFromFeed(deps: ServiceDeps): Promise<{ befriending: string; moneyAdvice: string } | null> {
  const orgs = await listImportedOrganisations(deps.db, DEMO_HX_SOURCE);
  const befriending = orgs.find((o) => o.name === DEMO_VCSE_NAMES.befriending)?.id;
  const moneyAdvice = orgs.find((o) => o.name === DEMO_VCSE_NAMES.moneyAdvice)?.id;
  return befriending === undefined || moneyAdvice === undefined ? null : { befriending, moneyAdvice };
}
