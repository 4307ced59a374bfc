import type { InstrumentDefinition } from './definition.ts';

export const LICENCE_STATUSES = ['open', 'valid', 'expired'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/**
 * Whether new administrations may use this instrument on `today` (YYYY-MM-DD). A licence is valid
 * up to and including its expiry date; expired instruments stay readable but take no new answers.
 */
export function licenceStatus(def: Pick<InstrumentDefinition, 'licence'>, today: string): LicenceStatus {
  const expires = def.licence.expiresOn;
  if (expires === null) return def.licence.kind === 'licensed' ? 'valid' : 'open';
  return expires < today ? 'expired' : 'valid';
}

/** True when a new administration may be recorded with this instrument on `today`. */
export function usableForNewAdministrations(def: Pick<InstrumentDefinition, 'licence'>, today: string): boolean {
  return licenceStatus(def, today) !== 'expired';
}
