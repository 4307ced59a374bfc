import { londonDate } from '../../domain/worklist.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { listAllInstruments, type InstalledInstrument } from './shared/outcome-records.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface InstrumentListing extends InstalledInstrument {
  /** The date licence status is judged on (UK date). */
  today: string;
}

/**
 * Every instrument the deployment offers: built in, then installed packs, expired ones included
 * (their old administrations stay readable) and marked by the presenter. Instruments are not
 * personal data, so only refusals are audited.
 */
export async function listInstruments(deps: ServiceDeps, actor: Actor): Promise<InstrumentListing[]> {
  return runUseCase(deps, actor, {
    permission: 'instrument:read',
    action: 'instrument.listed',
    entityType: 'instrument',
    auditSuccess: false,
    work: async (tx) => {
      const today = londonDate(deps.clock.now());
      return (await listAllInstruments(tx)).map((i) => ({ ...i, today }));
    },
  });
}
