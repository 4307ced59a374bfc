import { DECLINE_REASONS } from '../../../../domain/community-referral.ts';
import { count, figureKey, percent, summary, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { quantile, wilson } from '../../../../domain/insight/intervals.ts';
import { daysBetween, londonDate } from '../../../../domain/insight/periods.ts';
import {
  listCommunityReferralFigureRows,
  listReportServices,
  type CommunityReferralFigureRow,
} from '../../../../db/repositories/reports/community-services.ts';
import type { ReportContext } from '../report-context.ts';

/** S1's outcome columns: the referral's status now, `sent` read as still waiting. */
export const COMMUNITY_OUTCOMES = [
  'accepted',
  'started',
  'attended',
  'completed',
  'did_not_attend',
  'declined',
  'no_response',
  'cancelled',
  'waiting',
] as const;

/**
 * Statuses that confirm a connection (S3): the provider accepted, or the person started, attended
 * or completed. `did_not_attend` counts: it is reached only from `started` (the pathway's F1 counts
 * it too, so the two reports agree).
 */
export const CONFIRMED_STATUSES: readonly string[] = ['accepted', 'started', 'attended', 'completed', 'did_not_attend'];

/** A referral unanswered this many days after it was sent counts as unanswered (S2). */
export const UNANSWERED_AFTER_DAYS = 14;

const DAY_MS = 86_400_000;
const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
const outcomeOf = (status: string): string => (status === 'sent' ? 'waiting' : status);
const isSignpost = (r: CommunityReferralFigureRow) => r.kind === 'signpost' || r.status === 'signposted';

/**
 * Community services (S1–S4): community referrals sent in the period from cases at the practices
 * in scope, per service and organisation, by outcome (signposts apart); the provider's response
 * time; the connection rate per service and per person; and the capacity of the services used.
 * Groups are service and organisation ids, named in the labels.
 */
export async function buildCommunityServices(ctx: ReportContext): Promise<Figure[]> {
  const rows = await listCommunityReferralFigureRows(ctx.tx, {
    practiceIds: ctx.practices.map((p) => p.id),
    startUtc: ctx.period.startUtc,
    endUtc: ctx.period.endUtc,
  });
  const services = await listReportServices(
    ctx.tx,
    rows.map((r) => r.serviceId),
  );
  for (const s of services) {
    ctx.labels[s.id] = s.name;
    ctx.labels[s.organisationId] = s.organisationName;
  }
  const serviceOrder = services.map((s) => s.id);
  const referrals = rows.filter((r) => !isSignpost(r));
  const signposts = rows.filter(isSignpost);
  const figures: Figure[] = [];

  // S1: service × outcome, with totals.
  const cell = new Map<string, number>();
  const byService = new Map<string, number>();
  const byOutcome = new Map<string, number>();
  const byOrganisation = new Map<string, number>();
  const declineReasons = new Map<string, number>(DECLINE_REASONS.map((r) => [r, 0]));
  for (const r of referrals) {
    const o = outcomeOf(r.status);
    bump(cell, `${r.serviceId}|${o}`);
    bump(byService, r.serviceId);
    bump(byOutcome, o);
    bump(byOrganisation, r.organisationId);
    if (r.status === 'declined') bump(declineReasons, r.declineReason ?? 'not_recorded');
  }
  const referredServices = serviceOrder.filter((id) => byService.has(id));
  for (const s of referredServices) {
    for (const o of COMMUNITY_OUTCOMES) figures.push(count('S1', 'service|outcome', `${s}|${o}`, cell.get(`${s}|${o}`) ?? 0));
    figures.push(count('S1', 'service|outcome', `${s}|${TOTAL}`, byService.get(s) ?? 0));
  }
  for (const o of COMMUNITY_OUTCOMES) figures.push(count('S1', 'service|outcome', `${TOTAL}|${o}`, byOutcome.get(o) ?? 0));
  figures.push(count('S1', 'service|outcome', TOTAL, referrals.length));

  const organisations = [...byOrganisation.keys()].sort((a, b) => (ctx.labels[a] ?? a).localeCompare(ctx.labels[b] ?? b) || a.localeCompare(b));
  for (const o of organisations) figures.push(count('S1', 'organisation', o, byOrganisation.get(o) ?? 0));
  figures.push(count('S1', 'organisation', TOTAL, referrals.length));

  for (const [reason, n] of declineReasons) figures.push(count('S1', 'decline_reason', reason, n));
  figures.push(count('S1', 'decline_reason', TOTAL, byOutcome.get('declined') ?? 0));

  const signpostsBy = new Map<string, number>();
  for (const r of signposts) bump(signpostsBy, r.serviceId);
  for (const s of serviceOrder.filter((id) => signpostsBy.has(id))) figures.push(count('S1', 'signposts', s, signpostsBy.get(s) ?? 0));
  figures.push(count('S1', 'signposts', TOTAL, signposts.length));

  // S2: the provider's response time (responded_at is set only by their answer), and the share
  // unanswered 14 days after sending, of referrals sent at least 14 days ago — leaving out those
  // the link worker cancelled unanswered within the 14 days (the question was withdrawn).
  const responseDays = referrals.flatMap((r) => (r.respondedAt === null ? [] : [(Date.parse(r.respondedAt) - Date.parse(r.sentAt)) / DAY_MS]));
  const dueBy = Date.parse(ctx.now) - UNANSWERED_AFTER_DAYS * DAY_MS;
  let due = 0;
  let unanswered = 0;
  for (const r of referrals) {
    const sent = Date.parse(r.sentAt);
    if (sent > dueBy) continue;
    const deadline = sent + UNANSWERED_AFTER_DAYS * DAY_MS;
    if (r.respondedAt === null && r.status === 'cancelled' && Date.parse(r.updatedAt) < deadline) continue;
    due += 1;
    if (r.respondedAt === null || Date.parse(r.respondedAt) > deadline) unanswered += 1;
  }
  const unansweredKey = figureKey({ metric: 'S2', breakdown: 'measure', group: 'unanswered_at_14_days' });
  figures.push(
    count('S2', 'measure', 'answered', responseDays.length),
    summary('S2', 'measure', 'response_median', 'days', quantile(responseDays, 0.5), responseDays.length),
    summary('S2', 'measure', 'response_p90', 'days', quantile(responseDays, 0.9), responseDays.length),
    count('S2', 'measure', 'sent_14_days_ago', due),
    count('S2', 'measure', 'unanswered_at_14_days', unanswered),
    percent('S2', 'measure', 'unanswered_at_14_days_share', unanswered, due, wilson(unanswered, due) ?? undefined, unansweredKey),
  );

  // S3: connection rate per service (confirmed ÷ sent), and people with at least one confirmed connection.
  const confirmedBy = new Map<string, number>();
  const people = new Set<string>();
  const connected = new Set<string>();
  for (const r of referrals) {
    people.add(r.personId);
    if (!CONFIRMED_STATUSES.includes(r.status)) continue;
    bump(confirmedBy, r.serviceId);
    connected.add(r.personId);
  }
  const s1Key = (group: string) => figureKey({ metric: 'S1', breakdown: 'service|outcome', group });
  for (const s of referredServices) {
    const k = confirmedBy.get(s) ?? 0;
    const n = byService.get(s) ?? 0;
    figures.push(percent('S3', 'service', s, k, n, wilson(k, n) ?? undefined, s1Key(`${s}|${TOTAL}`)));
  }
  const allConfirmed = [...confirmedBy.values()].reduce((a, b) => a + b, 0);
  figures.push(percent('S3', 'service', TOTAL, allConfirmed, referrals.length, wilson(allConfirmed, referrals.length) ?? undefined, s1Key(TOTAL)));
  figures.push(count('S3', 'people', 'referred_on', people.size), count('S3', 'people', 'connected', connected.size));
  figures.push(
    percent(
      'S3',
      'people',
      'connected_share',
      connected.size,
      people.size,
      wilson(connected.size, people.size) ?? undefined,
      figureKey({ metric: 'S3', breakdown: 'people', group: 'connected' }),
    ),
  );

  // S4: capacity of the services referred or signposted to in the period, and days since each was
  // last verified (or, never verified, last updated).
  const capacity = new Map<string, number>([
    ['open', 0],
    ['waiting_list', 0],
    ['closed', 0],
  ]);
  const full: string[] = [];
  for (const s of services) {
    bump(capacity, s.capacity);
    const since = daysBetween(londonDate(s.lastVerifiedAt ?? s.updatedAt), ctx.today);
    figures.push({ metric: 'S4', breakdown: 'service', group: s.id, unit: 'days', value: since, ci95Lower: null, ci95Upper: null, withheldReason: null });
    if (s.capacity === 'waiting_list') {
      const wait = s.waitingWeeks === null ? null : s.waitingWeeks * 7;
      figures.push({
        metric: 'S4',
        breakdown: 'waiting_days',
        group: s.id,
        unit: 'days',
        value: wait,
        ci95Lower: null,
        ci95Upper: null,
        withheldReason: wait === null ? 'no_data' : null,
      });
      full.push(`${s.name} (waiting list${s.waitingWeeks === null ? '' : `, ${s.waitingWeeks} weeks`})`);
    } else if (s.capacity === 'closed') full.push(`${s.name} (closed to referrals)`);
  }
  for (const [c, n] of capacity) figures.push(count('S4', 'capacity', c, n));
  figures.push(count('S4', 'capacity', TOTAL, services.length));
  if (full.length > 0) ctx.notes.push(`Services full or with a waiting list: ${full.join('; ')}.`);
  return figures;
}
