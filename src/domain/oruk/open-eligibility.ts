import { z } from 'zod';
import { AppError } from '../errors.ts';

/** A term of the Open Eligibility taxonomy as its CSV gives it (id,name,parent_id,parent_name,vocabulary). */
export interface OpenEligibilityTerm {
  code: string;
  name: string;
  /** The parent's code; null for the eleven top-level terms (parent_id 0 in the file). */
  parentCode: string | null;
}

export const OPEN_ELIGIBILITY = {
  name: 'Open Eligibility',
  description: 'The Open Eligibility human-services taxonomy (Open Referral, derived from Aunt Bertha’s Human Services Taxonomy), CC BY-SA 3.0',
  uri: 'https://github.com/auntbertha/openeligibility',
} as const;

const rowSchema = z.object({
  id: z.string().trim().regex(/^\d+$/),
  name: z.string().trim().min(1),
  parent_id: z.string().trim().regex(/^\d*$/),
});

/**
 * Checks and converts the CSV's rows (header-keyed). Any bad row, a repeated id or a parent that is
 * not in the file fails the whole load (invalid_input naming the line), so the taxonomy is never
 * half-loaded. Order is kept.
 */
export function openEligibilityTerms(rows: readonly Record<string, string>[]): OpenEligibilityTerm[] {
  const terms: OpenEligibilityTerm[] = [];
  const codes = new Set<string>();
  rows.forEach((row, i) => {
    const r = rowSchema.safeParse(row);
    if (!r.success) {
      throw new AppError('invalid_input', `Line ${i + 2} of the taxonomy file is not a term (id, name, parent_id)`, {
        reason: 'invalid_row',
        line: i + 2,
        field: r.error.issues[0]?.path.join('.') ?? null,
      });
    }
    if (codes.has(r.data.id)) throw new AppError('invalid_input', `Line ${i + 2} of the taxonomy file repeats an id`, { reason: 'duplicate_id', line: i + 2 });
    codes.add(r.data.id);
    const parent = r.data.parent_id === '' || r.data.parent_id === '0' ? null : r.data.parent_id;
    terms.push({ code: r.data.id, name: r.data.name, parentCode: parent });
  });
  if (terms.length === 0) throw new AppError('invalid_input', 'The taxonomy file has no terms', { reason: 'empty' });
  const orphan = terms.findIndex((t) => t.parentCode !== null && !codes.has(t.parentCode));
  if (orphan >= 0)
    throw new AppError('invalid_input', `Line ${orphan + 2} of the taxonomy file names a parent that is not in the file`, {
      reason: 'unknown_parent',
      line: orphan + 2,
    });
  return terms;
}
