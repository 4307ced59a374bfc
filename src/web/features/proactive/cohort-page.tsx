import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { COHORT_RULE_CODES, type CohortMode, type CohortRuleCode } from '../../../domain/proactive/cohort-rules.ts';
import type { CohortMemberView, CohortRunView, FairnessView } from '../../../domain/schemas/proactive.ts';
import { fairnessReasonBodySchema } from '../../../domain/schemas/proactive.ts';
import { isApiError } from '../../api.ts';
import { problemOf } from '../../queries.ts';
import { Link, navigate, useSearchParams } from '../../router.tsx';
import { Checkboxes, Radios, Textarea } from '../../ui/fields.tsx';
import { Button, ErrorSummary, type FieldError, LoadFailed, Loading, PageHeading, Tag, usePageTitle, WarningCallout } from '../../ui/kit.tsx';
import { formatDate, formatDateTime } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { cohortApi, cohortKeys, type CohortRunList } from './cohort-api.ts';

/**
 * Proactive identification for leads (issue 12): choose practices and rules, run them over the
 * practices' own extracts, and see the fairness check FIRST — who the cohort under-represents —
 * before the people found. A run whose check flags a group offers no outreach until a lead
 * records why it may go ahead. NHS numbers are shown only here, to a lead, and every view of a
 * run is audited on the server.
 */

const SEX_LABELS: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Not known' };
const STATUS_TEXT = { ok: 'Proportionate', too_few: 'Too few to judge', by_design: 'Selected by a rule' } as const;

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function StatusCell({ status }: { status: FairnessView['dimensions'][number]['groups'][number]['status'] }) {
  if (status === 'flagged') return <Tag colour="red">Under-represented</Tag>;
  if (status === 'ok') return <>{STATUS_TEXT.ok}</>;
  return <span className="nhsuk-u-secondary-text-colour">{STATUS_TEXT[status]}</span>;
}

/** The fairness check: one table per dimension, flagged groups marked, and the reason form while blocked. */
function FairnessSection({ run }: { run: CohortRunView }) {
  const f = run.fairness;
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const save = useMutation({
    mutationFn: (reason: string) => cohortApi.recordReason(run.id, { text: reason }),
    onSuccess: (updated) => {
      queryClient.setQueryData(cohortKeys.run(run.id), updated);
      void queryClient.invalidateQueries({ queryKey: cohortKeys.list() });
    },
    onError: (err) => setError(isApiError(err) ? (err.fields['text'] ?? err.message) : problemOf(err).message),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = fairnessReasonBodySchema.safeParse({ text });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Say why the cohort may go ahead');
      return;
    }
    setError(undefined);
    save.mutate(parsed.data.text);
  };
  return (
    <section aria-labelledby="fairness-heading" data-testid="fairness-check">
      <h2 className="nhsuk-heading-m" id="fairness-heading">
        Fairness check
      </h2>
      <p className="nhsuk-body">
        Who this cohort found, against the {f.eligible.toLocaleString('en-GB')} people it could have found (everyone in the extracts, in the rules’ age range,
        not excluded). The index is the group’s share of the cohort divided by its share of the eligible population: 1.00 is proportionate; below{' '}
        {f.threshold.toFixed(2)} the group is under-represented. Groups with fewer than {f.minGroup} eligible people are too few to judge.
      </p>
      {f.blocked ? (
        <WarningCallout label="Outreach is blocked" testId="fairness-blocked">
          <p>
            {f.flagged.length === 1 ? 'One group is' : `${f.flagged.length} groups are`} under-represented. Before anyone is invited, record why this cohort may
            go ahead — or change the rules and run again.
          </p>
        </WarningCallout>
      ) : f.reason !== null ? (
        <div className="nhsuk-inset-text" data-testid="fairness-reason">
          <p>
            Reason recorded {formatDateTime(f.reason.at)}: {f.reason.text}
          </p>
        </div>
      ) : null}
      {f.dimensions.map((d) => (
        <Table
          key={d.dimension}
          caption={d.label}
          captionStyle="s"
          responsive
          testId={`fairness-${d.dimension}`}
          rows={d.groups}
          rowKey={(g) => g.group}
          rowAttributes={(g) => ({ 'data-status': g.status })}
          columns={[
            { key: 'group', header: 'Group', rowHeader: true, cell: (g) => (g.status === 'flagged' ? <strong>{g.label}</strong> : g.label) },
            { key: 'eligible', header: 'Eligible', numeric: true, cell: (g) => `${g.eligible.toLocaleString('en-GB')} (${pct(g.eligibleShare)})` },
            { key: 'cohort', header: 'Cohort', numeric: true, cell: (g) => `${g.cohort.toLocaleString('en-GB')} (${pct(g.cohortShare)})` },
            {
              key: 'index',
              header: 'Index',
              numeric: true,
              cell: (g) => (g.index === null ? '–' : g.status === 'flagged' ? <strong>{g.index.toFixed(2)}</strong> : g.index.toFixed(2)),
            },
            { key: 'status', header: 'Status', cell: (g) => <StatusCell status={g.status} /> },
          ]}
        />
      ))}
      {f.dimensions.some((d) => d.byDesign !== null) ? (
        <p className="nhsuk-body-s">
          {f.dimensions
            .filter((d) => d.byDesign !== null)
            .map((d) => `${d.label} is what rule ${d.byDesign ?? ''} selects on, so it is shown but not judged.`)
            .join(' ')}
        </p>
      ) : null}
      {f.blocked ? (
        <form onSubmit={submit} noValidate data-testid="fairness-reason-form">
          {error === undefined ? null : <ErrorSummary errors={[{ id: 'fairness-reason-text', message: error }]} />}
          <Textarea
            id="fairness-reason-text"
            label="Why may this cohort go ahead?"
            hint="For example: the rule is about fit notes, and few people in this group had one. This is kept with the run."
            value={text}
            onChange={setText}
            error={error}
            rows={3}
          />
          <Button busy={save.isPending}>Record the reason</Button>
        </form>
      ) : null}
    </section>
  );
}

/** The people found: NHS number, age, sex, reasons as tags, score; sortable by score. */
function PeopleSection({ run }: { run: CohortRunView }) {
  const [order, setOrder] = useState<'desc' | 'asc'>('desc');
  const rows = [...run.members].sort((a, b) => (order === 'desc' ? b.score - a.score : a.score - b.score));
  return (
    <section aria-labelledby="people-heading" data-testid="cohort-people">
      <h2 className="nhsuk-heading-m" id="people-heading">
        People found ({run.people.toLocaleString('en-GB')})
      </h2>
      {run.members.length === 0 ? (
        <p className="nhsuk-body">Nobody matched the chosen rules without an exclusion.</p>
      ) : (
        <>
          <p className="nhsuk-body-s">
            The score adds the weight of each rule the person matches ({run.rules.map((r) => `${r.code} ${r.weight}`).join(', ')}).{' '}
            <button type="button" className="lw-link-button" onClick={() => setOrder(order === 'desc' ? 'asc' : 'desc')} data-testid="sort-score">
              Sort by score, {order === 'desc' ? 'lowest' : 'highest'} first
            </button>
          </p>
          <Table<CohortMemberView>
            caption="People found by the cohort rules"
            captionStyle="hidden"
            responsive
            testId="cohort-people-table"
            rows={rows}
            rowKey={(m) => `${m.practice ?? ''}-${m.nhsNumber}`}
            columns={[
              { key: 'nhs', header: 'NHS number', rowHeader: true, className: 'lw-nowrap', cell: (m) => formatNhsNumber(m.nhsNumber) },
              run.practices.length > 1 ? { key: 'practice', header: 'Practice', cell: (m) => m.practice ?? '' } : null,
              { key: 'age', header: 'Age', numeric: true, cell: (m) => m.age },
              { key: 'sex', header: 'Sex', cell: (m) => SEX_LABELS[m.sex] ?? m.sex },
              {
                key: 'reasons',
                header: 'Why',
                cell: (m) => (
                  <>
                    {m.reasons.map((r) => (
                      <span key={r.rule} className="lw-tag-gap" title={r.because}>
                        <Tag colour="blue">{r.rule}</Tag> <span className="nhsuk-body-s">{r.because}</span>{' '}
                      </span>
                    ))}
                  </>
                ),
              },
              { key: 'score', header: 'Score', numeric: true, cell: (m) => m.score },
            ]}
          />
        </>
      )}
    </section>
  );
}

/** A run: what it read and found, the fairness check first, then outreach (if allowed) and the people. */
function RunResult({ run }: { run: CohortRunView }) {
  return (
    <div data-testid="cohort-run" data-run-id={run.id}>
      <h2 className="nhsuk-heading-l">Cohort of {formatDateTime(run.createdAt)}</h2>
      <p className="nhsuk-body">
        {run.screened.toLocaleString('en-GB')} people screened in{' '}
        {run.practices.map((p) => `${p.ods ?? 'a practice'} (extract of ${formatDate(p.extractDate)})`).join(', ')}; {run.people.toLocaleString('en-GB')} found,
        matching {run.mode === 'all' ? 'every' : 'any'} chosen rule. Rules {run.rulesVersion}.
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet" data-testid="cohort-rule-counts">
        {run.rules.map((r) => (
          <li key={r.code}>
            <strong>{r.code}</strong> ({r.found.toLocaleString('en-GB')} found): {r.definition}
          </li>
        ))}
        {Object.entries(run.excluded).map(([code, n]) => (
          <li key={code}>
            Excluded ({code.replaceAll('_', ' ')}): {n.toLocaleString('en-GB')}
          </li>
        ))}
      </ul>
      <FairnessSection run={run} />
      {run.blocked ? (
        <p className="nhsuk-body" data-testid="outreach-blocked">
          Outreach can start once a reason is recorded above.
        </p>
      ) : run.people > 0 ? (
        <p className="nhsuk-body">
          <Link to={`/proactive/outreach?run=${encodeURIComponent(run.id)}`} className="nhsuk-button" data-testid="start-outreach">
            Start outreach
          </Link>
        </p>
      ) : null}
      <PeopleSection run={run} />
    </div>
  );
}

function RunForm({ options, onRun }: { options: CohortRunList['options']; onRun: (run: CohortRunView) => void }) {
  const queryClient = useQueryClient();
  const [practices, setPractices] = useState<string[]>(() => options.practices.flatMap((p) => (p.ods === null ? [] : [p.ods])));
  const [rules, setRules] = useState<string[]>(['FN-1']);
  const [mode, setMode] = useState<CohortMode>('any');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const run = useMutation({
    mutationFn: () => cohortApi.run({ practices, rules: COHORT_RULE_CODES.filter((c): c is CohortRuleCode => rules.includes(c)), mode }),
    onSuccess: (r) => {
      queryClient.setQueryData(cohortKeys.run(r.id), r);
      void queryClient.invalidateQueries({ queryKey: cohortKeys.list() });
      onRun(r);
    },
    onError: (err) => setErrors([{ id: 'cohort-rules', message: problemOf(err).message }]),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (practices.length === 0) problems.push({ id: 'cohort-practices', message: 'Choose at least one practice' });
    if (rules.length === 0) problems.push({ id: 'cohort-rules', message: 'Choose at least one rule' });
    setErrors(problems);
    if (problems.length === 0) run.mutate();
  };
  const errorFor = (id: string) => errors.find((x) => x.id === id)?.message;
  if (options.practices.length === 0)
    return (
      <p className="nhsuk-body" data-testid="no-practice-data">
        No practice data has been imported for the practices you cover yet. A practice exports its search and an administrator imports it (
        <code>linkwork practice-data import</code>).
      </p>
    );
  return (
    <form onSubmit={submit} noValidate data-testid="cohort-form">
      {errors.length === 0 ? null : <ErrorSummary errors={errors} />}
      <Checkboxes
        id="cohort-practices"
        legend="Practices"
        hint="Each practice’s latest extract is used."
        small
        items={options.practices.flatMap((p) =>
          p.ods === null ? [] : [{ value: p.ods, label: `${p.name} (${p.ods})`, hint: `Extract of ${formatDate(p.extractDate)}` }],
        )}
        values={practices}
        onChange={setPractices}
        error={errorFor('cohort-practices')}
      />
      <Checkboxes
        id="cohort-rules"
        legend="Find people who match"
        items={options.rules.map((r) => ({ value: r.code, label: `${r.code} (weight ${r.weight})`, hint: r.definition }))}
        values={rules}
        onChange={setRules}
        error={errorFor('cohort-rules')}
      />
      <Radios
        id="cohort-mode"
        legend="When several rules are chosen"
        small
        items={[
          { value: 'any', label: 'Find people matching any of them' },
          { value: 'all', label: 'Find only people matching all of them' },
        ]}
        value={mode}
        onChange={(v) => setMode(v === 'all' ? 'all' : 'any')}
      />
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Who is never found</span>
        </summary>
        <div className="nhsuk-details__text">
          <ul className="nhsuk-list nhsuk-list--bullet">
            {options.exclusions.map((x) => (
              <li key={x.code}>{x.label}</li>
            ))}
          </ul>
        </div>
      </details>
      <Button busy={run.isPending}>Find people</Button>
    </form>
  );
}

/** `/proactive`: run cohorts, see the fairness check first, then the people. `?run=<id>` opens a saved run. */
export function CohortPage() {
  usePageTitle('Find people to invite');
  const runId = useSearchParams().get('run');
  const list = useQuery({ queryKey: cohortKeys.list(), queryFn: ({ signal }) => cohortApi.list(signal) });
  const run = useQuery({
    queryKey: cohortKeys.run(runId ?? ''),
    queryFn: ({ signal }) => cohortApi.get(runId ?? '', signal),
    enabled: runId !== null,
  });
  return (
    <>
      <PageHeading caption="Proactive social prescribing">Find people to invite</PageHeading>
      <p className="nhsuk-body">
        Search your practices’ own data for people likely to benefit from social prescribing — repeat fit notes, several long-term conditions, deprivation, no
        recent health check, frequent appointments — and check the cohort is fair before anyone is invited.
      </p>
      {runId !== null ? (
        <>
          <p className="nhsuk-body">
            <Link to="/proactive">Run a new cohort</Link>
          </p>
          {run.isPending ? <Loading what="the cohort" /> : null}
          {run.isError ? <LoadFailed message={problemOf(run.error).message} /> : null}
          {run.data === undefined ? null : <RunResult run={run.data} />}
        </>
      ) : (
        <>
          {list.isPending ? <Loading what="the rules and practices" /> : null}
          {list.isError ? <LoadFailed message={problemOf(list.error).message} /> : null}
          {list.data === undefined ? null : (
            <>
              <RunForm options={list.data.options} onRun={(r) => navigate(`/proactive?run=${encodeURIComponent(r.id)}`)} />
              {list.data.runs.length === 0 ? null : (
                <Table
                  caption="Earlier cohorts"
                  captionStyle="m"
                  responsive
                  testId="cohort-runs"
                  rows={list.data.runs}
                  rowKey={(r) => r.id}
                  columns={[
                    {
                      key: 'when',
                      header: 'Run',
                      rowHeader: true,
                      cell: (r) => <Link to={`/proactive?run=${encodeURIComponent(r.id)}`}>{formatDateTime(r.createdAt)}</Link>,
                    },
                    { key: 'rules', header: 'Rules', cell: (r) => r.rules.map((x) => x.code).join(r.mode === 'all' ? ' and ' : ', ') },
                    { key: 'practices', header: 'Practices', cell: (r) => r.practices.map((p) => p.ods ?? '').join(', ') },
                    { key: 'people', header: 'People', numeric: true, cell: (r) => r.people },
                    {
                      key: 'fairness',
                      header: 'Fairness',
                      cell: (r) =>
                        r.blocked ? (
                          <Tag colour="red">Blocked</Tag>
                        ) : r.flaggedGroups > 0 ? (
                          <Tag colour="yellow">Reason recorded</Tag>
                        ) : (
                          <Tag colour="green">Passed</Tag>
                        ),
                    },
                  ]}
                />
              )}
            </>
          )}
        </>
      )}
    </>
  );
}
