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

/** JSON with object keys sorted at every level: the same definition always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
