import { discloseFigures } from '../../domain/insight/disclosure.ts';
import { percent, type Figure, type ReleasedFigure } from '../../domain/insight/figures.ts';
import { wilson } from '../../domain/insight/intervals.ts';
import { ROLE_PERMISSIONS } from '../../domain/permissions.ts';
import type { HeadlinesView, ReportQuery } from '../../domain/schemas/reports.ts';
import { buildOutcomeReport } from '../outcomes/shared/outcome-report.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { REPORT_BUILDERS } from './shared/builders/index.ts';
import { actorReportDisclosure, reportAuditSummary, reportContext } from './shared/report-context.ts';

/**
 * "How are we doing?": the few headline figures of the period for a PCN lead's or commissioner's
 * home page — referrals, the rate per 1,000, the share from the two most deprived deciles against
 * their share of the list, median working days to first contact, the connection rate, the
 * wellbeing follow-up rate and the top unmet needs — each from its report's own builder, under
 * the same disclosure control, and each linking to the report.
 */
export async function getHeadlines(deps: ServiceDeps, actor: Actor, q: ReportQuery): Promise<HeadlinesView> {
  const disclosure = actorReportDisclosure(actor, 'view', q.disclosure);
  return runUseCase(deps, actor, {
    permission: 'report:view',
    action: 'report.viewed',
    entityType: 'report',
    entityId: 'headlines',
    work: async (tx) => {
      const userId = actor.kind === 'user' ? actor.userId : null;
      const permissions = actor.kind === 'user' ? ROLE_PERMISSIONS[actor.role] : [];
      const ctx = await reportContext(tx, q, { userId, permissions, now: deps.clock.now() });
      const figures: Figure[] = [];
      for (const name of ['demand', 'reach', 'pathway', 'community-services', 'unmet-need'] as const) {
        const build = REPORT_BUILDERS[name];
        if (build !== undefined) figures.push(...(await build(ctx)));
      }
      // Wellbeing follow-up rate: people with an ONS4 baseline whose support started in the period.
      let followUp: Figure | null = null;
      try {
        const outcomes = await buildOutcomeReport(tx, actor, { instrument: 'ons4', from: ctx.period.from, to: ctx.period.to }, 'exact');
        const s = outcomes.analyses[0]?.stats;
        if (s !== undefined && typeof s.withBaseline === 'number' && typeof s.pairs === 'number') {
          followUp = percent('D1', 'headline', 'follow_up', s.pairs, s.withBaseline, wilson(s.pairs, s.withBaseline) ?? undefined);
        }
      } catch {
        followUp = null;
      }
      const released = discloseFigures(followUp === null ? figures : [...figures, followUp], disclosure);
      const pick = (metric: string, breakdown: string, group: string): ReleasedFigure | null =>
        released.find((f) => f.metric === metric && f.breakdown === breakdown && f.group === group) ?? null;
      const followUpFigure = followUp === null ? null : pick('D1', 'headline', 'follow_up');
      const unmet = released
        .filter((f) => f.metric === 'U2' && f.breakdown === 'need' && f.group !== 'total' && f.value !== null && f.value > 0)
        .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
        .slice(0, 3);
      const period = ctx.period;
      const qs = period.code === 'last-12-months' ? '' : `?period=${encodeURIComponent(period.code)}`;
      return {
        period: { code: period.code, label: period.label, from: period.from, to: period.to },
        disclosure,
        headlines: [
          { id: 'referrals', label: 'Referrals received', figure: pick('D1', 'total', 'total'), compare: null, link: `/reports/demand${qs}` },
          {
            id: 'rate',
            label: 'People referred per 1,000 registered (a year)',
            figure: pick('D2', 'practice', 'total'),
            compare: null,
            link: `/reports/demand${qs}`,
          },
          {
            id: 'deprived',
            label: 'People referred from the two most deprived tenths of areas',
            figure: pick('R1', 'most_deprived', 'referred'),
            compare: { label: 'of the registered list lives there', figure: pick('R1', 'most_deprived', 'list') },
            link: `/reports/reach${qs}`,
          },
          {
            id: 'first_contact',
            label: 'Median working days to first contact',
            figure: pick('F2', 'measure', 'first_contact_median'),
            compare: null,
            link: `/reports/pathway${qs}`,
          },
          {
            id: 'connection',
            label: 'Community referrals that connected',
            figure: pick('S3', 'service', 'total'),
            compare: null,
            link: `/reports/community-services${qs}`,
          },
          { id: 'follow_up', label: 'Wellbeing followed up (of those with a baseline)', figure: followUpFigure, compare: null, link: '/reports/outcomes' },
        ],
        topUnmetNeeds: unmet.map((f) => ({ need: f.group, figure: f })),
      };
    },
    audit: (r) => ({ summary: reportAuditSummary('headlines', q, r.period.code, disclosure) }),
  });
}
