import type { AuditSummary } from '../../../domain/audit.ts';
import { AppError } from '../../../domain/errors.ts';
import { londonDate, parsePeriod, type Period } from '../../../domain/insight/periods.ts';
import type { ReportQuery } from '../../../domain/schemas/reports.ts';
import { disclosureFor, type Disclosure, type DisclosurePurpose } from '../../../domain/suppression.ts';
import {
  listReportLinkWorkers,
  listReportOrganisations,
  type ReportLinkWorker,
  type ReportOrganisation,
} from '../../../db/repositories/reports/report-scope.ts';
import type { Actor, Tx } from '../../kernel/context.ts';

/**
 * What a report builder gets: the period, the practices in scope after the filters, the PCNs
 * they belong to, the link workers who cover them, and places to put labels and notes.
 */
export interface ReportContext {
  tx: Tx;
  period: Period;
  /** Today's London date and the current instant (UTC ISO), from the deployment's clock. */
  today: string;
  now: string;
  /** Practices in scope after the PCN and practice filters. */
  practices: ReportOrganisation[];
  /** Every PCN and practice in the reader's scope (for the options). */
  organisations: ReportOrganisation[];
  linkWorkers: ReportLinkWorker[];
  linkWorkerId: string | null;
  /** The acting user's id, or null for the operator (used where a report shows notes only some may read). */
  userId: string | null;
  /** What the reader may see beyond figures (e.g. the unmet-need notes for leads). */
  permissions: readonly string[];
  labels: Record<string, string>;
  notes: string[];
}

export function actorReportDisclosure(actor: Actor, purpose: DisclosurePurpose, requested: Disclosure | undefined): Disclosure {
  return disclosureFor(actor.kind === 'user' ? actor.role : 'system', purpose, requested);
}

/** The coded filters, for the audit event (ids and codes only). */
export function reportAuditSummary(name: string, q: ReportQuery, period: string, disclosure: Disclosure): AuditSummary {
  return { report: name, period, pcn: q.pcn ?? null, practice: q.practice ?? null, linkWorker: q.linkWorker ?? null, disclosure };
}

/** Resolves the period and the filters within the reader's scope; out-of-scope filters answer not_found. */
export async function reportContext(
  tx: Tx,
  q: ReportQuery,
  opts: { userId: string | null; permissions: readonly string[]; now: Date },
): Promise<ReportContext> {
  const today = londonDate(opts.now);
  const period = parsePeriod(q.period ?? 'last-12-months', today);
  if (period === null)
    throw new AppError('invalid_input', 'Choose a period: a year, a quarter, a month or two dates', { fields: { period: 'Choose a real period' } });
  const organisations = await listReportOrganisations(tx, opts.userId);
  const pcns = organisations.filter((o) => o.kind === 'pcn');
  let practices = organisations.filter((o) => o.kind === 'practice');
  if (q.pcn !== undefined) {
    if (!pcns.some((p) => p.id === q.pcn)) throw new AppError('not_found', 'No such PCN');
    practices = practices.filter((p) => p.parentId === q.pcn);
  }
  if (q.practice !== undefined) {
    if (!practices.some((p) => p.id === q.practice)) throw new AppError('not_found', 'No such practice');
    practices = practices.filter((p) => p.id === q.practice);
  }
  const linkWorkers = await listReportLinkWorkers(
    tx,
    practices.map((p) => p.id),
  );
  if (q.linkWorker !== undefined && !linkWorkers.some((l) => l.id === q.linkWorker)) throw new AppError('not_found', 'No such link worker');
  const labels: Record<string, string> = {};
  for (const o of organisations) labels[o.odsCode ?? o.id] = o.name;
  return {
    tx,
    period,
    today,
    now: opts.now.toISOString(),
    practices,
    organisations,
    linkWorkers,
    linkWorkerId: q.linkWorker ?? null,
    userId: opts.userId,
    permissions: opts.permissions,
    labels,
    notes: [],
  };
}

/** The key a practice is reported under: its ODS code (what a reader knows it by), else its id. */
export const practiceKey = (p: ReportOrganisation): string => p.odsCode ?? p.id;
