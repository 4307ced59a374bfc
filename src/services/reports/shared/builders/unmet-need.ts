import { count, figureKey, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { UNMET_BARRIERS, UNMET_NEED_KINDS } from '../../../../domain/unmet-need.ts';
import { listReferralNeedLists, listUnmetNeedFigureRows } from '../../../../db/repositories/reports/unmet-need.ts';
import type { ReportContext } from '../report-context.ts';

/** The group for an area whose LSOA (or its IMD decile) is not known. */
export const NOT_KNOWN = 'not_known';

function parseNeeds(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string'))] : [];
  } catch {
    return [];
  }
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/**
 * Unmet need (U1–U2): unmet needs recorded in the period on cases at the practices in scope, by
 * need (the top list, most first), need × kind, barrier, the area's IMD decile and LSOA, and the
 * gap ratio per need. Coded fields only: the notes recorded with them never become figures (the
 * register, for those who may read notes, is a use case of its own).
 */
export async function buildUnmetNeed(ctx: ReportContext): Promise<Figure[]> {
  const window = { practiceIds: ctx.practices.map((p) => p.id), startUtc: ctx.period.startUtc, endUtc: ctx.period.endUtc };
  const [rows, needLists] = await Promise.all([listUnmetNeedFigureRows(ctx.tx, window), listReferralNeedLists(ctx.tx, window)]);
  const figures: Figure[] = [];
  const total = rows.length;

  // U2: the top list. One unmet need has one need, so the list adds up to the total (a line with a total).
  const byNeed = new Map<string, number>();
  for (const r of rows) bump(byNeed, r.need);
  const needs = [...byNeed.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([need]) => need);
  for (const need of needs) figures.push(count('U2', 'need', need, byNeed.get(need) ?? 0));
  figures.push(count('U2', 'need', TOTAL, total));

  // U1: need × kind, with row, column and grand totals (secondary suppression works on these lines).
  const cell = new Map<string, number>();
  const byKind = new Map<string, number>();
  for (const r of rows) {
    bump(cell, `${r.need}|${r.kind}`);
    bump(byKind, r.kind);
  }
  for (const need of needs) {
    for (const kind of UNMET_NEED_KINDS) figures.push(count('U1', 'need|kind', `${need}|${kind}`, cell.get(`${need}|${kind}`) ?? 0));
    figures.push(count('U1', 'need|kind', `${need}|${TOTAL}`, byNeed.get(need) ?? 0));
  }
  for (const kind of UNMET_NEED_KINDS) figures.push(count('U1', 'need|kind', `${TOTAL}|${kind}`, byKind.get(kind) ?? 0));
  figures.push(count('U1', 'need|kind', TOTAL, total));

  // U1: barriers, of the unmet needs whose kind is a barrier.
  const barriers = new Map<string, number>(UNMET_BARRIERS.map((b) => [b, 0]));
  let barrierTotal = 0;
  for (const r of rows) {
    if (r.kind !== 'barrier') continue;
    barrierTotal += 1;
    bump(barriers, r.barrier ?? NOT_KNOWN);
  }
  for (const [b, n] of barriers) figures.push(count('U1', 'barrier', b, n));
  figures.push(count('U1', 'barrier', TOTAL, barrierTotal));

  // U1: area, by the IMD decile of the LSOA recorded with the unmet need, and by LSOA.
  const deciles = new Map<string, number>(Array.from({ length: 10 }, (_, i) => [`imd_${i + 1}`, 0]));
  deciles.set(NOT_KNOWN, 0);
  const lsoas = new Map<string, number>();
  for (const r of rows) {
    bump(deciles, r.imdDecile === null ? NOT_KNOWN : `imd_${r.imdDecile}`);
    bump(lsoas, r.lsoa ?? NOT_KNOWN);
  }
  for (const [d, n] of deciles) figures.push(count('U1', 'imd_decile', d, n));
  figures.push(count('U1', 'imd_decile', TOTAL, total));
  const areaOrder = [...lsoas.keys()].filter((k) => k !== NOT_KNOWN).sort();
  if (lsoas.has(NOT_KNOWN)) areaOrder.push(NOT_KNOWN);
  for (const a of areaOrder) figures.push(count('U1', 'area', a, lsoas.get(a) ?? 0));
  figures.push(count('U1', 'area', TOTAL, total));

  // U1: gap ratio = unmet needs of a need ÷ referrals received in the period naming that need.
  const referralsNaming = new Map<string, number>();
  for (const { needs: text, referrals } of needLists) for (const need of parseNeeds(text)) bump(referralsNaming, need, referrals);
  const gapNeeds = [...new Set([...needs, ...[...referralsNaming.keys()].sort()])];
  for (const need of gapNeeds) {
    const unmet = byNeed.get(need) ?? 0;
    const referrals = referralsNaming.get(need) ?? 0;
    figures.push({
      metric: 'U1',
      breakdown: 'gap_ratio',
      group: need,
      unit: 'ratio',
      value: referrals === 0 ? null : unmet / referrals,
      ci95Lower: null,
      ci95Upper: null,
      withheldReason: referrals === 0 ? 'no_denominator' : null,
      numerator: unmet,
      denominator: referrals,
      countKey: unmet === 0 ? undefined : figureKey({ metric: 'U2', breakdown: 'need', group: need }),
    });
  }

  ctx.notes.push(
    'Areas are the LSOA of the person’s postcode when the unmet need was recorded. Notes written with unmet needs are never part of these figures or the CSV.',
  );
  return figures;
}
