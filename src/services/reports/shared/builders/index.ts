import type { Figure } from '../../../../domain/insight/figures.ts';
import type { ReportName } from '../../../../domain/insight/reports.ts';
import type { ReportContext } from '../report-context.ts';
import { buildDemand } from './demand.ts';
import { buildPathway } from './pathway.ts';
import { buildWorkload } from './workload.ts';
import { buildReach } from './reach.ts';
import { buildUnmetNeed } from './unmet-need.ts';
import { buildCommunityServices } from './community-services.ts';
import { buildWork } from './work.ts';
import { buildProactive } from './proactive.ts';

export type ReportBuilder = (ctx: ReportContext) => Promise<Figure[]>;

/** Each report's builder: the figures, before disclosure control (see domain/insight/disclosure.ts). */
export const REPORT_BUILDERS: { readonly [R in ReportName]?: ReportBuilder } = {
  demand: buildDemand,
  pathway: buildPathway,
  workload: buildWorkload,
  reach: buildReach,
  'unmet-need': buildUnmetNeed,
  'community-services': buildCommunityServices,
  work: buildWork,
  proactive: buildProactive,
};
