import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { revalueImpact } from '../../../domain/proactive/impact.ts';
import { impactResultSchema, type ImpactAssumptions, type ImpactOutcome, type ImpactQuery, type ImpactResult } from '../../../domain/schemas/impact.ts';
import { request } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Link, useSearchParams } from '../../router.tsx';
import { LoadFailed, Loading, PageHeading, SummaryList, usePageTitle, WarningCallout } from '../../ui/kit.tsx';

/**
 * Impact on GP appointments and fit notes (/reports/impact; lead, PCN lead, commissioner): the
 * controlled estimate with its interval, the before/after figure beside it with the
 * regression-to-the-mean warning, the 4+4 quarters of the referred and their controls as an SVG
 * chart (attributes only, for the strict CSP) with the same figures in a table, n, completeness,
 * the method and its definition, and the value with editable assumptions recomputed here.
 */

const impactApi = (query: ImpactQuery, signal?: AbortSignal) => request(impactResultSchema, '/proactive/impact', { query, signal });

const OUTCOME_LABEL: Record<ImpactOutcome, string> = { gp_appointments: 'GP appointments', fit_notes: 'Fit notes' };
const WITHHELD: Record<string, string> = {
  fewer_than_30_treated: 'Not shown: fewer than 30 referred people have 4 quarters before and after in the practice data.',
  fewer_than_30_matched: 'Not shown: fewer than 30 referred people could be matched to people who were not referred.',
  no_paired_life_satisfaction: 'No paired life satisfaction data (ONS4 at the start of support and at follow-up).',
  too_few_pairs: 'Fewer than 10 people have paired life satisfaction scores: not shown.',
  not_applicable: 'Not applicable.',
};
const METHOD: Record<ImpactResult['method'], string> = {
  matched_controls: 'Matched controls (difference in differences)',
  staggered_did: 'Staggered difference in differences',
  pre_post_only: 'Before and after only (no comparison group)',
};

const f2 = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(2));
const pounds = (x: number | null): string => (x === null ? '–' : `£${Math.round(x).toLocaleString('en-GB')}`);
const whole = (x: number | null): string => (x === null ? '–' : Math.round(x).toLocaleString('en-GB'));

/** 8 quarters, referred against controls, as lines (hidden from assistive technology: the table says the same). */
function QuarterChart({ r }: { r: ImpactResult }) {
  const t = r.perQuarter.treated;
  const c = r.perQuarter.controls;
  if (t === null) return null;
  const tv = [...t.before, ...t.after];
  const cv = c === null ? [] : [...c.before, ...c.after];
  const W = 640;
  const H = 260;
  const left = 48;
  const bottom = 44;
  const hi = Math.max(0.1, ...tv, ...cv) * 1.15;
  const x = (i: number) => left + 20 + (i / 7) * (W - left - 50);
  const y = (v: number) => H - bottom - (v / hi) * (H - bottom - 16);
  const line = (vs: number[]) => vs.map((v, i) => `${x(i)},${y(v)}`).join(' ');
  const labels = ['−4', '−3', '−2', '−1', '+1', '+2', '+3', '+4'];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" aria-hidden="true" focusable="false" data-testid="impact-chart">
      <line x1={left} x2={W - 10} y1={H - bottom} y2={H - bottom} stroke="#4c6272" />
      <line x1={(x(3) + x(4)) / 2} x2={(x(3) + x(4)) / 2} y1={10} y2={H - bottom} stroke="#4c6272" strokeDasharray="5 4" />
      <text x={(x(3) + x(4)) / 2 + 4} y={22} fontSize="14" fill="#212b32">
        referral
      </text>
      <text x={left - 6} y={y(hi / 1.15) + 5} fontSize="13" textAnchor="end" fill="#212b32">
        {(hi / 1.15).toFixed(1)}
      </text>
      {labels.map((l, i) => (
        <text key={l} x={x(i)} y={H - bottom + 20} fontSize="13" textAnchor="middle" fill="#212b32">
          {l}
        </text>
      ))}
      <polyline points={line(tv)} fill="none" stroke="#005eb8" strokeWidth="3" />
      {cv.length === 8 ? <polyline points={line(cv)} fill="none" stroke="#212b32" strokeWidth="2" strokeDasharray="8 5" /> : null}
      <text x={left} y={H - 6} fontSize="13" fill="#005eb8">
        ━ referred
      </text>
      {cv.length === 8 ? (
        <text x={left + 110} y={H - 6} fontSize="13" fill="#212b32">
          ┅ matched controls
        </text>
      ) : null}
    </svg>
  );
}

function QuarterTable({ r }: { r: ImpactResult }) {
  const t = r.perQuarter.treated;
  const c = r.perQuarter.controls;
  if (t === null) return null;
  const quarters = ['4 before', '3 before', '2 before', '1 before', '1 after', '2 after', '3 after', '4 after'];
  const tv = [...t.before, ...t.after];
  const cv = c === null ? null : [...c.before, ...c.after];
  return (
    <div className="lw-table-scroll">
      <table className="nhsuk-table" data-testid="impact-quarters">
        <caption className="nhsuk-table__caption">Mean per person per quarter (91 days)</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Quarter</th>
            <th scope="col">Referred</th>
            {cv === null ? null : <th scope="col">Controls</th>}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {quarters.map((q, i) => (
            <tr key={q}>
              <th scope="row">{q}</th>
              <td>{f2(tv[i])}</td>
              {cv === null ? null : <td>{f2(cv[i])}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NumberInput({
  id,
  label,
  value,
  onChange,
  step = '0.05',
}: {
  id: string;
  label: string;
  value: number;
  onChange: (v: number) => void;
  step?: string;
}) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <input
        className="nhsuk-input nhsuk-input--width-5"
        id={id}
        type="number"
        inputMode="decimal"
        step={step}
        min="0"
        value={value}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= 0) onChange(v);
        }}
      />
    </div>
  );
}

function ValueSection({ r }: { r: ImpactResult }) {
  const [a, setA] = useState<ImpactAssumptions>(r.assumptions);
  const v = revalueImpact(r.value, a);
  const set = (k: 'durationYears' | 'deadweight' | 'attribution', level: 'low' | 'central' | 'high', x: number) =>
    setA((p) => ({ ...p, wellbeing: { ...p.wellbeing, [k]: { ...p.wellbeing[k], [level]: x } } }));
  return (
    <section aria-labelledby="value-heading">
      <h2 className="nhsuk-heading-m" id="value-heading">
        What it is worth
      </h2>
      <p className="nhsuk-body">No return-on-investment ratio is shown: each figure below depends on the assumptions beside it, which you can change.</p>
      {v.freed.central === null ? (
        <p className="nhsuk-body">Not shown while the estimate is withheld.</p>
      ) : (
        <SummaryList
          rows={[
            {
              key: v.unit === 'appointments' ? 'Appointments freed' : 'Fewer fit notes',
              value: `${whole(v.freed.central)} (from ${whole(v.freed.low)} to ${whole(v.freed.high)}): −estimate × referred × 4 quarters`,
            },
            ...(v.unit === 'appointments'
              ? [{ key: 'Their cost', value: `${pounds(v.money.central)} (from ${pounds(v.money.low)} to ${pounds(v.money.high)})` }]
              : [{ key: 'Their cost', value: 'No unit cost is applied to fit notes: their value is in work and health, not appointment time.' }]),
          ]}
        />
      )}
      {v.unit === 'appointments' ? (
        <>
          <NumberInput
            id="unit-cost"
            label="Cost of one GP appointment (£)"
            value={a.unitCost.amount}
            step="1"
            onChange={(x) => setA((p) => ({ ...p, unitCost: { ...p.unitCost, amount: x } }))}
          />
          <p className="nhsuk-hint">
            Default: {r.assumptions.unitCost.source} ({r.assumptions.unitCost.year}). Check it against the current edition.
          </p>
        </>
      ) : null}
      <h3 className="nhsuk-heading-s">Wellbeing value</h3>
      {v.wellbeing.withheldReason !== null ? (
        <p className="nhsuk-body" data-testid="impact-wellbeing">
          {WITHHELD[v.wellbeing.withheldReason]}
        </p>
      ) : (
        <>
          <p className="nhsuk-body" data-testid="impact-wellbeing">
            Life satisfaction changed by {f2(v.wellbeing.meanChange)} points ({String(v.wellbeing.pairs)} people with paired scores):{' '}
            {pounds(v.wellbeing.perPerson.central)} a person (from {pounds(v.wellbeing.perPerson.low)} to {pounds(v.wellbeing.perPerson.high)}),{' '}
            {pounds(v.wellbeing.total.central)} for the people with pairs, at £{a.wellbeing.valuePerPointYear.toLocaleString('en-GB')} per point-year (
            {a.wellbeing.source}, {a.wellbeing.priceYear} prices).
          </p>
          <div className="lw-inline-fields">
            {(['low', 'central', 'high'] as const).map((level) => (
              <fieldset className="nhsuk-fieldset" key={level}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{level[0]?.toUpperCase() + level.slice(1)}</legend>
                <NumberInput
                  id={`duration-${level}`}
                  label="Years it lasts"
                  value={a.wellbeing.durationYears[level]}
                  onChange={(x) => set('durationYears', level, x)}
                />
                <NumberInput
                  id={`deadweight-${level}`}
                  label="Deadweight (0–1)"
                  value={a.wellbeing.deadweight[level]}
                  onChange={(x) => set('deadweight', level, Math.min(1, x))}
                />
                <NumberInput
                  id={`attribution-${level}`}
                  label="Attribution (0–1)"
                  value={a.wellbeing.attribution[level]}
                  onChange={(x) => set('attribution', level, Math.min(1, x))}
                />
              </fieldset>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** The staggered difference-in-differences (whole practices only): a secondary figure beside the matched one. */
function StaggeredCard({ r, what }: { r: ImpactResult; what: string }) {
  const s = r.staggered;
  if (s === null || s === undefined) return null;
  return (
    <div className="nhsuk-card" data-testid="impact-staggered">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-s">Whole-practice comparison (staggered difference-in-differences)</h2>
        {s.estimate === null ? (
          <p className="nhsuk-body">{WITHHELD[s.withheldReason ?? 'not_applicable']}</p>
        ) : (
          <p className="nhsuk-body">
            <strong>{f2(s.estimate)}</strong> {what} per person per quarter
            <br />
            <span className="nhsuk-body-s">
              95% interval {f2(s.ci95?.[0])} to {f2(s.ci95?.[1])}; {String(s.treated)} referred in {s.stacks} three-month periods, {String(s.controls)} people
              not referred near then
            </span>
          </p>
        )}
        <p className="nhsuk-body-s">
          The practices sent everyone registered, so each referred group is also compared with everyone else at the same practices over the same quarters. They
          are not matched on how often they attended before, so this figure keeps more of the regression to the mean: the matched figure above is the one to
          rely on.
        </p>
      </div>
    </div>
  );
}

function ImpactView({ r }: { r: ImpactResult }) {
  const c = r.completeness;
  const what = r.outcome === 'gp_appointments' ? 'GP-practice appointments attended' : 'fit notes issued';
  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <div className="nhsuk-card" data-testid="impact-estimate">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading nhsuk-heading-m">Compared with similar people not referred</h2>
              {r.estimate === null ? (
                <p className="nhsuk-body">{WITHHELD[r.withheldReason ?? 'not_applicable']}</p>
              ) : (
                <p className="nhsuk-body-l">
                  <strong>{f2(r.estimate)}</strong> {what} per person per quarter
                  <br />
                  <span className="nhsuk-body-s">
                    95% interval {f2(r.ci95?.[0])} to {f2(r.ci95?.[1])}
                  </span>
                </p>
              )}
            </div>
          </div>
        </div>
        <div className="nhsuk-grid-column-one-half">
          <div className="nhsuk-card" data-testid="impact-prepost">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading nhsuk-heading-m">Before and after alone</h2>
              <p className="nhsuk-body-l">
                <strong>{f2(r.prePost.estimate)}</strong> per person per quarter
              </p>
              <p className="nhsuk-body-s">Equally frequent attenders who were not referred: {f2(r.prePost.unreferredFrequentAttenders.estimate)}</p>
            </div>
          </div>
        </div>
      </div>
      <WarningCallout label="Regression to the mean" testId="impact-rtm-warning">
        <p>{r.prePost.warning}</p>
      </WarningCallout>
      <StaggeredCard r={r} what={what} />
      <SummaryList
        rows={[
          { key: 'Referred', value: `${String(c.referred)} people referred in the period` },
          {
            key: 'Complete windows',
            value: `${String(c.complete)} with 4 quarters before and after in the practice data${c.share === null ? '' : ` (${(c.share * 100).toFixed(1)}%)`}`,
          },
          { key: 'Analysed', value: `${String(r.treated)} referred, ${String(r.controls)} controls` },
          { key: 'Method', value: METHOD[r.method] },
          { key: 'Practices', value: r.practices.map((p) => `${p.name} (extract ${p.extractDate ?? '–'})`).join('; ') || 'No practice data in your scope' },
          { key: 'Figures', value: r.disclosure === 'suppressed' ? 'Suppressed: counts rounded to 5, 1–7 shown as *' : 'Exact' },
        ]}
      />
      <h2 className="nhsuk-heading-m">Quarter by quarter</h2>
      <QuarterChart r={r} />
      <QuarterTable r={r} />
      <ValueSection r={r} key={`${r.outcome}-${String(r.treated)}`} />
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">How this is worked out ({r.definitionVersion})</span>
        </summary>
        <div className="nhsuk-details__text">
          <p>{r.definition}</p>
          <p>
            Bootstrap: {r.bootstrap.reps} repetitions, seed {r.bootstrap.seed}. {r.prePost.unreferredFrequentAttenders.definition}
          </p>
          {r.notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      </details>
    </>
  );
}

/** The impact page. */
export function ImpactPage() {
  usePageTitle('Impact on GP appointments and fit notes');
  const params = useSearchParams();
  const outcome: ImpactOutcome = params.get('outcome') === 'fit_notes' ? 'fit_notes' : 'gp_appointments';
  const query: ImpactQuery = {
    outcome,
    ...(params.get('from') === null ? {} : { from: params.get('from') as string }),
    ...(params.get('to') === null ? {} : { to: params.get('to') as string }),
    ...(params.get('practice') === null ? {} : { practice: params.get('practice') as string }),
  };
  const result = useQuery({ queryKey: ['impact', query], queryFn: ({ signal }) => impactApi(query, signal) });
  return (
    <>
      <PageHeading caption="Reports">Impact on GP appointments and fit notes</PageHeading>
      <p className="nhsuk-body">
        How the number of {outcome === 'gp_appointments' ? 'GP-practice appointments' : 'fit notes'} changed for people referred to social prescribing, against
        similar people at the same practices who were not.
      </p>
      <nav aria-label="Outcome">
        <ul className="nhsuk-list lw-inline-list">
          {(['gp_appointments', 'fit_notes'] as const).map((o) => (
            <li key={o}>
              {o === outcome ? <strong aria-current="page">{OUTCOME_LABEL[o]}</strong> : <Link to={`/reports/impact?outcome=${o}`}>{OUTCOME_LABEL[o]}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      {result.isPending ? <Loading what="the impact analysis" /> : null}
      {result.isError ? <LoadFailed message={problemOf(result.error).message} /> : null}
      {result.data === undefined ? null : <ImpactView r={result.data} />}
    </>
  );
}
