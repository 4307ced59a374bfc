import { count, figureKey, summary, TOTAL, type Figure, type Unit } from '../../../../domain/insight/figures.ts';
import { quantile } from '../../../../domain/insight/intervals.ts';
import type { MetricId } from '../../../../domain/insight/metrics.ts';
import { addDays, addMonths, daysBetween, londonDate, londonMidnightUtc } from '../../../../domain/insight/periods.ts';
import { FULL_TIME_MINUTES } from '../../../../domain/schemas/users.ts';
import { countOpenCaseloads, countSuccessfulContacts, listNewlyContacted, listWaiting } from '../../../../db/repositories/reports/workload.ts';
import type { ReportContext } from '../report-context.ts';

/** A case with no successful contact for this long is dormant (W1). */
export const ACTIVE_WITHIN_DAYS = 90;

const DAY_MS = 86_400_000;

/** FTE from contracted minutes a week (W4); null when none (or zero) are recorded. */
export function fteOf(contractedMinutes: number | null): number | null {
  return contractedMinutes === null || contractedMinutes <= 0 ? null : contractedMinutes / FULL_TIME_MINUTES;
}

/**
 * A per-FTE figure: `value` ÷ FTE (÷ weeks for a weekly rate), withheld as `no_denominator` when
 * there is no FTE. It describes the count cell `countKey` and is withheld with it.
 */
function perFte(metric: MetricId, breakdown: string, group: string, unit: Unit, value: number, fte: number | null, countKey: string, weeks = 1): Figure {
  if (fte === null) return { metric, breakdown, group, unit, value: null, ci95Lower: null, ci95Upper: null, withheldReason: 'no_denominator', countKey };
  return { metric, breakdown, group, unit, value: value / fte / weeks, ci95Lower: null, ci95Upper: null, withheldReason: null, numerator: value, countKey };
}

/**
 * Workload (W1–W4), the lead's team view, per link worker (groups are user ids; the report's labels
 * name them):
 * - W1 caseload today: open cases with a successful contact in the last 90 days (active) and
 *   without (dormant), as a two-way table `link_worker|state`; active caseload per FTE.
 * - W2 new people in the 12 months to today (first successful contact of an episode in that
 *   window, distinct people) per FTE.
 * - W3 successful contacts in the report period per FTE per week (credited to the link worker who
 *   recorded them, else to the case's link worker); the waiting list today (not yet triaged, or
 *   allocated and not yet contacted): count by link worker and age in days (median, 90th percentile).
 * - W4 FTE from contracted hours ÷ 37.5; link workers with no hours are counted apart and their
 *   per-FTE figures withheld (`no_denominator`).
 */
export async function buildWorkload(ctx: ReportContext): Promise<Figure[]> {
  const practiceIds = ctx.practices.map((p) => p.id);
  const team = ctx.linkWorkers;
  const workers = ctx.linkWorkerId === null ? team : team.filter((l) => l.id === ctx.linkWorkerId);
  const scope = { practiceIds, linkWorkerIds: workers.map((w) => w.id) };
  const fte = new Map(workers.map((w) => [w.id, fteOf(w.contractedMinutes)]));
  const withHours = workers.filter((w) => fte.get(w.id) !== null);
  const fteTotal = withHours.length === 0 ? null : withHours.reduce((s, w) => s + (fte.get(w.id) ?? 0), 0);
  const hasHours = (id: string) => fte.get(id) !== null && fte.get(id) !== undefined;
  const figures: Figure[] = [];

  // W4: FTE per link worker; those with no hours counted apart.
  for (const w of workers) {
    const f = fte.get(w.id) ?? null;
    figures.push(
      f === null
        ? { metric: 'W4', breakdown: 'link_worker', group: w.id, unit: 'fte', value: null, ci95Lower: null, ci95Upper: null, withheldReason: 'no_denominator' }
        : { metric: 'W4', breakdown: 'link_worker', group: w.id, unit: 'fte', value: f, ci95Lower: null, ci95Upper: null, withheldReason: null },
    );
  }
  figures.push({
    metric: 'W4',
    breakdown: 'link_worker',
    group: TOTAL,
    unit: 'fte',
    value: fteTotal,
    ci95Lower: null,
    ci95Upper: null,
    withheldReason: fteTotal === null ? 'no_denominator' : null,
  });
  figures.push(count('W4', 'headcount', 'with_hours', withHours.length));
  figures.push(count('W4', 'headcount', 'without_hours', workers.length - withHours.length));
  figures.push(count('W4', 'headcount', TOTAL, workers.length));
  if (workers.length > withHours.length) {
    ctx.notes.push(
      `${workers.length - withHours.length} link worker(s) have no contracted hours recorded: they are counted apart and their per-FTE figures are withheld. An administrator records hours on the Users page.`,
    );
  }
  ctx.notes.push('FTE comes from the contracted hours recorded today (37.5 hours a week = 1 FTE); earlier hours are not kept, so past periods use today’s.');

  // W1: caseload today.
  const now = ctx.now;
  const caseloads = new Map(
    (await countOpenCaseloads(ctx.tx, scope, { activeSinceUtc: new Date(Date.parse(now) - ACTIVE_WITHIN_DAYS * DAY_MS).toISOString(), nowUtc: now })).map(
      (r) => [r.linkWorkerId, r],
    ),
  );
  const cell = (id: string, state: string) => figureKey({ metric: 'W1', breakdown: 'link_worker|state', group: `${id}|${state}` });
  let active = 0;
  let dormant = 0;
  let activeWithHours = 0;
  for (const w of workers) {
    const c = caseloads.get(w.id);
    const a = c?.active ?? 0;
    const d = (c?.open ?? 0) - a;
    active += a;
    dormant += d;
    if (hasHours(w.id)) activeWithHours += a;
    figures.push(count('W1', 'link_worker|state', `${w.id}|active`, a));
    figures.push(count('W1', 'link_worker|state', `${w.id}|dormant`, d));
    figures.push(count('W1', 'link_worker|state', `${w.id}|${TOTAL}`, a + d));
    figures.push(perFte('W1', 'per_fte', w.id, 'per_fte', a, fte.get(w.id) ?? null, cell(w.id, 'active')));
  }
  figures.push(count('W1', 'link_worker|state', `${TOTAL}|active`, active));
  figures.push(count('W1', 'link_worker|state', `${TOTAL}|dormant`, dormant));
  figures.push(count('W1', 'link_worker|state', TOTAL, active + dormant));
  figures.push(perFte('W1', 'per_fte', TOTAL, 'per_fte', activeWithHours, fteTotal, cell(TOTAL, 'active')));

  // W2: new people in the 12 months to today, per FTE.
  const yearStart = londonMidnightUtc(addDays(addMonths(ctx.today, -12), 1));
  const tomorrow = londonMidnightUtc(addDays(ctx.today, 1));
  const newly = await listNewlyContacted(ctx.tx, scope, { startUtc: yearStart, endUtc: tomorrow });
  const peopleBy = new Map<string, Set<string>>();
  for (const r of newly) (peopleBy.get(r.linkWorkerId) ?? peopleBy.set(r.linkWorkerId, new Set()).get(r.linkWorkerId))?.add(r.personId);
  for (const w of workers) {
    const n = peopleBy.get(w.id)?.size ?? 0;
    figures.push(count('W2', 'people', w.id, n));
    figures.push(perFte('W2', 'link_worker', w.id, 'per_fte', n, fte.get(w.id) ?? null, figureKey({ metric: 'W2', breakdown: 'people', group: w.id })));
  }
  figures.push(count('W2', 'people', TOTAL, new Set(newly.map((r) => r.personId)).size));
  const newWithHours = new Set(newly.filter((r) => hasHours(r.linkWorkerId)).map((r) => r.personId)).size;
  figures.push(perFte('W2', 'link_worker', TOTAL, 'per_fte', newWithHours, fteTotal, figureKey({ metric: 'W2', breakdown: 'people', group: TOTAL })));
  ctx.notes.push('New people per FTE: the guide is 200–250 a year for a full-time link worker.');

  // W3: successful contacts in the period, per FTE per week.
  const teamIds = new Set(team.map((l) => l.id));
  const contactsBy = new Map<string, number>();
  for (const r of await countSuccessfulContacts(ctx.tx, practiceIds, { startUtc: ctx.period.startUtc, endUtc: ctx.period.endUtc })) {
    const credited = teamIds.has(r.recordedBy) ? r.recordedBy : r.caseLinkWorkerId;
    if (credited === null || !fte.has(credited)) continue;
    contactsBy.set(credited, (contactsBy.get(credited) ?? 0) + r.contacts);
  }
  const weeks = ctx.period.days / 7;
  let contacts = 0;
  let contactsWithHours = 0;
  for (const w of workers) {
    const n = contactsBy.get(w.id) ?? 0;
    contacts += n;
    if (hasHours(w.id)) contactsWithHours += n;
    figures.push(count('W3', 'contacts', w.id, n));
    figures.push(
      perFte('W3', 'link_worker', w.id, 'per_fte_week', n, fte.get(w.id) ?? null, figureKey({ metric: 'W3', breakdown: 'contacts', group: w.id }), weeks),
    );
  }
  figures.push(count('W3', 'contacts', TOTAL, contacts));
  figures.push(
    perFte('W3', 'link_worker', TOTAL, 'per_fte_week', contactsWithHours, fteTotal, figureKey({ metric: 'W3', breakdown: 'contacts', group: TOTAL }), weeks),
  );

  // W3: the waiting list today, by link worker (and not yet triaged), with its age in days.
  const waiting = await listWaiting(ctx.tx, practiceIds, ctx.linkWorkerId);
  const waitingBy = new Map<string, number>();
  for (const r of waiting) {
    const g = r.linkWorkerId ?? 'not_triaged';
    waitingBy.set(g, (waitingBy.get(g) ?? 0) + 1);
  }
  const groups = [...workers.map((w) => w.id), ...(ctx.linkWorkerId === null ? ['not_triaged'] : [])];
  // A case allocated to someone no longer on the team still waits: it gets its own row.
  for (const g of waitingBy.keys()) if (!groups.includes(g)) groups.push(g);
  for (const g of groups) figures.push(count('W3', 'waiting', g, waitingBy.get(g) ?? 0));
  figures.push(count('W3', 'waiting', TOTAL, waiting.length));
  const ages = waiting.map((r) => daysBetween(londonDate(r.createdAt), ctx.today));
  figures.push(summary('W3', 'waiting', 'age_median', 'days', quantile(ages, 0.5), ages.length));
  figures.push(summary('W3', 'waiting', 'age_p90', 'days', quantile(ages, 0.9), ages.length));
  return figures;
}
