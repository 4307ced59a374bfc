import { CONTACT_TYPES } from '../../../../domain/contacts.ts';
import { count, figureKey, percent, summary, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { quantile, wilson } from '../../../../domain/insight/intervals.ts';
import { workingDaysBetween } from '../../../../domain/insight/working-days.ts';
import { listEpisodes, type EpisodeRow } from '../../../../db/repositories/reports/episodes.ts';
import type { ReportContext } from '../report-context.ts';

/** Funnel stages, in order (F1). Each counts the episodes that reached at least that stage. */
export const FUNNEL_STAGES = ['referred', 'first_attempt', 'contacted', 'engaged', 'plan_agreed', 'connected', 'connection_confirmed', 'discharged'] as const;

/** Coded exits (F1), from the status and the discharge or triage reason. */
export const FUNNEL_EXITS = ['declined', 'unable_to_contact', 'not_appropriate', 'moved_away', 'died', 'completed', 'still_open'] as const;
type Exit = (typeof FUNNEL_EXITS)[number];

/** A discharge that completed support (not an exit). */
const COMPLETED_REASONS = new Set(['goals_met', 'other']);

function reached(e: EpisodeRow): Set<string> {
  const s = new Set<string>(['referred']);
  const contacted = e.firstSuccessAt !== null || e.firstContactAt !== null;
  if (e.firstAttemptAt !== null || contacted) s.add('first_attempt');
  if (contacted) s.add('contacted');
  if (e.conversationHeld) s.add('engaged');
  if (e.firstPlanAt !== null) s.add('plan_agreed');
  if (e.communityReferrals + e.signposts > 0) s.add('connected');
  if (e.confirmedConnections > 0) s.add('connection_confirmed');
  if (e.status === 'discharged' && COMPLETED_REASONS.has(e.statusReason ?? '')) s.add('discharged');
  return s;
}

export function exitOf(e: EpisodeRow): Exit {
  if (e.status === 'rejected' || e.status === 'redirected') return 'not_appropriate';
  if (e.status === 'declined') return 'declined';
  if (e.status !== 'discharged') return 'still_open';
  switch (e.statusReason) {
    case 'declined':
      return 'declined';
    case 'unable_to_contact':
      return 'unable_to_contact';
    case 'referred_elsewhere':
      return 'not_appropriate';
    case 'moved_away':
      return 'moved_away';
    case 'died':
      return 'died';
    case null:
    default:
      return 'completed';
  }
}

const days = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Median and interquartile range (F3, F4) as figures of one breakdown. */
function spread(metric: 'F3' | 'F4', prefix: string, values: number[]): Figure[] {
  return [
    count(metric, 'measure', `${prefix}_episodes`, values.length),
    summary(metric, 'measure', `${prefix}_median`, 'days', quantile(values, 0.5), values.length),
    summary(metric, 'measure', `${prefix}_p25`, 'days', quantile(values, 0.25), values.length),
    summary(metric, 'measure', `${prefix}_p75`, 'days', quantile(values, 0.75), values.length),
  ];
}

/** Time to first contact / attempt (F2): median, 90th percentile, % within 5 and 10 working days. */
function timeTo(prefix: string, received: EpisodeRow[], at: (e: EpisodeRow) => string | null): Figure[] {
  const values: number[] = [];
  for (const e of received) {
    const t = at(e);
    if (t !== null) values.push(workingDaysBetween(e.createdAt, t));
  }
  const within = (d: number) => values.filter((v) => v <= d).length;
  const n = values.length;
  return [
    count('F2', 'measure', `${prefix}_episodes`, n),
    summary('F2', 'measure', `${prefix}_median`, 'working_days', quantile(values, 0.5), n),
    summary('F2', 'measure', `${prefix}_p90`, 'working_days', quantile(values, 0.9), n),
    percent('F2', 'measure', `${prefix}_within_5`, within(5), n, wilson(within(5), n) ?? undefined),
    percent('F2', 'measure', `${prefix}_within_10`, within(10), n, wilson(within(10), n) ?? undefined),
  ];
}

/** The pathway (F1–F5). */
export async function buildPathway(ctx: ReportContext): Promise<Figure[]> {
  const { period } = ctx;
  const practiceIds = ctx.practices.map((p) => p.id);
  const filter = { practiceIds, startUtc: period.startUtc, endUtc: period.endUtc, linkWorkerId: ctx.linkWorkerId };
  const received = await listEpisodes(ctx.tx, { ...filter, dateField: 'created_at' }, { person: false, milestones: true, contactCounts: false });
  const figures: Figure[] = [];

  // F1: the funnel and the coded exits.
  const stageCounts = new Map<string, number>(FUNNEL_STAGES.map((s) => [s, 0]));
  const exitCounts = new Map<string, number>(FUNNEL_EXITS.map((s) => [s, 0]));
  for (const e of received) {
    for (const s of reached(e)) stageCounts.set(s, (stageCounts.get(s) ?? 0) + 1);
    const x = exitOf(e);
    exitCounts.set(x, (exitCounts.get(x) ?? 0) + 1);
  }
  const referred = received.length;
  let previous = referred;
  for (const s of FUNNEL_STAGES) {
    const n = stageCounts.get(s) ?? 0;
    const key = figureKey({ metric: 'F1', breakdown: 'stage', group: s });
    figures.push(count('F1', 'stage', s, n));
    figures.push(percent('F1', 'stage_of_referred', s, n, referred, wilson(n, referred) ?? undefined, key));
    // Stages are not strictly nested (a signpost without a written plan), so this share may pass 100%.
    figures.push(percent('F1', 'stage_of_previous', s, n, previous, undefined, key));
    previous = n;
  }
  for (const [x, n] of exitCounts) figures.push(count('F1', 'exit', x, n));
  figures.push(count('F1', 'exit', TOTAL, referred));

  // F2: time to first successful contact and to first attempt, in working days.
  figures.push(...timeTo('first_contact', received, (e) => e.firstSuccessAt ?? e.firstContactAt));
  figures.push(...timeTo('first_attempt', received, (e) => e.firstAttemptAt ?? e.firstSuccessAt ?? e.firstContactAt));

  // F3: time to plan.
  figures.push(
    ...spread(
      'F3',
      'plan',
      received.flatMap((e) => (e.firstPlanAt === null ? [] : [days(e.createdAt, e.firstPlanAt)])),
    ),
  );

  // F4 and F5: episodes discharged in the period.
  const closed = (await listEpisodes(ctx.tx, { ...filter, dateField: 'closed_at' }, { person: false, milestones: false, contactCounts: true })).filter(
    (e) => e.status === 'discharged' && e.closedAt !== null,
  );
  figures.push(
    ...spread(
      'F4',
      'episode',
      closed.map((e) => days(e.createdAt, e.closedAt as string)),
    ),
  );
  const buckets = new Map<string, number>([
    ['0', 0],
    ['1-5', 0],
    ['6-12', 0],
    ['13+', 0],
  ]);
  const bucketOf = (n: number) => (n === 0 ? '0' : n <= 5 ? '1-5' : n <= 12 ? '6-12' : '13+');
  const modes = new Map<string, number>(CONTACT_TYPES.map((t) => [t, 0]));
  for (const e of closed) {
    const b = bucketOf(e.successfulContacts);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
    for (const [t, n] of Object.entries(e.contactsByType)) modes.set(t, (modes.get(t) ?? 0) + n);
  }
  for (const [b, n] of buckets) figures.push(count('F5', 'contacts', b, n));
  figures.push(count('F5', 'contacts', TOTAL, closed.length));
  for (const b of ['6-12', '13+']) {
    const n = buckets.get(b) ?? 0;
    figures.push(
      percent('F5', 'contacts_share', b, n, closed.length, wilson(n, closed.length) ?? undefined, figureKey({ metric: 'F5', breakdown: 'contacts', group: b })),
    );
  }
  let allContacts = 0;
  for (const [t, n] of modes) {
    figures.push(count('F5', 'mode', t, n));
    allContacts += n;
  }
  figures.push(count('F5', 'mode', TOTAL, allContacts));
  return figures;
}
