import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useWatch } from 'react-hook-form';
import type { StatReason } from '../../../domain/suppression.ts';
import { NEEDS } from '../../../domain/needs.ts';
import {
  outcomeReportQuerySchema,
  type OutcomeAnalysisView,
  type OutcomeReportQuery,
  type OutcomeReportView,
} from '../../../domain/schemas/outcome-reports.ts';
import { queryString } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, SummaryList, usePageTitle } from '../../ui/kit.tsx';
import { SelectField, IsoDateField } from '../../ui/form-fields.tsx';
import { errorsByPath, formSchema, useNhsForm } from '../../ui/forms.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useMe } from '../../session.tsx';
import { outcomeReportsApi, outcomesKeys } from './outcomes-api.ts';

/**
 * Cohort outcome report (lead, PCN lead, commissioner): filters in the address, the headline
 * figures in plain English, a chart of mean change with its 95% confidence interval drawn as SVG
 * (attributes only, so the strict CSP holds) with the same figures in a table beside it, band
 * transitions as a table, and a CSV download. Commissioners see suppressed figures.
 */

const FIELDS = {
  instrument: 'instrument',
  item: 'item',
  from: 'from',
  to: 'to',
  pcn: 'pcn',
  practice: 'practice',
  linkWorker: 'linkWorker',
  need: 'need',
  disclosure: 'disclosure',
} as const;
type Form = { [K in keyof typeof FIELDS]: string };
const DEFAULT_INSTRUMENT = 'ons4';

function formFromSearch(search: string): Form {
  const p = new URLSearchParams(search);
  const get = (k: string) => p.get(k) ?? '';
  return {
    instrument: get('instrument') || DEFAULT_INSTRUMENT,
    item: get('item'),
    from: get('from'),
    to: get('to'),
    pcn: get('pcn'),
    practice: get('practice'),
    linkWorker: get('linkWorker'),
    need: get('need'),
    disclosure: get('disclosure'),
  };
}

/** The filters as the report query takes them (empty ones left out), checked by its shared schema. */
const filterForm = formSchema(outcomeReportQuerySchema, (form: Form) => Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '')));

const REASONS: { readonly [R in StatReason]: string } = {
  too_few_pairs: 'not enough people with both a baseline and a follow-up (at least 2 are needed)',
  no_variation: 'everyone changed by exactly the same amount, so the spread is zero and the test cannot be computed',
  all_differences_zero: 'no one’s score changed',
  no_bands_defined: 'this measure has no bands',
  none_lost_to_follow_up: 'everyone with a baseline was followed up',
  none_followed_up: 'no one has been followed up yet',
  small_cohort_withheld: 'withheld: based on too few people to publish safely',
  small_number_suppressed: 'suppressed: based on a small number',
};

type Count = number | '*';
/** A count (exact, rounded or `*`). */
const fmt = (v: Count | null | undefined): string => (v === null || v === undefined ? '—' : v === '*' ? '*' : String(v));
/** A score, mean or effect size, to 2 decimal places. */
const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(2));
const pct = (v: number | '*' | null | undefined): string => (v === null || v === undefined ? '—' : v === '*' ? '*' : `${Math.round(v * 1000) / 10}%`);
const pValue = (p: number): string => (p < 0.001 ? 'less than 0.001' : p.toFixed(3));

function Withheld({ reason }: { reason: string | null }) {
  const text = reason !== null && reason in REASONS ? REASONS[reason as StatReason] : 'not available';
  return <span className="nhsuk-u-secondary-text-colour">Not shown — {text}</span>;
}

function directionText(a: OutcomeAnalysisView): string {
  return a.direction === 'higher_is_better' ? 'Higher scores are better.' : 'Lower scores are better (a fall is an improvement).';
}

function Headline({ a }: { a: OutcomeAnalysisView }) {
  const s = a.stats;
  const t = s.tTest.value;
  const m = s.meaningfulChange.value;
  const att = s.attrition.value;
  const rows = [
    { key: 'People with a baseline', value: fmt(s.withBaseline) },
    {
      key: 'Followed up',
      value: (
        <>
          {fmt(s.pairs)} {s.followUpRate.value === null ? <Withheld reason={s.followUpRate.reason} /> : <>({pct(s.followUpRate.value)} follow-up rate)</>}
        </>
      ),
    },
    {
      key: 'Mean score',
      value:
        s.meanBaseline.value === null || s.meanFollowUp.value === null ? (
          <Withheld reason={s.meanBaseline.reason} />
        ) : (
          <>
            {num(s.meanBaseline.value)} at baseline, {num(s.meanFollowUp.value)} at follow-up (people with both)
          </>
        ),
    },
    {
      key: 'Mean change (95% CI)',
      value:
        t === null ? (
          <Withheld reason={s.tTest.reason} />
        ) : (
          <>
            {num(t.meanChange)} points (95% confidence interval {num(t.ci95Lower)} to {num(t.ci95Upper)}); paired t-test p {pValue(t.pValue)}
            <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
              {t.ci95Lower > 0 || t.ci95Upper < 0
                ? 'The interval does not include zero: the average score changed.'
                : 'The interval includes zero: the average change could be nothing.'}
            </span>
          </>
        ),
    },
    {
      key: 'Effect size (Cohen’s d_z)',
      value: s.cohensDz.value === null ? <Withheld reason={s.cohensDz.reason} /> : `${num(s.cohensDz.value)} (about 0.2 small, 0.5 medium, 0.8 large)`,
    },
    {
      key: 'Wilcoxon signed-rank check',
      value:
        s.wilcoxon.value === null ? (
          <Withheld reason={s.wilcoxon.reason} />
        ) : (
          `p ${pValue(s.wilcoxon.value.pValue)} (${s.wilcoxon.value.method === 'exact' ? 'exact' : 'normal approximation'}; does not assume the changes are normally distributed)`
        ),
    },
    {
      key: m?.basis === 'any_change' ? 'Improved at all' : 'Improved by at least the meaningful change',
      value:
        m === null ? (
          <Withheld reason={s.meaningfulChange.reason} />
        ) : (
          <>
            {fmt(m.improved)} improved ({pct(m.shareImproved)}), {fmt(m.noMeaningfulChange)} {m.basis === 'any_change' ? 'unchanged' : 'no meaningful change'},{' '}
            {fmt(m.deteriorated)} worse
            <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
              {m.basis === 'any_change'
                ? `No meaningful change is established for this measure, so any change counts. ${a.meaningfulChange?.source ?? ''}`
                : `Meaningful change: ${m.threshold ?? ''} points. ${a.meaningfulChange?.source ?? ''}`}
            </span>
          </>
        ),
    },
    {
      key: 'Followed up vs lost: baseline means',
      value:
        att === null ? (
          <Withheld reason={s.attrition.reason} />
        ) : (
          <>
            {num(att.meanBaselineFollowedUp)} for the {fmt(att.followedUp)} followed up, {num(att.meanBaselineLost)} for the {fmt(att.lost)} lost (difference{' '}
            {num(att.difference)})
            <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
              If these differ, the people followed up may not stand for everyone who started.
            </span>
          </>
        ),
    },
  ];
  return <SummaryList rows={rows} />;
}

function BandTable({ a, idx }: { a: OutcomeAnalysisView; idx: number }) {
  const b = a.stats.bandTransitions.value;
  if (b === null)
    return (
      <p className="nhsuk-body-s">
        Band transitions: <Withheld reason={a.stats.bandTransitions.reason} />
      </p>
    );
  return (
    <table className="nhsuk-table" data-testid={`band-table-${idx}`}>
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">Band at baseline (rows) and at follow-up (columns), number of people</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Baseline band
          </th>
          {b.labels.map((l) => (
            <th key={l} className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {b.counts.map((row, i) => (
          <tr key={b.bands[i]} className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="row">
              {b.labels[i]}
            </th>
            {row.map((c, j) => (
              <td key={b.bands[j]} className="nhsuk-table__cell nhsuk-table__cell--numeric">
                {fmt(c)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Mean change with 95% CI per measure: an SVG forest plot, hidden from assistive technology (the table beside it is read instead). */
function ChangeChart({ analyses }: { analyses: readonly OutcomeAnalysisView[] }) {
  const short = (item: string) => item.charAt(0).toUpperCase() + item.slice(1).replace(/_/g, ' ');
  const rows = analyses.map((a) => ({ label: a.item === null ? a.label : short(a.item), t: a.stats.tTest.value, reason: a.stats.tTest.reason }));
  const shown = rows.filter((r) => r.t !== null);
  const W = 960;
  const rowH = 48;
  const left = 230;
  const right = 40;
  const H = rows.length * rowH + 40;
  const lo = Math.min(-1, ...shown.map((r) => r.t?.ci95Lower ?? 0));
  const hi = Math.max(1, ...shown.map((r) => r.t?.ci95Upper ?? 0));
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const ticks = [lo, (lo + 0) / 2, 0, hi / 2, hi].map((v) => Math.round(v * 10) / 10);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" aria-hidden="true" focusable="false" data-testid="change-chart">
          <line x1={x(0)} x2={x(0)} y1={10} y2={H - 30} stroke="#425563" strokeDasharray="4 4" />
          {ticks.map((v) => (
            <text key={v} x={x(v)} y={H - 10} fontSize="16" textAnchor="middle" fill="#212b32">
              {v}
            </text>
          ))}
          {rows.map((r, i) => {
            const y = 30 + i * rowH;
            return (
              <g key={r.label}>
                <text x={left - 10} y={y + 5} fontSize="17" textAnchor="end" fill="#212b32">
                  {r.label}
                </text>
                {r.t === null ? (
                  <text x={x(0) + 8} y={y + 5} fontSize="16" fill="#4c6272">
                    not shown
                  </text>
                ) : (
                  <>
                    <line x1={x(r.t.ci95Lower)} x2={x(r.t.ci95Upper)} y1={y} y2={y} stroke="#005eb8" strokeWidth="3" />
                    <line x1={x(r.t.ci95Lower)} x2={x(r.t.ci95Lower)} y1={y - 8} y2={y + 8} stroke="#005eb8" strokeWidth="3" />
                    <line x1={x(r.t.ci95Upper)} x2={x(r.t.ci95Upper)} y1={y - 8} y2={y + 8} stroke="#005eb8" strokeWidth="3" />
                    <rect x={x(r.t.meanChange) - 6} y={y - 6} width="12" height="12" fill="#003087" />
                  </>
                )}
              </g>
            );
          })}
        </svg>
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
          Squares: mean change in score points; lines: 95% confidence intervals; dashed line: no change.
        </p>
      </div>
      <div className="nhsuk-grid-column-full">
        <table className="nhsuk-table" data-testid="change-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Mean change from baseline to follow-up (the chart’s figures)</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Measure
              </th>
              <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                Mean change
              </th>
              <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                95% CI
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((r) => (
              <tr key={r.label} className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="row">
                  {r.label}
                </th>
                {r.t === null ? (
                  <td className="nhsuk-table__cell" colSpan={2}>
                    <Withheld reason={r.reason} />
                  </td>
                ) : (
                  <>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{num(r.t.meanChange)}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                      {num(r.t.ci95Lower)} to {num(r.t.ci95Upper)}
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Report({ r }: { r: OutcomeReportView }) {
  return (
    <>
      {r.disclosure === 'suppressed' ? (
        <div className="nhsuk-inset-text" data-testid="suppression-note">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            Small numbers are suppressed so no one can be identified: counts from 1 to {r.suppression.suppressUpTo} are shown as *, other counts are rounded to
            the nearest {r.suppression.roundTo}, and percentages are worked out from the rounded counts. Averages and tests are not shown for fewer than{' '}
            {r.suppression.minPairsForRelease} people, and are rounded.
          </p>
        </div>
      ) : null}
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          These figures compare each person’s score at the start (baseline) with their latest follow-up. They show whether scores changed, not why: without a
          comparison group of similar people who were not supported, no one can say the change was caused by social prescribing. People who were not followed up
          are not in the change figures — compare their baselines below.
        </p>
      </div>
      <ChangeChart analyses={r.analyses} />
      {r.analyses.map((a, i) => (
        <section key={a.item ?? 'primary'} aria-labelledby={`measure-${i}`} data-testid="analysis">
          <h2 className="nhsuk-heading-m" id={`measure-${i}`}>
            {a.label}
          </h2>
          <p className="nhsuk-body-s">{directionText(a)}</p>
          <Headline a={a} />
          <BandTable a={a} idx={i} />
          {a.bandsSource === null ? null : <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">Bands: {a.bandsSource}</p>}
        </section>
      ))}
    </>
  );
}

/** The page at /reports/outcomes. */
export function OutcomeReportPage() {
  const { search } = useLocation();
  const me = useMe();
  const parsed = filterForm.safeParse(formFromSearch(search));
  const query: OutcomeReportQuery = parsed.success ? parsed.data : { instrument: DEFAULT_INSTRUMENT };
  const form = useNhsForm({ schema: filterForm, defaultValues: formFromSearch(search), fieldIds: FIELDS });
  usePageTitle('Outcomes report', form.errors.length > 0);

  const instrumentCode = useWatch({ control: form.control, name: 'instrument' });
  const shownInstrument = useRef(instrumentCode);

  // The address holds the filters: Back and Forward, links and reloads all show the same view.
  const { reset, fail, setValue } = form;
  useEffect(() => {
    const fromAddress = formFromSearch(search);
    shownInstrument.current = fromAddress.instrument;
    reset(fromAddress);
    const p = filterForm.safeParse(formFromSearch(search));
    fail(
      p.success
        ? []
        : errorsByPath(
            p.error.issues.map((i): [string, string] => [i.path.map(String).join('.'), i.message]),
            FIELDS,
            'instrument',
          ),
    );
  }, [search, reset, fail]);

  // Another measure has other questions: choosing one clears the question.
  useEffect(() => {
    if (shownInstrument.current !== instrumentCode) setValue('item', '');
    shownInstrument.current = instrumentCode;
  }, [instrumentCode, setValue]);

  const report = useQuery({ queryKey: outcomesKeys.report(query), queryFn: ({ signal }) => outcomeReportsApi.outcomes(query, signal) });

  const onSubmit = form.submitWith((filters) => navigate(`/reports/outcomes${queryString(filters)}`));

  const options = report.data?.options ?? null;
  const instrument = options?.instruments.find((i) => i.code === instrumentCode);
  const opt = (list: readonly { id: string; name: string }[] | undefined, any: string) => [
    { value: '', label: any },
    ...(list ?? []).map((o) => ({ value: o.id, label: o.name })),
  ];
  const err = form.errorFor;
  const c = form.control;

  return (
    <>
      <ErrorSummary errors={form.errors} />
      <PageHeading caption="Reports">Wellbeing outcomes</PageHeading>
      <p className="nhsuk-body">
        Change in wellbeing scores between the start of support and the latest follow-up, for the people in your area who match the filters.
      </p>

      <form className="lw-filters" onSubmit={onSubmit} noValidate aria-label="Filter the outcomes report" role="search">
        <h2 className="nhsuk-heading-s">Filter</h2>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <SelectField
              control={c}
              name="instrument"
              id="instrument"
              label="Measure"
              error={err('instrument')}
              options={(options?.instruments ?? [{ code: instrumentCode, name: instrumentCode }]).map((i) => ({ value: i.code, label: i.name }))}
            />
          </div>
          {instrument?.perItem === true ? (
            <div className="nhsuk-grid-column-one-half">
              <SelectField
                control={c}
                name="item"
                id="item"
                label="Question"
                error={err('item')}
                options={[{ value: '', label: 'Every question, separately' }, ...instrument.items.map((i) => ({ value: i.id, label: i.label }))]}
              />
            </div>
          ) : null}
        </div>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <IsoDateField control={c} name="from" id="from" legend="Support started from" error={err('from')} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <IsoDateField control={c} name="to" id="to" legend="Support started up to" error={err('to')} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              control={c}
              name="need"
              id="need"
              label="Need"
              error={err('need')}
              options={[{ value: '', label: 'Any need' }, ...NEEDS.map((n) => ({ value: n.code, label: n.label }))]}
            />
          </div>
        </div>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <SelectField control={c} name="pcn" id="pcn" label="PCN" error={err('pcn')} options={opt(options?.pcns, 'Every PCN you cover')} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              control={c}
              name="practice"
              id="practice"
              label="Practice"
              error={err('practice')}
              options={opt(options?.practices, 'Every practice')}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              control={c}
              name="linkWorker"
              id="linkWorker"
              label="Link worker"
              error={err('linkWorker')}
              options={opt(options?.linkWorkers, 'Every link worker')}
            />
          </div>
        </div>
        {/* Commissioners only ever get suppressed figures; everyone else may choose. */}
        {me.user.role !== 'commissioner' ? (
          <SelectField
            control={c}
            name="disclosure"
            id="disclosure"
            label="Figures"
            hint="Choose the suppressed version to prepare figures that will leave the PCN."
            error={err('disclosure')}
            options={[
              { value: '', label: 'Exact' },
              { value: 'suppressed', label: 'Suppressed (for publication)' },
            ]}
          />
        ) : null}
        <div className="nhsuk-button-group">
          <Button>Show figures</Button>
          <Link className="nhsuk-link" to="/reports/outcomes">
            Clear filters
          </Link>
          <a className="nhsuk-link" href={`/api/v1/reports/outcomes.csv${queryString(query)}`} download data-testid="outcomes-csv">
            Download CSV<span className="nhsuk-u-visually-hidden"> of these figures</span>
          </a>
        </div>
      </form>

      {report.isPending ? <Loading what="the outcomes report" /> : null}
      {report.isError ? <LoadFailed message={problemOf(report.error).message} /> : null}
      {report.isSuccess ? <Report r={report.data} /> : null}
    </>
  );
}
