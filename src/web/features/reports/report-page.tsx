import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import type { ReleasedFigure } from '../../../domain/insight/figures.ts';
import { addMonths, londonDate } from '../../../domain/insight/periods.ts';
import { REPORTS, REPORT_NAMES, type PanelDefinition, type ReportName } from '../../../domain/insight/reports.ts';
import { reportQuerySchema, type ReportQuery, type ReportView } from '../../../domain/schemas/reports.ts';
import { queryString } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Button, ErrorSummary, LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { SelectField } from '../../ui/form-fields.tsx';
import { errorsByPath, formSchema, useNhsForm } from '../../ui/forms.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useMe } from '../../session.tsx';
import { BarChart, FunnelPlot, LineChart, type Bar, type FunnelPoint } from './charts.tsx';
import { formatValue, groupLabel, isSuppression, UNIT_LABELS, WITHHELD_TEXT } from './labels.ts';
import { reportsApi, reportsKeys } from './reports-api.ts';
import { UnmetNeedRegister } from './unmet-register.tsx';

/**
 * One insight report (demand, pathway, reach, unmet need, workload, community services): filters
 * in the address, each panel a chart and the same figures in a table, the definition of each
 * figure printed beneath it, data completeness beside every equity chart, and a CSV download.
 * Commissioners see suppressed figures; the server decides, the page only says so.
 */

const FIELDS = { period: 'period', pcn: 'pcn', practice: 'practice', linkWorker: 'linkWorker', disclosure: 'disclosure' } as const;
type Form = { [K in keyof typeof FIELDS]: string };

function formFromSearch(search: string): Form {
  const p = new URLSearchParams(search);
  const get = (k: string) => p.get(k) ?? '';
  return { period: get('period'), pcn: get('pcn'), practice: get('practice'), linkWorker: get('linkWorker'), disclosure: get('disclosure') };
}

const filterForm = formSchema(reportQuerySchema, (form: Form) => Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '')));

/** Periods to choose from: the last 12 months, the last six quarters, this year and the last two. */
export function periodOptions(today: string): { value: string; label: string }[] {
  const out = [{ value: '', label: 'The last 12 months' }];
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  for (let i = 0; i < 6; i += 1) {
    const d = addMonths(`${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, -3 * i);
    const code = `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    out.push({ value: code, label: i === 0 ? `${code} (this quarter so far)` : code });
  }
  for (let y = year; y > year - 3; y -= 1) out.push({ value: String(y), label: y === year ? `${y} (so far)` : String(y) });
  return out;
}

function Withheld({ f }: { f: ReleasedFigure }) {
  if (f.withheldReason === null) return <span className="nhsuk-u-secondary-text-colour">—</span>;
  return (
    <span className="nhsuk-u-secondary-text-colour">
      {isSuppression(f.withheldReason) ? '* ' : '— '}
      {WITHHELD_TEXT[f.withheldReason]}
    </span>
  );
}

function Cell({ f }: { f: ReleasedFigure | undefined }) {
  if (f === undefined) return <>—</>;
  if (f.value === null) return <Withheld f={f} />;
  return (
    <>
      {formatValue(f.value, f.unit)}
      {f.ci95Lower !== null && f.ci95Upper !== null ? (
        <span className="lw-block nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour">
          {formatValue(f.ci95Lower, f.unit)} to {formatValue(f.ci95Upper, f.unit)}
        </span>
      ) : null}
    </>
  );
}

/** The figures of a panel as a table: one row per group, one column per unit (a two-way breakdown as a cross table). */
function FigureTable({
  figures,
  labels,
  caption,
  testId,
}: {
  figures: readonly ReleasedFigure[];
  labels: Record<string, string>;
  caption: string;
  testId: string;
}) {
  const twoWay = figures.length > 0 && figures.every((f) => f.group.includes('|') || f.group === 'total');
  if (twoWay) {
    const rows = [...new Set(figures.map((f) => f.group.split('|')[0] ?? ''))];
    const cols = [...new Set(figures.map((f) => f.group.split('|')[1] ?? 'total'))];
    const at = (r: string, c: string) => figures.find((f) => f.group === (r === 'total' && c === 'total' ? 'total' : `${r}|${c}`));
    return (
      <div className="lw-table-scroll">
        <table className="nhsuk-table" data-testid={testId}>
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                <span className="nhsuk-u-visually-hidden">Group</span>
              </th>
              {cols.map((c) => (
                <th key={c} className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                  {groupLabel(c, labels)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((r) => (
              <tr key={r} className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="row">
                  {groupLabel(r, labels)}
                </th>
                {cols.map((c) => (
                  <td key={c} className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Cell f={at(r, c)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const units = [...new Set(figures.map((f) => f.unit))];
  const groups = [...new Set(figures.map((f) => f.group))];
  return (
    <div className="lw-table-scroll">
      <table className="nhsuk-table" data-testid={testId}>
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              <span className="nhsuk-u-visually-hidden">Group</span>
            </th>
            {units.map((u) => (
              <th key={u} className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                {UNIT_LABELS[u]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {groups.map((g) => (
            <tr key={g} className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="row">
                {groupLabel(g, labels)}
              </th>
              {units.map((u) => (
                <td key={u} className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Cell f={figures.find((f) => f.group === g && f.unit === u)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function funnelPoints(r: ReportView): { points: FunnelPoint[]; centre: number } | null {
  const of = (b: string, g: string) => r.figures.find((f) => f.metric === 'R3' && f.breakdown === b && f.group === g)?.value ?? null;
  const practices = [...new Set(r.figures.filter((f) => f.metric === 'R3' && f.breakdown === 'practice' && f.group !== 'total').map((f) => f.group))];
  const centre = of('practice', 'total');
  if (centre === null || practices.length === 0) return null;
  const points = practices.flatMap((g): FunnelPoint[] => {
    const size = of('list_size', g);
    if (size === null) return [];
    const l95 = of('limit_95_lower', g);
    const u95 = of('limit_95_upper', g);
    const l998 = of('limit_998_lower', g);
    const u998 = of('limit_998_upper', g);
    return [
      {
        label: groupLabel(g, r.labels),
        size,
        rate: of('practice', g),
        limits: l95 === null || u95 === null || l998 === null || u998 === null ? null : { l95, u95, l998, u998 },
      },
    ];
  });
  return { points, centre };
}

function Chart({ panel, figures, report, id }: { panel: PanelDefinition; figures: readonly ReleasedFigure[]; report: ReportView; id: string }) {
  if (panel.chart === 'table') return null;
  if (panel.chart === 'funnel_plot') {
    const fp = funnelPoints(report);
    return fp === null ? null : <FunnelPlot points={fp.points} centre={fp.centre} testId={`${id}-chart`} />;
  }
  const bars: Bar[] = figures
    .filter((f) => f.unit === panel.chartUnit && (f.group !== 'total' || panel.chart === 'funnel'))
    .filter((f) => panel.chart !== 'funnel' || f.group !== 'total')
    .map((f) => ({ label: groupLabel(f.group, report.labels), figure: f }));
  if (bars.length === 0) return null;
  if (panel.chart === 'line') return <LineChart points={bars} testId={`${id}-chart`} />;
  return <BarChart bars={bars} testId={`${id}-chart`} {...(panel.chartUnit === 'ratio' ? { reference: 1 } : {})} />;
}

/** R4 beside an equity chart: the completeness each figure relies on, greyed below 80%. */
function Completeness({ report }: { report: ReportView }) {
  const fields = report.figures.filter((f) => f.metric === 'R4' && f.breakdown === 'field' && f.unit === 'percent');
  if (fields.length === 0) return null;
  return (
    <div className="nhsuk-card lw-completeness" data-testid="completeness">
      <div className="nhsuk-card__content">
        <h4 className="nhsuk-heading-xs">Data completeness</h4>
        <ul className="nhsuk-list nhsuk-body-s">
          {fields.map((f) => (
            <li key={f.group} className={f.value !== null && f.value < 80 ? 'lw-low' : undefined}>
              {groupLabel(f.group, report.labels)}: {f.value === null ? <Withheld f={f} /> : formatValue(f.value, 'percent')}
              {f.value !== null && f.value < 80 ? ' — below 80%: read these figures with care' : ''}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Panel({ panel, report, index }: { panel: PanelDefinition; report: ReportView; index: number }) {
  const figures = report.figures.filter((f) => f.metric === panel.metric && f.breakdown === panel.breakdown);
  const def = report.definitions.find((d) => d.id === panel.metric);
  const id = `panel-${report.report}-${index}`;
  const lowCompleteness =
    panel.completeness === true && report.figures.some((f) => f.metric === 'R4' && f.breakdown === 'field' && f.value !== null && f.value < 80);
  const body: ReactNode =
    figures.length === 0 ? (
      <p className="nhsuk-body nhsuk-u-secondary-text-colour">No figures for this period and these filters.</p>
    ) : (
      <>
        <Chart panel={panel} figures={figures} report={report} id={id} />
        {panel.chart === 'table' ? (
          <FigureTable figures={figures} labels={report.labels} caption={panel.title} testId={`${id}-table`} />
        ) : (
          // The chart's figures, one click away so a long page stays readable (and always in the page for screen readers).
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">The figures in this chart, as a table</span>
            </summary>
            <div className="nhsuk-details__text">
              <FigureTable figures={figures} labels={report.labels} caption={`${panel.title} (the chart’s figures)`} testId={`${id}-table`} />
            </div>
          </details>
        )}
      </>
    );
  return (
    <section
      aria-labelledby={`${id}-h`}
      className={`lw-report-panel${lowCompleteness ? ' lw-greyed' : ''}`}
      data-testid={`panel-${panel.metric}-${panel.breakdown}`}
    >
      <h3 className="nhsuk-heading-m" id={`${id}-h`}>
        {panel.title} <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">({panel.metric})</span>
      </h3>
      {panel.completeness === true ? (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">{body}</div>
          <div className="nhsuk-grid-column-one-third">
            <Completeness report={report} />
          </div>
        </div>
      ) : (
        body
      )}
      {def === undefined ? null : (
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour" data-testid="definition">
          <strong>
            {def.id} {def.title}
          </strong>{' '}
          (definition version {def.version}): {def.definition}
        </p>
      )}
    </section>
  );
}

/** Links to every report, the current one marked. */
export function ReportsNav({ current }: { current: ReportName | 'outcomes' | null }) {
  return (
    <nav className="lw-subnav" aria-label="Reports">
      <ul className="nhsuk-list lw-inline-list">
        {REPORT_NAMES.map((n) => (
          <li key={n}>
            {n === current ? (
              <strong aria-current="page">{REPORTS[n].title}</strong>
            ) : (
              <Link to={`/reports/${n}`} className="nhsuk-link">
                {REPORTS[n].title}
              </Link>
            )}
          </li>
        ))}
        <li>
          {current === 'outcomes' ? (
            <strong aria-current="page">Wellbeing outcomes</strong>
          ) : (
            <Link to="/reports/outcomes" className="nhsuk-link">
              Wellbeing outcomes
            </Link>
          )}
        </li>
      </ul>
    </nav>
  );
}

/** The page at /reports/<name>. */
export function ReportPage({ name, children }: { name: ReportName; children?: ReactNode }) {
  const def = REPORTS[name];
  const { search } = useLocation();
  const me = useMe();
  const parsed = filterForm.safeParse(formFromSearch(search));
  const query: ReportQuery = parsed.success ? parsed.data : {};
  const form = useNhsForm({ schema: filterForm, defaultValues: formFromSearch(search), fieldIds: FIELDS });
  usePageTitle(`${def.title} report`, form.errors.length > 0);

  const { reset, fail } = form;
  useEffect(() => {
    reset(formFromSearch(search));
    const p = filterForm.safeParse(formFromSearch(search));
    fail(
      p.success
        ? []
        : errorsByPath(
            p.error.issues.map((i): [string, string] => [i.path.map(String).join('.'), i.message]),
            FIELDS,
            'period',
          ),
    );
  }, [search, reset, fail]);

  const report = useQuery({ queryKey: reportsKeys.report(name, query), queryFn: ({ signal }) => reportsApi.get(name, query, signal) });
  const onSubmit = form.submitWith((filters) => navigate(`/reports/${name}${queryString(filters)}`));
  const options = report.data?.options;
  const opt = (list: readonly { id: string; name: string }[] | undefined, any: string) => [
    { value: '', label: any },
    ...(list ?? []).map((o) => ({ value: o.id, label: o.name })),
  ];
  const c = form.control;
  const err = form.errorFor;
  const r = report.data;

  return (
    <>
      <ErrorSummary errors={form.errors} />
      <PageHeading caption="Reports">{def.title}</PageHeading>
      <ReportsNav current={name} />
      <p className="nhsuk-body">{def.summary}</p>
      <form className="lw-filters" onSubmit={onSubmit} noValidate aria-label={`Filter the ${def.title.toLowerCase()} report`} role="search">
        <h2 className="nhsuk-heading-s">Filter</h2>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-quarter">
            <SelectField control={c} name="period" id="period" label="Period" error={err('period')} options={periodOptions(londonDate(new Date()))} />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <SelectField control={c} name="pcn" id="pcn" label="PCN" error={err('pcn')} options={opt(options?.pcns, 'Every PCN you cover')} />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <SelectField
              control={c}
              name="practice"
              id="practice"
              label="Practice"
              error={err('practice')}
              options={opt(options?.practices, 'Every practice')}
            />
          </div>
          {def.linkWorkerFilter ? (
            <div className="nhsuk-grid-column-one-quarter">
              <SelectField
                control={c}
                name="linkWorker"
                id="linkWorker"
                label="Link worker"
                error={err('linkWorker')}
                options={opt(options?.linkWorkers, 'Every link worker')}
              />
            </div>
          ) : null}
        </div>
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
          <Link className="nhsuk-link" to={`/reports/${name}`}>
            Clear filters
          </Link>
          <a className="nhsuk-link" href={`/api/v1/reports/${name}.csv${queryString(query)}`} download data-testid="report-csv">
            Download CSV<span className="nhsuk-u-visually-hidden"> of these figures</span>
          </a>
        </div>
      </form>

      {report.isPending ? <Loading what={`the ${def.title.toLowerCase()} report`} /> : null}
      {report.isError ? <LoadFailed message={problemOf(report.error).message} /> : null}
      {r === undefined ? null : (
        <div data-testid={`report-${name}`}>
          <p className="nhsuk-body-s nhsuk-u-secondary-text-colour" data-testid="report-period">
            {r.period.label} ({r.period.from} to {r.period.to}) · {r.practices.length === 1 ? '1 practice' : `${r.practices.length} practices`} · read{' '}
            {new Date(r.generatedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}
          </p>
          {r.disclosure === 'suppressed' ? (
            <div className="nhsuk-inset-text" data-testid="suppression-note">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>
                Small numbers are suppressed so no one can be identified: counts from 1 to {r.suppression.suppressUpTo} are shown as *, as is a second number
                where a hidden one could be worked out from a total; other counts are rounded to the nearest {r.suppression.roundTo}. Rates and percentages are
                worked out from the exact numbers and hidden when their number is hidden; averages are not shown for fewer than{' '}
                {r.suppression.minPeopleForAverages} people.
              </p>
            </div>
          ) : null}
          {r.notes.length === 0 ? null : (
            <ul className="nhsuk-list nhsuk-body-s" data-testid="report-notes">
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {def.panels.map((p, i) => (
            <Panel key={`${p.metric}-${p.breakdown}`} panel={p} report={r} index={i} />
          ))}
          {name === 'unmet-need' && me.permissions.includes('unmet_need:read_notes') ? (
            <UnmetNeedRegister period={query.period} pcn={query.pcn} practice={query.practice} />
          ) : null}
          {children}
        </div>
      )}
    </>
  );
}
