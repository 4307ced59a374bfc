import type { AuditSummary } from '../../../domain/audit.ts';
import { computeCohortStats, pairByCase, type ScoredPoint, type ScoreBand } from '../../../domain/cohort-stats.ts';
import { AppError } from '../../../domain/errors.ts';
import type { BandSet, InstrumentDefinition, MeaningfulChange } from '../../../domain/instruments/index.ts';
import type { OutcomeAnalysisView, OutcomeReportFilters, OutcomeReportQuery, OutcomeReportView } from '../../../domain/schemas/outcome-reports.ts';
import {
  discloseCohortStats,
  disclosureFor,
  MIN_PAIRS_FOR_RELEASE,
  ROUND_TO,
  SUPPRESS_UP_TO,
  type Disclosure,
  type DisclosurePurpose,
} from '../../../domain/suppression.ts';
import {
  listCohortAdministrations,
  listCohortLinkWorkers,
  listCohortOrganisations,
  type CohortAdministrationRow,
  type CohortScope,
} from '../../../db/repositories/outcomes/cohort.ts';
import type { Actor, Tx } from '../../kernel/context.ts';
import { findInstrument, listAllInstruments } from './outcome-records.ts';

const TIMEPOINTS = new Set(['baseline', 'review', 'final']);

/** The coded filters of a report, for its audit event (ids and codes only, never personal data). */
export function outcomeFilterSummary(q: OutcomeReportQuery, disclosure: Disclosure): AuditSummary {
  return {
    instrument: q.instrument,
    item: q.item ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    pcn: q.pcn ?? null,
    practice: q.practice ?? null,
    linkWorker: q.linkWorker ?? null,
    need: q.need ?? null,
    disclosure,
  };
}

function scopeOf(actor: Actor): CohortScope {
  return { userId: actor.kind === 'user' ? actor.userId : null };
}

/** How this actor sees figures for this purpose (commissioners: always suppressed). */
export function actorDisclosure(actor: Actor, purpose: DisclosurePurpose, requested: Disclosure | undefined): Disclosure {
  return disclosureFor(actor.kind === 'user' ? actor.role : 'system', purpose, requested);
}

function bandsOf(set: BandSet | undefined): ScoreBand[] {
  return set === undefined ? [] : set.bands.map((b) => ({ code: b.code, label: b.label, min: b.min, max: b.max }));
}

function itemValue(scoresJson: string, itemId: string): number | null {
  try {
    const scores = JSON.parse(scoresJson) as { items?: { id?: unknown; value?: unknown }[] };
    const found = Array.isArray(scores.items) ? scores.items.find((i) => i.id === itemId) : undefined;
    return typeof found?.value === 'number' ? found.value : null;
  } catch {
    return null;
  }
}

/**
 * The primary score as stored in the administration's scores JSON (exact), falling back to the
 * `primary_score` column: that column is REAL, which PostgreSQL stores in single precision, and
 * 21.54 coming back as 21.5400009 would turn equal differences into spurious non-ties.
 */
function primaryValue(r: CohortAdministrationRow): number | null {
  try {
    const scores = JSON.parse(r.scores) as { primary?: unknown };
    if (typeof scores.primary === 'number' && Number.isFinite(scores.primary)) return scores.primary;
  } catch {
    // fall through to the column
  }
  return r.primaryScore;
}

function points(rows: readonly CohortAdministrationRow[], score: (r: CohortAdministrationRow) => number | null): ScoredPoint[] {
  return rows
    .filter((r) => TIMEPOINTS.has(r.timepoint))
    .map((r) => ({
      caseId: r.referralId,
      timepoint: r.timepoint as ScoredPoint['timepoint'],
      administeredOn: r.administeredOn.slice(0, 10),
      recordedAt: r.createdAt,
      score: score(r),
    }));
}

interface Measure {
  item: string | null;
  label: string;
  direction: InstrumentDefinition['direction'];
  meaningfulChange: MeaningfulChange | undefined;
  bands: BandSet | undefined;
  score: (r: CohortAdministrationRow) => number | null;
}

/** What is analysed: each item of a per-item instrument (ONS4: never summed), else the primary score. */
function measuresOf(def: InstrumentDefinition, item: string | undefined): Measure[] {
  if (def.scoring.method === 'per_item') {
    const items = item === undefined ? def.items : def.items.filter((i) => i.id === item);
    if (items.length === 0) throw new AppError('invalid_input', 'Choose an item of this instrument', { fields: { item: 'Choose an item of this instrument' } });
    return items.map((i) => ({
      item: i.id,
      label: i.text,
      direction: i.direction ?? def.direction,
      meaningfulChange: i.meaningfulChange,
      bands: i.bands,
      score: (r) => itemValue(r.scores, i.id),
    }));
  }
  if (item !== undefined) {
    throw new AppError('invalid_input', 'This instrument is analysed on its total score, not item by item', {
      fields: { item: 'Leave the item empty for this instrument' },
    });
  }
  return [{ item: null, label: def.name, direction: def.direction, meaningfulChange: def.meaningfulChange, bands: def.bands, score: primaryValue }];
}

async function filterOptions(tx: Tx, scope: CohortScope): Promise<OutcomeReportFilters> {
  const orgs = await listCohortOrganisations(tx, scope);
  const seen = new Set<string>();
  const instruments: OutcomeReportFilters['instruments'] = [];
  for (const { definition: d } of await listAllInstruments(tx)) {
    if (seen.has(d.code)) continue;
    seen.add(d.code);
    instruments.push({
      code: d.code,
      version: d.version,
      name: d.name,
      perItem: d.scoring.method === 'per_item',
      items: d.items.map((i) => ({ id: i.id, label: i.text })),
    });
  }
  return {
    instruments,
    pcns: orgs.filter((o) => o.kind === 'pcn').map((o) => ({ id: o.id, name: o.name })),
    practices: orgs.filter((o) => o.kind === 'practice').map((o) => ({ id: o.id, name: o.name, pcnId: o.parentId })),
    linkWorkers: await listCohortLinkWorkers(tx, scope),
  };
}

/**
 * The report itself, shared by the screen and the CSV export (callers authorise and audit).
 * PCN and practice filters outside the actor's scope answer not_found, like any record out of scope.
 */
export async function buildOutcomeReport(tx: Tx, actor: Actor, q: OutcomeReportQuery, disclosure: Disclosure): Promise<OutcomeReportView> {
  const scope = scopeOf(actor);
  const options = await filterOptions(tx, scope);
  if (q.pcn !== undefined && !options.pcns.some((p) => p.id === q.pcn)) throw new AppError('not_found', 'No such PCN');
  if (q.practice !== undefined && !options.practices.some((p) => p.id === q.practice)) throw new AppError('not_found', 'No such practice');
  const def = await findInstrument(tx, q.instrument);
  if (def === undefined)
    throw new AppError('invalid_input', 'Choose an instrument from the list', { fields: { instrument: 'Choose an instrument from the list' } });
  const measures = measuresOf(def, q.item);
  const rows = await listCohortAdministrations(tx, scope, {
    instrumentCode: def.code,
    from: q.from,
    to: q.to,
    pcnId: q.pcn,
    practiceId: q.practice,
    linkWorkerId: q.linkWorker,
    need: q.need,
  });
  const analyses: OutcomeAnalysisView[] = measures.map((m) => {
    const stats = computeCohortStats(pairByCase(points(rows, m.score)), {
      direction: m.direction,
      meaningfulChange: m.meaningfulChange?.value ?? null,
      bands: bandsOf(m.bands),
    });
    return {
      item: m.item,
      label: m.label,
      direction: m.direction,
      meaningfulChange: m.meaningfulChange === undefined ? null : { value: m.meaningfulChange.value, source: m.meaningfulChange.source },
      bandsSource: m.bands?.source ?? null,
      stats: discloseCohortStats(stats, disclosure),
    };
  });
  return {
    instrument: { code: def.code, version: def.version, name: def.name, scoring: def.scoring.method },
    filters: {
      from: q.from ?? null,
      to: q.to ?? null,
      pcn: q.pcn ?? null,
      practice: q.practice ?? null,
      linkWorker: q.linkWorker ?? null,
      need: q.need ?? null,
      item: q.item ?? null,
    },
    disclosure,
    suppression: { suppressUpTo: SUPPRESS_UP_TO, roundTo: ROUND_TO, minPairsForRelease: MIN_PAIRS_FOR_RELEASE },
    analyses,
    options,
  };
}
