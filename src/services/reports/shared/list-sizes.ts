import { listAgeSexRows, listLsoaRows, nearestListExtract } from '../../../db/repositories/denominators/list-denominators.ts';
import type { ReportContext } from './report-context.ts';
import { practiceKey } from './report-context.ts';

/** The registered list behind a report: by practice × sex × age band and by practice × LSOA. */
export interface ListDenominators {
  ageSex: { practiceOds: string; sex: 'M' | 'F'; ageBand: string; patients: number }[];
  lsoa: { practiceOds: string; lsoa: string; patients: number; imdDecile: number | null }[];
  ageSexExtract: string | null;
  lsoaExtract: string | null;
}

/**
 * The NHS England list extracts nearest the middle of the period, for the practices in the
 * report (by ODS code). LSOA rows are the ALL-sex rows where the file has them, else M + F.
 * Says which extracts were used in the report's notes.
 */
export async function listDenominators(ctx: ReportContext): Promise<ListDenominators> {
  const ods = ctx.practices.flatMap((p) => (p.odsCode === null ? [] : [p.odsCode]));
  const ageSexExtract = await nearestListExtract(ctx.tx, 'age_sex', ctx.period.midpoint);
  const lsoaExtract = await nearestListExtract(ctx.tx, 'lsoa', ctx.period.midpoint);
  const ageSex = ageSexExtract === undefined ? [] : await listAgeSexRows(ctx.tx, ageSexExtract.id, ods);
  const rawLsoa = lsoaExtract === undefined ? [] : await listLsoaRows(ctx.tx, lsoaExtract.id, ods);
  const hasAll = new Set(rawLsoa.filter((r) => r.sex === 'ALL').map((r) => r.practiceOds));
  const lsoa = new Map<string, { practiceOds: string; lsoa: string; patients: number; imdDecile: number | null }>();
  for (const r of rawLsoa) {
    if (hasAll.has(r.practiceOds) !== (r.sex === 'ALL')) continue;
    const k = `${r.practiceOds}|${r.lsoa}`;
    const prev = lsoa.get(k);
    if (prev === undefined) lsoa.set(k, { practiceOds: r.practiceOds, lsoa: r.lsoa, patients: r.patients, imdDecile: r.imdDecile });
    else prev.patients += r.patients;
  }
  if (ageSexExtract !== undefined)
    ctx.notes.push(`Registered list by age and sex: NHS England extract of ${ageSexExtract.extractDate} (nearest the middle of the period).`);
  if (lsoaExtract !== undefined)
    ctx.notes.push(`Registered list by area: NHS England extract of ${lsoaExtract.extractDate}; deprivation from the IMD loaded for each LSOA.`);
  return { ageSex, lsoa: [...lsoa.values()], ageSexExtract: ageSexExtract?.extractDate ?? null, lsoaExtract: lsoaExtract?.extractDate ?? null };
}

/**
 * The registered list of each practice (the denominator of rates): the age × sex extract nearest
 * the middle of the period when one is loaded, else the practice record's list size.
 */
export async function listSizes(ctx: ReportContext, denominators?: ListDenominators): Promise<Map<string, number>> {
  const d = denominators ?? (await listDenominators(ctx));
  const sizes = new Map<string, number>();
  for (const r of d.ageSex) sizes.set(r.practiceOds, (sizes.get(r.practiceOds) ?? 0) + r.patients);
  let fallback = false;
  for (const p of ctx.practices) {
    const k = practiceKey(p);
    if (!sizes.has(k) && p.listSize !== null) {
      sizes.set(k, p.listSize);
      fallback = true;
    }
  }
  if (fallback) ctx.notes.push('Where no NHS England list extract covers a practice, its list size is the one on the practice’s record.');
  return sizes;
}
