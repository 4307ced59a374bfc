import { AppError } from '../../domain/errors.ts';
import { discloseFigures } from '../../domain/insight/disclosure.ts';
import type { Figure } from '../../domain/insight/figures.ts';
import { londonDate } from '../../domain/insight/periods.ts';
import {
  isStaffLevel,
  labelsFor,
  mergeReturns,
  OUTCOME_DEFINITION,
  OUTCOME_METRIC,
  outcomeCohortWindow,
  outcomeCountFigures,
  outcomeMeasure,
  outcomeScoreFigures,
  quarterDates,
  quarterHasEnded,
  RETURN_NOTES,
  RETURN_SCHEMA_ID,
  returnFigure,
  returnSections,
  type QuarterlyReturn,
  type QuarterlyReturnQuery,
  type ReturnDefinition,
  type ReturnFigure,
  type ReturnOrganisation,
} from '../../domain/insight/quarterly-return.ts';
import { REPORT_NAMES } from '../../domain/insight/reports.ts';
import type { ReportView } from '../../domain/schemas/reports.ts';
import { MIN_PAIRS_FOR_RELEASE, ROUND_TO, SUPPRESS_UP_TO } from '../../domain/suppression.ts';
import { listOrganisations, type Organisation } from '../../db/repositories/organisations/organisations.ts';
import type { Actor, ServiceDeps, Tx } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { buildOutcomeReport } from '../outcomes/shared/outcome-report.ts';
import { listAllInstruments } from '../outcomes/shared/outcome-records.ts';
import { buildReport } from './shared/build-report.ts';
import { returnSchemaErrors } from './shared/return-schema.ts';

type Covered = Organisation & { kind: 'icb' | 'pcn' | 'practice' };

/** One build of every report: the whole scope (pcn undefined) or one PCN. */
interface Part {
  pcn: Covered | undefined;
  organisations: Covered[];
}

const toReturnOrganisation = (o: Covered): ReturnOrganisation => ({ kind: o.kind, odsCode: o.odsCode, name: o.name });

/**
 * The federated quarterly return (issue 11 part 5): every report of a complete quarter and the
 * outcome cohorts, for the whole scope or one ICB or PCN in it (`org`, by ODS code), always
 * suppressed — for the command-line operator and PCN leads as for commissioners, because a return
 * is made to leave — in PRSB-aligned sections, checked against the versioned JSON Schema in
 * docs/schemas before it is returned (a return that does not match is a bug: `internal`).
 * Figures about individual link workers are left out. Audited as `report.return_generated`.
 */
export async function generateQuarterlyReturn(deps: ServiceDeps, actor: Actor, query: QuarterlyReturnQuery): Promise<QuarterlyReturn> {
  return runUseCase(deps, actor, {
    permission: 'report:return',
    action: 'report.return_generated',
    entityType: 'report',
    entityId: 'return',
    work: async (tx) => {
      const dates = quarterDates(query.period);
      if (dates === null) throw new AppError('invalid_input', 'Choose a quarter, like 2026-Q3', { fields: { period: 'Choose a quarter, like 2026-Q3' } });
      const now = deps.clock.now();
      if (!quarterHasEnded(query.period, londonDate(now))) {
        throw new AppError('invalid_input', `${query.period} has not ended yet: a return is for a whole quarter`, {
          fields: { period: 'Choose a quarter that has ended' },
        });
      }
      const { covered, parts } = await resolveScope(tx, actor, query.org);
      const deployment = query.deployment === undefined ? derivedDeployment(covered) : { id: query.deployment, name: query.deployment };
      const built: QuarterlyReturn[] = [];
      for (const part of parts) built.push(await buildPart(deps, tx, actor, query.period, dates, part, now.toISOString()));
      let result: QuarterlyReturn;
      if (built.length === 1 && parts[0]?.pcn === undefined) result = built[0] as QuarterlyReturn;
      else {
        // An ICB that is not the whole scope: its PCNs' returns, merged as a hub would merge them.
        const merged = built.reduce<QuarterlyReturn | undefined>((acc, r) => (acc === undefined ? r : mergeReturns(acc, r)), undefined);
        result = merged ?? assemble(query.period, dates, now.toISOString(), deployment, [], {}, {}, []);
        if (built.length > 1) {
          result = {
            ...result,
            notes: [
              ...result.notes,
              'This ICB’s return is the merge of its PCNs’ returns, as a hub merges returns: shares are recomputed from merged counts and medians are withheld.',
            ],
          };
        }
      }
      const ret: QuarterlyReturn = {
        schema: RETURN_SCHEMA_ID,
        period: query.period,
        dates,
        generatedAt: now.toISOString(),
        deployment,
        organisations: covered.map(toReturnOrganisation),
        disclosure: 'suppressed',
        suppression: { suppressUpTo: SUPPRESS_UP_TO, roundTo: ROUND_TO, minPeopleForAverages: MIN_PAIRS_FOR_RELEASE },
        definitions: result.definitions,
        labels: result.labels,
        notes: result.notes,
        sections: result.sections,
      };
      const errors = returnSchemaErrors(ret);
      if (errors.length > 0) {
        throw new AppError('internal', 'The quarterly return did not match its schema: this is a bug in Linkwork, and nothing was returned', {
          schemaErrors: errors.slice(0, 20),
        });
      }
      return ret;
    },
    audit: (r) => {
      const figures = r.sections.flatMap((s) => s.figures);
      return {
        summary: {
          period: r.period,
          org: query.org ?? null,
          deployment: r.deployment.id,
          figures: figures.length,
          withheld: figures.filter((f) => f.value === null).length,
          disclosure: r.disclosure,
        },
      };
    },
  });
}

/** The organisations the return covers and how to build it: once for the scope, or per PCN of an ICB that is not all of it. */
async function resolveScope(tx: Tx, actor: Actor, ods: string | undefined): Promise<{ covered: Covered[]; parts: Part[] }> {
  const visible = await listOrganisations(tx, actor.kind === 'user' ? { userId: actor.userId } : { all: true });
  const orgs = visible.filter((o): o is Covered => o.kind === 'icb' || o.kind === 'pcn' || o.kind === 'practice');
  const practicesOf = (pcn: Covered) => orgs.filter((o) => o.kind === 'practice' && o.parentId === pcn.id);
  if (ods === undefined) return { covered: orgs, parts: [{ pcn: undefined, organisations: orgs }] };
  const target = orgs.find((o) => (o.kind === 'icb' || o.kind === 'pcn') && o.odsCode === ods);
  if (target === undefined) throw new AppError('not_found', 'No ICB or PCN with that ODS code in your scope');
  if (target.kind === 'pcn') {
    const covered = [target, ...practicesOf(target)];
    return { covered, parts: [{ pcn: target, organisations: covered }] };
  }
  const pcns = orgs.filter((o) => o.kind === 'pcn' && o.parentId === target.id);
  const covered = [target, ...pcns.flatMap((p) => [p, ...practicesOf(p)])];
  const pcnIds = new Set(pcns.map((p) => p.id));
  const wholeScope = orgs.every((o) =>
    o.kind === 'icb' ? o.id === target.id : o.kind === 'pcn' ? pcnIds.has(o.id) : o.parentId !== null && pcnIds.has(o.parentId),
  );
  if (wholeScope) return { covered, parts: [{ pcn: undefined, organisations: covered }] };
  return { covered, parts: pcns.map((p) => ({ pcn: p, organisations: [p, ...practicesOf(p)] })) };
}

/** A deployment id and name from the organisations when the operator has not chosen one: the ICBs', else the PCNs'. */
function derivedDeployment(covered: readonly Covered[]): { id: string; name: string } {
  const level = ['icb', 'pcn', 'practice'].map((k) => covered.filter((o) => o.kind === k)).find((l) => l.length > 0) ?? [];
  const codes = level.flatMap((o) => (o.odsCode === null ? [] : [o.odsCode])).sort();
  let id = codes.length === 0 ? 'linkwork' : `linkwork-${codes.join('-')}`;
  if (id.length > 64) id = `linkwork-${codes[0] ?? ''}-and-${codes.length - 1}-more`;
  const names = level.map((o) => o.name).join(', ');
  return { id, name: names === '' ? 'Linkwork deployment' : names.length > 300 ? `${names.slice(0, 299)}…` : names };
}

function assemble(
  period: string,
  dates: { from: string; to: string },
  generatedAt: string,
  deployment: { id: string; name: string },
  organisations: ReturnOrganisation[],
  definitions: Record<string, ReturnDefinition>,
  labels: Record<string, string>,
  figures: ReturnFigure[],
): QuarterlyReturn {
  return {
    schema: RETURN_SCHEMA_ID,
    period,
    dates,
    generatedAt,
    deployment,
    organisations,
    disclosure: 'suppressed',
    suppression: { suppressUpTo: SUPPRESS_UP_TO, roundTo: ROUND_TO, minPeopleForAverages: MIN_PAIRS_FOR_RELEASE },
    definitions,
    labels,
    notes: [...RETURN_NOTES],
    sections: returnSections(figures),
  };
}

/** Every report and outcome cohort for one part of the scope, suppressed. */
async function buildPart(
  deps: ServiceDeps,
  tx: Tx,
  actor: Actor,
  period: string,
  dates: { from: string; to: string },
  part: Part,
  generatedAt: string,
): Promise<QuarterlyReturn> {
  const pcnFilter = part.pcn === undefined ? {} : { pcn: part.pcn.id };
  const views: ReportView[] = [];
  for (const name of REPORT_NAMES) views.push(await buildReport(deps, tx, actor, name, { period, ...pcnFilter }, 'suppressed'));
  const linkWorkerIds = new Set(views.flatMap((v) => v.options.linkWorkers.map((l) => l.id)));
  const definitions: Record<string, ReturnDefinition> = {};
  const figures: ReturnFigure[] = [];
  const labels: Record<string, string> = {};
  for (const v of views) {
    for (const d of v.definitions) definitions[d.id] = { title: d.title, definition: d.definition, version: d.version };
    const kept = v.figures.filter((f) => !isStaffLevel(f.breakdown, f.group, linkWorkerIds)).map((f) => returnFigure(v.report, f));
    Object.assign(labels, labelsFor(kept, v.labels));
    figures.push(...kept);
  }

  // The outcome cohorts: computed exactly, then through the same disclosure control as the reports.
  const window = outcomeCohortWindow(dates);
  const counts: Figure[] = [];
  const scores: ReturnFigure[] = [];
  const seen = new Set<string>();
  for (const { definition } of await listAllInstruments(tx)) {
    if (seen.has(definition.code)) continue;
    seen.add(definition.code);
    const report = await buildOutcomeReport(tx, actor, { instrument: definition.code, from: window.from, to: window.to, ...pcnFilter }, 'exact');
    const used = report.analyses.some((a) => a.stats.withBaseline !== 0 || a.stats.followUpWithoutBaseline !== 0);
    if (!used) continue;
    for (const a of report.analyses) {
      const measure = outcomeMeasure(report.instrument, a.item);
      counts.push(...outcomeCountFigures(measure, a));
      scores.push(...outcomeScoreFigures(measure, a));
    }
  }
  if (counts.length > 0) {
    definitions[OUTCOME_METRIC] = OUTCOME_DEFINITION;
    figures.push(...discloseFigures(counts, 'suppressed').map((f) => returnFigure('outcomes', f)), ...scores);
  }
  const id = part.pcn === undefined ? 'scope' : (part.pcn.odsCode ?? part.pcn.id);
  return assemble(
    period,
    dates,
    generatedAt,
    { id: `part-${id}`.slice(0, 64), name: id },
    part.organisations.map(toReturnOrganisation),
    definitions,
    labels,
    figures,
  );
}
