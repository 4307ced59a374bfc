import { REFERRAL_SOURCES } from '../../../../domain/schemas/referrals.ts';
import { count, figureKey, percent, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { ratePer1000, wilson } from '../../../../domain/insight/intervals.ts';
import { addMonths, londonDate, londonMidnightUtc, monthsOf } from '../../../../domain/insight/periods.ts';
import { NEED_CODES } from '../../../../domain/needs.ts';
import { listEpisodes, listReReferrals } from '../../../../db/repositories/reports/episodes.ts';
import { listSizes } from '../list-sizes.ts';
import { practiceKey, type ReportContext } from '../report-context.ts';

/** Demand reads the referrals alone: no person details, no pathway. */
const REFERRAL_ONLY = { person: false, milestones: false, contactCounts: false };

/** Demand (D1–D3): referrals received by month, source, need and practice; the rate per 1,000; re-referral. */
export async function buildDemand(ctx: ReportContext): Promise<Figure[]> {
  const { period } = ctx;
  const practiceIds = ctx.practices.map((p) => p.id);
  const keyOf = new Map(ctx.practices.map((p) => [p.id, practiceKey(p)]));
  const episodes = await listEpisodes(ctx.tx, { practiceIds, dateField: 'created_at', startUtc: period.startUtc, endUtc: period.endUtc }, REFERRAL_ONLY);
  const figures: Figure[] = [count('D1', TOTAL, TOTAL, episodes.length)];

  const tally = (breakdown: string, groups: readonly string[], groupOf: (e: (typeof episodes)[number]) => readonly string[]) => {
    const n = new Map<string, number>(groups.map((g) => [g, 0]));
    for (const e of episodes) for (const g of groupOf(e)) n.set(g, (n.get(g) ?? 0) + 1);
    for (const [g, v] of n) figures.push(count('D1', breakdown, g, v));
    // A need breakdown double-counts referrals with two needs, so it has no total line.
    if (breakdown !== 'need') figures.push(count('D1', breakdown, TOTAL, episodes.length));
  };
  tally('month', monthsOf(period), (e) => [londonDate(e.createdAt).slice(0, 7)]);
  tally('source', REFERRAL_SOURCES, (e) => [e.source]);
  tally('need', NEED_CODES, (e) => e.needs);
  tally(
    'practice',
    ctx.practices.map((p) => practiceKey(p)),
    (e) => [keyOf.get(e.practiceId) ?? e.practiceId],
  );

  // D2: unique people referred ÷ list × 1,000, annualised.
  const sizes = await listSizes(ctx);
  const scale = 365 / period.days;
  const peopleBy = new Map<string, Set<string>>();
  for (const e of episodes) {
    const k = keyOf.get(e.practiceId) ?? e.practiceId;
    (peopleBy.get(k) ?? peopleBy.set(k, new Set()).get(k))?.add(e.personId);
  }
  const rateFigure = (group: string, people: number, list: number | undefined): Figure => {
    const r = list === undefined ? null : ratePer1000(people, list, scale);
    return r === null
      ? { metric: 'D2', breakdown: 'practice', group, unit: 'rate_per_1000', value: null, ci95Lower: null, ci95Upper: null, withheldReason: 'no_denominator' }
      : {
          metric: 'D2',
          breakdown: 'practice',
          group,
          unit: 'rate_per_1000',
          value: r.value,
          ci95Lower: r.lower,
          ci95Upper: r.upper,
          withheldReason: null,
          numerator: people,
          denominator: list,
        };
  };
  let listTotal = 0;
  let allListed = true;
  for (const p of ctx.practices) {
    const k = practiceKey(p);
    const people = peopleBy.get(k)?.size ?? 0;
    figures.push(count('D2', 'people', k, people));
    figures.push({ ...rateFigure(k, people, sizes.get(k)), countKey: figureKey({ metric: 'D2', breakdown: 'people', group: k }) });
    const s = sizes.get(k);
    if (s === undefined) allListed = false;
    else listTotal += s;
  }
  const everyone = new Set(episodes.map((e) => e.personId)).size;
  figures.push(count('D2', 'people', TOTAL, everyone));
  figures.push(rateFigure(TOTAL, everyone, allListed && listTotal > 0 ? listTotal : undefined));

  // D3: re-referral within 12 months of a discharge, for people discharged in the 12 months to the period's end.
  const windowStart = londonMidnightUtc(addMonths(period.to, -12));
  const { discharged, later } = await listReReferrals(ctx.tx, practiceIds, { startUtc: windowStart, endUtc: period.endUtc, receivedBeforeUtc: ctx.now });
  const reReferred = new Set<string>();
  for (const r of later) {
    const d = r.dischargedAt;
    if (r.createdAt > d && r.createdAt < new Date(Date.parse(d) + 365 * 86_400_000).toISOString()) reReferred.add(r.personId);
  }
  figures.push(count('D3', 'people', 'discharged', discharged));
  figures.push(count('D3', 'people', 're_referred', reReferred.size));
  const ci = wilson(reReferred.size, discharged);
  figures.push(
    percent('D3', TOTAL, TOTAL, reReferred.size, discharged, ci ?? undefined, figureKey({ metric: 'D3', breakdown: 'people', group: 're_referred' })),
  );
  return figures;
}
