import { licenceStatus, type AdministrationChange, type InstrumentDefinition, type ScoredAdministration } from '../../../domain/instruments/index.ts';
import type { AdministrationView, CaseOutcomesView, ChangeView, InstrumentView, ScoresView } from '../../../domain/schemas/outcomes.ts';
import type { CaseOutcomes } from '../../../services/outcomes/list-case-outcomes.ts';
import type { InstrumentListing } from '../../../services/outcomes/list-instruments.ts';
import type { RecordedAdministration } from '../../../services/outcomes/shared/outcome-records.ts';

// Explicit field lists for outcomes: never a row, never the raw answers beside the scores.

/** An instrument as the API shows it, with its licence status on `today`. */
export function presentInstrument(
  def: InstrumentDefinition,
  today: string,
  extra: { source: 'built_in' | 'pack'; checksum: string | null; installedAt: string | null },
): InstrumentView {
  const status = licenceStatus(def, today);
  const s = def.scoring;
  return {
    code: def.code,
    version: def.version,
    name: def.name,
    description: def.description ?? null,
    instructions: def.instructions ?? null,
    source: extra.source,
    method: s.method,
    direction: def.direction,
    items: def.items.map((item) => ({
      id: item.id,
      text: item.text,
      options: (item.options ?? def.options ?? []).map((o) => ({ value: o.value, label: o.label })),
      direction: item.direction ?? def.direction,
      bandsSource: item.bands?.source ?? null,
      meaningfulChange: item.meaningfulChange === undefined ? null : { value: item.meaningfulChange.value, source: item.meaningfulChange.source },
    })),
    external: s.method === 'external' ? { scoreMin: s.scoreMin, scoreMax: s.scoreMax, scoreDecimals: s.scoreDecimals, levelLabel: s.levelLabel ?? null } : null,
    bands:
      def.bands === undefined
        ? null
        : { source: def.bands.source, bands: def.bands.bands.map((b) => ({ code: b.code, label: b.label, min: b.min, max: b.max })) },
    meaningfulChange: def.meaningfulChange === undefined ? null : { value: def.meaningfulChange.value, source: def.meaningfulChange.source },
    licence: { kind: def.licence.kind, holder: def.licence.holder, terms: def.licence.terms, expiresOn: def.licence.expiresOn, status },
    usable: status !== 'expired',
    checksum: extra.checksum,
    installedAt: extra.installedAt,
  };
}

export function presentInstrumentListing(i: InstrumentListing): InstrumentView {
  return presentInstrument(i.definition, i.today, { source: i.source, checksum: i.checksum, installedAt: i.installedAt });
}

export function presentScores(s: ScoredAdministration): ScoresView {
  return {
    method: s.method,
    total: s.total ?? null,
    metric: s.metric ?? null,
    score: s.score ?? null,
    items: (s.items ?? []).map((i) => ({ id: i.id, value: i.value, band: i.band === null ? null : { code: i.band.code, label: i.band.label } })),
    band: s.band === undefined || s.band === null ? null : { code: s.band.code, label: s.band.label },
    primary: s.primary,
  };
}

export function presentChange(c: AdministrationChange): ChangeView {
  const one = <T extends Omit<ChangeView['items'][number], 'id'>>(x: T) => ({
    from: x.from,
    to: x.to,
    difference: x.difference,
    direction: x.direction,
    meaningfulChange: x.meaningfulChange,
    basis: x.basis,
    verdict: x.verdict,
    bandFrom: x.bandFrom === null ? null : { code: x.bandFrom.code, label: x.bandFrom.label },
    bandTo: x.bandTo === null ? null : { code: x.bandTo.code, label: x.bandTo.label },
  });
  return {
    items: (c.items ?? []).map((i) => ({ id: i.id, ...one(i) })),
    primary: c.primary === undefined ? null : one(c.primary),
  };
}

export function presentAdministration(a: RecordedAdministration): AdministrationView {
  return {
    id: a.id,
    caseId: a.referralId,
    instrument: a.instrumentCode,
    version: a.instrumentVersion,
    timepoint: a.timepoint,
    mode: a.mode,
    administeredOn: a.administeredOn,
    scores: presentScores(a.scores),
    recordedAt: a.createdAt,
  };
}

export function presentCaseOutcomes(o: CaseOutcomes): CaseOutcomesView {
  return {
    caseId: o.caseId,
    instruments: o.instruments.map((g) => ({
      instrument: presentInstrument(g.instrument, o.today, { source: g.source, checksum: null, installedAt: null }),
      administrations: g.administrations.map((a) => ({
        id: a.id,
        caseId: a.caseId,
        instrument: a.instrumentCode,
        version: a.instrumentVersion,
        timepoint: a.timepoint,
        mode: a.mode,
        administeredOn: a.administeredOn,
        scores: presentScores(a.scores),
        recordedAt: a.createdAt,
        changeFromBaseline: a.changeFromBaseline === null ? null : presentChange(a.changeFromBaseline),
      })),
    })),
  };
}
