import { discloseFigures } from '../../../domain/insight/disclosure.ts';
import { METRICS, type MetricId } from '../../../domain/insight/metrics.ts';
import { REPORTS, type ReportName } from '../../../domain/insight/reports.ts';
import { ROLE_PERMISSIONS } from '../../../domain/permissions.ts';
import type { ReportQuery, ReportView } from '../../../domain/schemas/reports.ts';
import { MIN_PAIRS_FOR_RELEASE, ROUND_TO, SUPPRESS_UP_TO, type Disclosure } from '../../../domain/suppression.ts';
import type { Actor, ServiceDeps, Tx } from '../../kernel/context.ts';
import { REPORT_BUILDERS } from './builders/index.ts';
import { reportContext } from './report-context.ts';

/**
 * One report, shared by the screen, the CSV and the quarterly return (callers authorise and
 * audit): resolve the filters in scope, build the figures, apply disclosure control on the
 * server, and attach each metric's definition.
 */
export async function buildReport(deps: ServiceDeps, tx: Tx, actor: Actor, name: ReportName, q: ReportQuery, disclosure: Disclosure): Promise<ReportView> {
  const userId = actor.kind === 'user' ? actor.userId : null;
  const permissions = actor.kind === 'user' ? ROLE_PERMISSIONS[actor.role] : ['unmet_need:read_notes'];
  const ctx = await reportContext(tx, q, { userId, permissions, now: deps.clock.now() });
  const builder = REPORT_BUILDERS[name];
  const figures = builder === undefined ? [] : await builder(ctx);
  const metrics = [...new Set(figures.map((f) => f.metric))] as MetricId[];
  for (const lw of ctx.linkWorkers) ctx.labels[lw.id] = lw.name;
  const pcns = ctx.organisations.filter((o) => o.kind === 'pcn');
  return {
    report: name,
    title: REPORTS[name].title,
    period: { code: ctx.period.code, label: ctx.period.label, from: ctx.period.from, to: ctx.period.to },
    filters: { pcn: q.pcn ?? null, practice: q.practice ?? null, linkWorker: q.linkWorker ?? null },
    disclosure,
    suppression: { suppressUpTo: SUPPRESS_UP_TO, roundTo: ROUND_TO, minPeopleForAverages: MIN_PAIRS_FOR_RELEASE },
    generatedAt: ctx.now,
    practices: ctx.practices.map((p) => ({ id: p.id, name: p.name, odsCode: p.odsCode })),
    definitions: metrics.map((m) => METRICS[m]),
    notes: [...new Set(ctx.notes)],
    figures: discloseFigures(figures, disclosure),
    labels: ctx.labels,
    options: {
      pcns: pcns.map((p) => ({ id: p.id, name: p.name })),
      practices: ctx.organisations.filter((o) => o.kind === 'practice').map((p) => ({ id: p.id, name: p.name, pcnId: p.parentId })),
      linkWorkers: REPORTS[name].linkWorkerFilter ? ctx.linkWorkers.map((l) => ({ id: l.id, name: l.name })) : [],
    },
  };
}
