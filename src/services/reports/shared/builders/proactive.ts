import { ethnicGroupOf, isEthnicCategoryCode } from '../../../../domain/ethnicity.ts';
import { broadAgeGroup, quintileOf } from '../../../../domain/insight/equity.ts';
import { count, figureKey, percent, TOTAL, type Figure } from '../../../../domain/insight/figures.ts';
import { wilson } from '../../../../domain/insight/intervals.ts';
import { ageOn } from '../../../../domain/insight/periods.ts';
import {
  DECLINE_CODES,
  OUTREACH_CHANNELS,
  OUTREACH_FUNNEL_STAGES,
  outreachStagesReached,
  type OutreachFunnelStage,
  type OutreachState,
  type ReviewOutcome,
} from '../../../../domain/proactive/outreach.ts';
import { countOutreachAttemptsByChannel, listOutreachFigureRows, type OutreachFigureRow } from '../../../../db/repositories/proactive/outreach-report.ts';
import type { ReportContext } from '../report-context.ts';

/** How an outreach ended (or that it has not). */
export const OUTREACH_EXITS = ['not_suitable', 'declined', 'no_response', 'opted_out', 'accepted', 'still_open'] as const;

function stagesOf(r: OutreachFigureRow): Set<OutreachFunnelStage> {
  const s = outreachStagesReached({
    state: r.state as OutreachState,
    reviewOutcome: r.reviewOutcome as ReviewOutcome | null,
    attempts: r.attempts,
    respondedAt: r.respondedAt,
  });
  // First contact and engagement are the referral's (INSIGHT.md F1: engaged = "what matters" held).
  if (s.has('accepted') && r.firstContact) s.add('first_contact');
  if (s.has('accepted') && r.engaged) s.add('engaged');
  return s;
}

function exitOf(state: string): (typeof OUTREACH_EXITS)[number] {
  switch (state) {
    case 'not_suitable':
    case 'declined':
    case 'no_response':
    case 'opted_out':
    case 'accepted':
      return state;
    default:
      return 'still_open';
  }
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/**
 * Proactive outreach (P1, P2): of the outreach started in the period at the practices in scope,
 * the funnel identified → reviewed → cleared → invited → responded → accepted → first contact →
 * engaged (each as % of identified and of the stage before), how each ended (with decline codes
 * and opt-outs), invitations per person and by channel; and the yield — engaged ÷ invited — by
 * age group, sex, ethnic group and IMD quintile of the practice data, with Wilson intervals.
 * Disclosure control (small numbers, rounding, secondary suppression) is applied afterwards, on
 * the server, like every report.
 */
export async function buildProactive(ctx: ReportContext): Promise<Figure[]> {
  const window = { practiceIds: ctx.practices.map((p) => p.id), startUtc: ctx.period.startUtc, endUtc: ctx.period.endUtc };
  const [rows, byChannel] = await Promise.all([listOutreachFigureRows(ctx.tx, window), countOutreachAttemptsByChannel(ctx.tx, window)]);
  const figures: Figure[] = [];
  if (rows.length === 0) ctx.notes.push('No outreach was started in this period at these practices (cohorts and outreach: Proactive in the menu).');

  // P1: the funnel.
  const stageCounts = new Map<string, number>(OUTREACH_FUNNEL_STAGES.map((s) => [s, 0]));
  const stages = rows.map(stagesOf);
  for (const s of stages) for (const st of s) bump(stageCounts, st);
  const identified = rows.length;
  let previous = identified;
  for (const s of OUTREACH_FUNNEL_STAGES) {
    const n = stageCounts.get(s) ?? 0;
    const key = figureKey({ metric: 'P1', breakdown: 'stage', group: s });
    figures.push(count('P1', 'stage', s, n));
    figures.push(percent('P1', 'stage_of_identified', s, n, identified, wilson(n, identified) ?? undefined, key));
    figures.push(percent('P1', 'stage_of_previous', s, n, previous, undefined, key));
    previous = n;
  }

  // P1: how outreach ended, decline codes, invitations per invited person, invitations by channel.
  const exits = new Map<string, number>(OUTREACH_EXITS.map((x) => [x, 0]));
  for (const r of rows) bump(exits, exitOf(r.state));
  for (const [x, n] of exits) figures.push(count('P1', 'exit', x, n));
  figures.push(count('P1', 'exit', TOTAL, identified));

  const declines = new Map<string, number>(DECLINE_CODES.map((c) => [c, 0]));
  let declined = 0;
  for (const r of rows) {
    if (r.state !== 'declined') continue;
    declined += 1;
    bump(declines, r.declineCode ?? 'other');
  }
  for (const [c, n] of declines) figures.push(count('P1', 'decline_code', c, n));
  figures.push(count('P1', 'decline_code', TOTAL, declined));

  const attempts = new Map<string, number>([
    ['1', 0],
    ['2', 0],
    ['3+', 0],
  ]);
  let invited = 0;
  for (const r of rows) {
    if (r.attempts === 0) continue;
    invited += 1;
    bump(attempts, r.attempts >= 3 ? '3+' : String(r.attempts));
  }
  for (const [a, n] of attempts) figures.push(count('P1', 'attempts', a, n));
  figures.push(count('P1', 'attempts', TOTAL, invited));

  const channels = new Map<string, number>(OUTREACH_CHANNELS.map((c) => [c, 0]));
  let sent = 0;
  let easyRead = 0;
  for (const c of byChannel) {
    bump(channels, c.channel, c.n);
    sent += c.n;
    if (c.easyRead) easyRead += c.n;
  }
  for (const [c, n] of channels) figures.push(count('P1', 'channel', c, n));
  figures.push(count('P1', 'channel', TOTAL, sent));
  figures.push(count('P1', 'easy_read', 'easy_read', easyRead));

  // P2: yield = engaged ÷ invited, by group.
  const yields = new Map<string, { invited: number; engaged: number }>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as OutreachFigureRow;
    const s = stages[i] as Set<OutreachFunnelStage>;
    if (!s.has('invited')) continue;
    const age = r.dateOfBirth === null ? null : ageOn(r.dateOfBirth, r.createdAt.slice(0, 10));
    const code = r.ethnicity;
    const groups: [string, string][] = [
      ['total', TOTAL],
      ['age_group', age === null ? 'unknown' : broadAgeGroup(age)],
      ['sex', r.sex === 'male' ? 'M' : r.sex === 'female' ? 'F' : 'unknown'],
      ['ethnic_group', code !== null && isEthnicCategoryCode(code) ? ethnicGroupOf(code) : 'not_stated'],
      ['imd_quintile', r.imdDecile === null ? 'unknown' : String(quintileOf(r.imdDecile))],
    ];
    for (const [b, g] of groups) {
      const k = `${b}|${g}`;
      const cur = yields.get(k) ?? { invited: 0, engaged: 0 };
      cur.invited += 1;
      if (s.has('engaged')) cur.engaged += 1;
      yields.set(k, cur);
    }
  }
  for (const [k, v] of [...yields.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [b, g] = k.split('|') as [string, string];
    const key = figureKey({ metric: 'P2', breakdown: `${b}_invited`, group: g });
    figures.push(count('P2', `${b}_invited`, g, v.invited));
    figures.push(percent('P2', b, g, v.engaged, v.invited, wilson(v.engaged, v.invited) ?? undefined, key));
  }
  return figures;
}
