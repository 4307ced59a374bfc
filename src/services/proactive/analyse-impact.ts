import { pairByCase, type ScoredPoint } from '../../domain/cohort-stats.ts';
import { AppError } from '../../domain/errors.ts';
import { londonDate } from '../../domain/insight/periods.ts';
import {
  analyseImpact as computeImpact,
  dayNumber,
  DEFAULT_BOOTSTRAP_REPS,
  DEFAULT_IMPACT_ASSUMPTIONS,
  DEFAULT_SEED,
  IMPACT_DEFINITION,
  IMPACT_DEFINITION_VERSION,
  impactValue,
  RTM_WARNING,
  UNREFERRED_DEFINITION,
  WHOLE_PRACTICE_SHARE,
  type ImpactAnalysis,
  type ImpactPerson,
  type ImpactPractice,
  type Quarters,
} from '../../domain/proactive/impact.ts';
import { analyseStaggered, STAGGERED_DEFINITION, STAGGERED_MIN_REPS, type StaggeredAnalysis } from '../../domain/proactive/impact-staggered.ts';
import { PRACTICE_EVENT_KINDS } from '../../domain/proactive/practice-data.ts';
import type { ImpactAssumptions, ImpactQuery, ImpactResult, ImpactValue } from '../../domain/schemas/impact.ts';
import { disclosureFor, suppressCount, type Count, type Disclosure } from '../../domain/suppression.ts';
import { listCohortAdministrations } from '../../db/repositories/outcomes/cohort.ts';
import {
  findExtractCoverageStart,
  listImpactEventDates,
  listImpactExtracts,
  listImpactPeople,
  listLinkworkReferralDates,
  type ImpactExtract,
  type ImpactScope,
} from '../../db/repositories/proactive/impact.ts';
import type { Actor, ServiceDeps, Tx } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Options the CLI and the bench may set (the API uses the defaults). */
export interface AnalyseImpactOptions {
  reps?: number;
  seed?: number;
  assumptions?: ImpactAssumptions;
}

/**
 * The impact of social prescribing on GP appointments or fit notes (INSIGHT.md "Impact"), from
 * the current practice extracts in the reader's scope: matched controls with a bootstrap
 * interval, the before/after figure beside it with its regression-to-the-mean warning, n and
 * completeness, and the value with its assumptions. Aggregates only: no person-level figure
 * leaves this use case. Commissioners always get the suppressed version. Audited (coded summary).
 */
export async function analyseImpact(deps: ServiceDeps, actor: Actor, q: ImpactQuery, opts: AnalyseImpactOptions = {}): Promise<ImpactResult> {
  const disclosure = disclosureFor(actor.kind === 'user' ? actor.role : 'system', 'view', q.disclosure);
  return runUseCase(deps, actor, {
    permission: 'impact:view',
    action: 'impact.analysed',
    entityType: 'impact',
    entityId: q.outcome,
    work: (tx) => buildImpact(deps, tx, actor, q, disclosure, opts),
    audit: (r) => ({
      summary: {
        outcome: r.outcome,
        method: r.method,
        from: q.from ?? null,
        to: q.to ?? null,
        practice: q.practice ?? null,
        practices: r.practices.length,
        treated: r.treated === '*' ? '*' : r.treated,
        withheld: r.withheldReason,
        disclosure,
      },
    }),
  });
}

async function buildImpact(deps: ServiceDeps, tx: Tx, actor: Actor, q: ImpactQuery, disclosure: Disclosure, opts: AnalyseImpactOptions): Promise<ImpactResult> {
  const scope: ImpactScope = actor.kind === 'system' ? { all: true } : { userId: actor.userId };
  const extracts = await listImpactExtracts(tx, scope, q.practice);
  if (q.practice !== undefined && extracts.length === 0) throw new AppError('not_found', 'No practice data for that practice');
  const { practices, people } = await readPeople(deps, tx, extracts);
  const analysis = computeImpact({
    outcome: q.outcome,
    from: q.from ?? null,
    to: q.to ?? null,
    practices,
    people,
    reps: opts.reps ?? DEFAULT_BOOTSTRAP_REPS,
    seed: opts.seed ?? DEFAULT_SEED,
  });
  // Whole practices: the staggered difference-in-differences too, a secondary figure (the matched
  // estimate stays the headline: it removes more of the regression to the mean; docs/design/impact.md).
  const staggered = analysis.wholePracticeData
    ? analyseStaggered({
        outcome: q.outcome,
        from: q.from ?? null,
        to: q.to ?? null,
        practices,
        people,
        reps: Math.max(STAGGERED_MIN_REPS, opts.reps ?? DEFAULT_BOOTSTRAP_REPS),
        seed: opts.seed ?? DEFAULT_SEED,
      })
    : null;
  const lifeSatisfaction = await pairedLifeSatisfaction(tx, actor, q, extracts);
  const assumptions = opts.assumptions ?? DEFAULT_IMPACT_ASSUMPTIONS;
  const value = impactValue({ outcome: q.outcome, treated: analysis.treated, estimate: analysis.estimate, ci95: analysis.ci95, lifeSatisfaction }, assumptions);
  const wholeBy = new Map(practices.map((p) => [p.id, p.wholePractice]));
  return present(analysis, staggered, value, assumptions, disclosure, {
    period: { from: q.from ?? null, to: q.to ?? null },
    practices: extracts.map((e) => ({
      id: e.practiceId,
      name: e.name,
      odsCode: e.ods,
      extractDate: e.extractDate,
      wholePractice: wholeBy.get(e.practiceId) ?? false,
    })),
  });
}

/** Dates as day numbers, with a cache: an extract has ~1,100 distinct dates and ~2M events. */
function dayCache(): (date: string) => number {
  const cache = new Map<string, number>();
  return (date) => {
    let d = cache.get(date);
    if (d === undefined) {
      d = dayNumber(date);
      cache.set(date, d);
    }
    return d;
  };
}

function daysOf(joined: string, day: (d: string) => number): Int32Array {
  const parts = joined.split(',');
  const out = new Int32Array(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = day(parts[i] as string);
  return out.sort();
}

const NONE = new Int32Array(0);

/** The extracts' people as the analysis needs them (row order: practice, then id — deterministic). */
async function readPeople(deps: ServiceDeps, tx: Tx, extracts: readonly ImpactExtract[]): Promise<{ practices: ImpactPractice[]; people: ImpactPerson[] }> {
  const practices: ImpactPractice[] = [];
  for (const e of extracts) {
    practices.push({
      id: e.practiceId,
      coverageStart: await findExtractCoverageStart(tx, e.extractId, PRACTICE_EVENT_KINDS),
      coverageEnd: e.extractDate,
      wholePractice: e.listSize !== null && e.listSize > 0 && e.people >= WHOLE_PRACTICE_SHARE * e.listSize,
    });
  }
  const ids = extracts.map((e) => e.extractId);
  const rows = await listImpactPeople(tx, ids);
  const position = new Map<string, number>();
  const people: (ImpactPerson & { referrals: number[] })[] = rows.map((r, i) => {
    position.set(r.id, i);
    return {
      practiceId: r.practiceId,
      dateOfBirth: r.dateOfBirth,
      sex: r.sex,
      imdQuintile: r.imdDecile === null ? null : Math.ceil(r.imdDecile / 2),
      ltcCount: r.ltcCount,
      referrals: [],
      appointments: NONE,
      dnas: NONE,
      fitNotes: NONE,
    };
  });
  const day = dayCache();
  await listImpactEventDates(tx, deps.dialect, ids, (personId, kind, dates) => {
    const i = position.get(personId);
    if (i === undefined) return;
    const p = people[i] as ImpactPerson & { referrals: number[] };
    const days = daysOf(dates, day);
    if (kind === 'appointment') p.appointments = days;
    else if (kind === 'dna') p.dnas = days;
    else if (kind === 'fit_note') p.fitNotes = days;
    else p.referrals.push(...days);
  });
  for (const r of await listLinkworkReferralDates(tx, ids)) {
    const i = position.get(r.personId);
    if (i !== undefined) people[i]?.referrals.push(day(londonDate(r.receivedAt)));
  }
  return { practices, people };
}

function lifeSatisfactionOf(scoresJson: string): number | null {
  try {
    const scores = JSON.parse(scoresJson) as { items?: { id?: unknown; value?: unknown }[] };
    const found = Array.isArray(scores.items) ? scores.items.find((i) => i.id === 'life_satisfaction') : undefined;
    return typeof found?.value === 'number' ? found.value : null;
  } catch {
    return null;
  }
}

/**
 * The paired change in ONS life satisfaction (ONS4 item 1: baseline → final, else latest review)
 * on Linkwork cases at the analysed practices whose support started in the period. Null when
 * nobody has a pair.
 */
async function pairedLifeSatisfaction(
  tx: Tx,
  actor: Actor,
  q: ImpactQuery,
  extracts: readonly ImpactExtract[],
): Promise<{ pairs: number; meanChange: number | null } | null> {
  if (extracts.length === 0) return null;
  const rows = await listCohortAdministrations(
    tx,
    { userId: actor.kind === 'user' ? actor.userId : null },
    {
      instrumentCode: 'ons4',
      from: q.from,
      to: q.to,
      practiceId: extracts.length === 1 ? extracts[0]?.practiceId : undefined,
    },
  );
  const points: ScoredPoint[] = [];
  for (const r of rows) {
    if (r.timepoint !== 'baseline' && r.timepoint !== 'review' && r.timepoint !== 'final') continue;
    points.push({
      caseId: r.referralId,
      timepoint: r.timepoint,
      administeredOn: r.administeredOn.slice(0, 10),
      recordedAt: r.createdAt,
      score: lifeSatisfactionOf(r.scores),
    });
  }
  const pairs = pairByCase(points).filter((o) => o.baseline !== null && o.followUp !== null);
  if (pairs.length === 0) return null;
  const meanChange = pairs.reduce((s, o) => s + ((o.followUp as number) - (o.baseline as number)), 0) / pairs.length;
  return { pairs: pairs.length, meanChange };
}

// ---------------------------------------------------------------------------------------------
// Presentation and disclosure control

const r2 = (x: number): number => {
  const v = Math.round(x * 100) / 100;
  return Object.is(v, -0) ? 0 : v;
};
const roundTo = (x: number, step: number): number => {
  const v = Math.round(x / step) * step;
  return Object.is(v, -0) ? 0 : v;
};

/**
 * The result as released: exact for leads and the operator; for commissioners (and on request)
 * counts 1–7 are `*` and others rounded to 5, shares withheld when a part is `*`, estimates
 * rounded to 2 places, freed appointments to 5 and money to £100. Estimates are never computed on
 * fewer than 30 people, so the means released here are on at least 30.
 */
function present(
  a: ImpactAnalysis,
  staggered: StaggeredAnalysis | null,
  value: ImpactValue,
  assumptions: ImpactAssumptions,
  disclosure: Disclosure,
  ctx: Pick<ImpactResult, 'period' | 'practices'>,
): ImpactResult {
  const exact = disclosure === 'exact';
  const count = (n: number): Count => (exact ? n : suppressCount(n));
  const num = (x: number | null): number | null => (x === null ? null : exact ? x : r2(x));
  const quarters = (qs: Quarters | null): Quarters | null =>
    qs === null ? null : { before: qs.before.map((x) => num(x) as number), after: qs.after.map((x) => num(x) as number) };
  const referred = count(a.referred);
  const complete = count(a.complete);
  const share = a.referred === 0 || referred === '*' || complete === '*' ? null : a.complete / a.referred;
  const range = (r: { low: number | null; central: number | null; high: number | null }, step: number) =>
    exact
      ? r
      : {
          low: r.low === null ? null : roundTo(r.low, step),
          central: r.central === null ? null : roundTo(r.central, step),
          high: r.high === null ? null : roundTo(r.high, step),
        };
  const w = value.wellbeing;
  return {
    outcome: a.outcome,
    method: a.method,
    definitionVersion: IMPACT_DEFINITION_VERSION,
    definition: IMPACT_DEFINITION,
    disclosure,
    period: ctx.period,
    practices: ctx.practices,
    treated: count(a.treated),
    controls: count(a.controls),
    estimate: num(a.estimate),
    ci95: a.ci95 === null ? null : [num(a.ci95[0]) as number, num(a.ci95[1]) as number],
    bootstrap: { reps: a.reps, seed: a.seed },
    withheldReason: a.withheldReason,
    completeness: { referred, complete, share: share === null ? null : exact ? share : r2(share) },
    prePost: {
      estimate: num(a.prePost.estimate),
      treated: count(a.prePost.treated),
      warning: RTM_WARNING,
      unreferredFrequentAttenders: { estimate: num(a.prePost.unreferred), definition: UNREFERRED_DEFINITION },
    },
    perQuarter: { treated: quarters(a.perQuarter.treated), controls: quarters(a.perQuarter.controls) },
    dnaPerQuarter: a.dnaPerQuarter === null ? null : { treated: quarters(a.dnaPerQuarter.treated), controls: quarters(a.dnaPerQuarter.controls) },
    wholePracticeData: a.wholePracticeData,
    staggered:
      staggered === null
        ? null
        : {
            estimate: num(staggered.estimate),
            ci95: staggered.ci95 === null ? null : [num(staggered.ci95[0]) as number, num(staggered.ci95[1]) as number],
            stacks: staggered.stacks,
            treated: count(staggered.treated),
            controls: count(staggered.controls),
            withheldReason: staggered.withheldReason,
            definition: STAGGERED_DEFINITION,
          },
    value: {
      unit: value.unit,
      freed: range(value.freed, 5),
      money: range(value.money, 100),
      wellbeing: {
        pairs: count(typeof w.pairs === 'number' ? w.pairs : 0),
        meanChange: num(w.meanChange),
        perPerson: exact ? w.perPerson : range(w.perPerson, 1),
        total: range(w.total, 100),
        withheldReason: w.withheldReason,
      },
    },
    assumptions,
    notes: a.notes,
  };
}
