import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { isOpen, type CaseStatus } from '../../../domain/case-lifecycle.ts';
import {
  MODE_LABELS,
  OUTCOME_MODES,
  OUTCOME_TIMEPOINTS,
  TIMEPOINT_LABELS,
  type OutcomeTimepoint,
  type ResponseOption,
} from '../../../domain/instruments/index.ts';
import { recordOutcomeBodySchema, type CaseInstrumentOutcomesView, type InstrumentView, type ScoreChangeView } from '../../../domain/schemas/outcomes.ts';
import { createOutcomeLinkBodySchema, type OutcomeLinkCreatedView, type OutcomeLinkView } from '../../../domain/schemas/self-completion.ts';
import { problemOf } from '../../queries.ts';
import { instrumentsApi, outcomeLinksApi, outcomesApi, outcomesKeys, type RecordOutcomeRequest } from '../outcomes/outcomes-api.ts';
import { ScoreChart } from '../outcomes/score-chart.tsx';
import { Button, LoadFailed, Loading, Tag } from '../../ui/kit.tsx';
import { RadiosField, ScaleRadiosField, SelectField, TextField, IsoDateField } from '../../ui/form-fields.tsx';
import { errorFor, formSchema, useNhsForm } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { useCan } from '../../session.tsx';
import { expiryWords, isNumericScale } from '../outcomes/questionnaire-page.tsx';
import type { FormHost } from './host.ts';
import { nowParts } from './parts.tsx';

/**
 * The case's wellbeing outcomes: per questionnaire, the scores over time with their bands, the
 * change since baseline judged against the meaningful change (or said plainly when none is
 * established), a small chart with its figures in a table; then recording an administration and
 * making a one-time link for the person to answer on their own phone.
 */

type Administration = CaseInstrumentOutcomesView['administrations'][number];

/** "life_satisfaction" → "Life satisfaction": short names for item-by-item reporting. */
export const itemName = (id: string): string => {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

const byDate = (a: Administration, b: Administration): number => a.administeredOn.localeCompare(b.administeredOn) || a.recordedAt.localeCompare(b.recordedAt);

const whenLabel = (a: Administration): string => `${TIMEPOINT_LABELS[a.timepoint]}, ${formatDate(a.administeredOn)}`;

/** The change in words: "improved by 3 (4 → 7) — more than the meaningful change of 2; band Low → High". */
export function changeWords(ch: ScoreChangeView): string {
  const size = fmt(Math.abs(ch.difference));
  const span = `(${fmt(ch.from)} → ${fmt(ch.to)})`;
  let words: string;
  if (ch.difference === 0) words = `no change ${`(${fmt(ch.to)})`}`;
  else if (ch.verdict === 'improved') words = `improved by ${size} ${span}`;
  else if (ch.verdict === 'worsened') words = `worse by ${size} ${span}`;
  else words = `${ch.difference > 0 ? 'up' : 'down'} ${size} ${span}`;
  if (ch.basis === 'meaningful_change' && ch.meaningfulChange !== null && ch.difference !== 0) {
    const mc = fmt(ch.meaningfulChange);
    const d = Math.abs(ch.difference);
    if (d > ch.meaningfulChange + 1e-9) words += ` — more than the meaningful change of ${mc}`;
    else if (d >= ch.meaningfulChange - 1e-9) words += ` — as large as the meaningful change of ${mc}`;
    else words += ` — less than the meaningful change of ${mc}, so not counted as a change`;
  }
  if (ch.bandFrom !== null && ch.bandTo !== null) {
    words += ch.bandFrom.code === ch.bandTo.code ? `; still ${ch.bandTo.label}` : `; ${ch.bandFrom.label} → ${ch.bandTo.label}`;
  }
  return words;
}

function VerdictTag({ ch }: { ch: ScoreChangeView }) {
  if (ch.verdict === 'improved') return <Tag colour="green">Better</Tag>;
  if (ch.verdict === 'worsened') return <Tag colour="red">Worse</Tag>;
  return <Tag colour="grey">{ch.difference === 0 ? 'No change' : 'Little change'}</Tag>;
}

/** The y-axis range: from the answers the items offer, or the external score's range, or the bands. */
function scoreRange(inst: InstrumentView, values: number[]): { min: number; max: number } {
  if (inst.external !== null) return { min: inst.external.scoreMin, max: inst.external.scoreMax };
  const optionValues = (o: readonly ResponseOption[]) => o.map((x) => x.value);
  if (inst.method === 'per_item') {
    const all = inst.items.flatMap((i) => optionValues(i.options));
    return { min: Math.min(...all), max: Math.max(...all) };
  }
  if (inst.method === 'sum') {
    return {
      min: inst.items.reduce((s, i) => s + Math.min(...optionValues(i.options)), 0),
      max: inst.items.reduce((s, i) => s + Math.max(...optionValues(i.options)), 0),
    };
  }
  if (inst.bands !== null && inst.bands.bands.length > 0)
    return { min: Math.min(...inst.bands.bands.map((b) => b.min)), max: Math.max(...inst.bands.bands.map((b) => b.max)) };
  return { min: Math.floor(Math.min(...values)), max: Math.ceil(Math.max(...values)) };
}

const primaryName = (inst: InstrumentView): string => (inst.method === 'sum' ? 'Total' : 'Score');

function scoresText(inst: InstrumentView, a: Administration): string {
  const s = a.scores;
  const band = (b: { label: string } | null) => (b === null ? '' : ` (${b.label})`);
  if (s.method === 'per_item') return s.items.map((i) => `${itemName(i.id)} ${fmt(i.value)}${band(i.band)}`).join('; ');
  if (s.method === 'external') return `Score ${s.score === null ? '–' : fmt(s.score)}${band(s.band)}`;
  if (s.method === 'conversion_table') return `Raw ${s.total === null ? '–' : fmt(s.total)}, score ${s.metric === null ? '–' : fmt(s.metric)}${band(s.band)}`;
  return `${primaryName(inst)} ${s.total === null ? '–' : fmt(s.total)}${band(s.band)}`;
}

function InstrumentHistory({ entry, index }: { entry: CaseInstrumentOutcomesView; index: number }) {
  const inst = entry.instrument;
  const admins = [...entry.administrations].sort(byDate);
  const latestWithChange = [...admins].reverse().find((a) => a.changeFromBaseline !== null);
  const change = latestWithChange?.changeFromBaseline ?? null;
  const perItem = inst.method === 'per_item';
  const series = perItem
    ? inst.items.map((item) => ({ label: itemName(item.id), values: admins.map((a) => a.scores.items.find((i) => i.id === item.id)?.value ?? null) }))
    : [{ label: primaryName(inst), values: admins.map((a) => a.scores.primary) }];
  const range = scoreRange(
    inst,
    series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
  );
  const noThreshold = perItem ? inst.items.every((i) => i.meaningfulChange?.value == null) : inst.meaningfulChange?.value == null;
  const thresholdSource = perItem ? inst.items.find((i) => i.meaningfulChange !== null)?.meaningfulChange?.source : inst.meaningfulChange?.source;
  const bandSource = perItem ? inst.items.find((i) => i.bandsSource !== null)?.bandsSource : inst.bands?.source;
  const id = `outcome-${index}`;

  return (
    <div className="lw-outcome" data-testid={`outcome-${inst.code}`}>
      <h3 className="nhsuk-heading-s">{inst.name}</h3>
      {change === null || latestWithChange === undefined ? (
        <p className="nhsuk-body" data-testid={`outcome-${inst.code}-no-change`}>
          {admins.some((a) => a.timepoint === 'baseline')
            ? 'No follow-up yet: the change shows once a review or final is recorded.'
            : 'No baseline recorded yet: change is measured from the baseline.'}
        </p>
      ) : (
        <div data-testid={`outcome-${inst.code}-change`}>
          <p className="nhsuk-body">
            Since baseline, at the {TIMEPOINT_LABELS[latestWithChange.timepoint].toLowerCase()} on {formatDate(latestWithChange.administeredOn)}:
          </p>
          <ul className="nhsuk-list lw-change-list">
            {change.items.map((ch) => (
              <li key={ch.id}>
                <VerdictTag ch={ch} /> <strong>{itemName(ch.id)}</strong>: {changeWords(ch)}
              </li>
            ))}
            {change.primary === null ? null : (
              <li>
                <VerdictTag ch={change.primary} /> <strong>{primaryName(inst)}</strong>: {changeWords(change.primary)}
              </li>
            )}
          </ul>
          {noThreshold ? (
            <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
              No meaningful change is established for this measure, so any change is shown.
              {thresholdSource === undefined ? null : ` Source: ${thresholdSource}.`}
            </p>
          ) : null}
        </div>
      )}
      {admins.length === 0 ? null : (
        <ScoreChart
          id={id}
          title={`${inst.name} over time`}
          xLabels={admins.map(whenLabel)}
          series={series}
          yMin={range.min}
          yMax={range.max}
          yLabel={perItem ? `Score ${range.min} to ${range.max}` : `${primaryName(inst)} ${range.min} to ${range.max}`}
        />
      )}
      <Table
        testId={`${id}-administrations`}
        caption="Answers recorded, with bands"
        captionStyle="s"
        rows={admins}
        rowKey={(a) => a.id}
        columns={[
          { key: 'when', header: 'When', cell: (a) => whenLabel(a) },
          { key: 'how', header: 'How', cell: (a) => MODE_LABELS[a.mode] },
          { key: 'scores', header: 'Scores', cell: (a) => scoresText(inst, a) },
        ]}
      />
      {bandSource === undefined || bandSource === null ? null : <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">Bands: {bandSource}</p>}
    </div>
  );
}

const REC = {
  instrument: 'outcome-instrument',
  timepoint: 'outcome-timepoint',
  mode: 'outcome-mode',
  administeredOn: 'outcome-date',
  score: 'outcome-score',
  level: 'outcome-level',
} as const;
const itemField = (itemId: string) => `outcome-item-${itemId}`;

interface RecordValues {
  instrument: string;
  timepoint: string;
  mode: string;
  administeredOn: string;
  /** Item id → the chosen answer's value. */
  answers: Record<string, string>;
  score: string;
  level: string;
}

/**
 * Which input shows a problem: an item's radios for its answer (`answers.anxiety`, or the server's
 * bare `anxiety`), the score and level boxes, else the field named first, else the questionnaire.
 */
const recordFieldIds =
  (instruments: readonly InstrumentView[]) =>
  (path: string): string => {
    const parts = path.split('.');
    const last = parts[parts.length - 1] ?? path;
    const first = parts[0] ?? path;
    if (first === 'answers' || instruments.some((inst) => inst.items.some((i) => i.id === last))) return itemField(last);
    if (last === 'score') return REC.score;
    if (last === 'level') return REC.level;
    return first in REC ? REC[first as keyof typeof REC] : REC.instrument;
  };

/** What only this form knows (the timepoints open now, an item left unanswered), then the shared schema. */
function recordForm(instruments: readonly InstrumentView[], timepoints: readonly OutcomeTimepoint[]) {
  return formSchema(recordOutcomeBodySchema, (v: RecordValues, problem) => {
    const inst = instruments.find((i) => i.code === v.instrument);
    if (inst === undefined) problem('instrument', 'Choose a questionnaire');
    if (!(timepoints as readonly string[]).includes(v.timepoint))
      problem('timepoint', timepoints.length === 1 ? 'Choose final' : 'Choose baseline, review or final');
    if (!(OUTCOME_MODES as readonly string[]).includes(v.mode)) problem('mode', 'Choose how it was completed');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.administeredOn)) problem('administeredOn', 'Enter the date it was completed');
    else if (v.administeredOn > nowParts().date) problem('administeredOn', 'The date must be today or in the past');
    let external: { score: number; level?: number } | undefined;
    const answers: Record<string, number> = {};
    if (inst?.external != null) {
      const n = Number(v.score.trim());
      if (v.score.trim() === '' || !Number.isFinite(n)) problem('external.score', 'Enter the score as a number');
      else if (n < inst.external.scoreMin || n > inst.external.scoreMax)
        problem('external.score', `The score must be between ${inst.external.scoreMin} and ${inst.external.scoreMax}`);
      else external = v.level === '' ? { score: n } : { score: n, level: Number(v.level) };
    } else if (inst !== undefined) {
      inst.items.forEach((item, i) => {
        const answer = v.answers[item.id] ?? '';
        if (answer === '') problem(`answers.${item.id}`, `Choose an answer for question ${i + 1} (${itemName(item.id).toLowerCase()})`);
        else answers[item.id] = Number(answer);
      });
    }
    return {
      instrument: v.instrument,
      version: inst?.version,
      timepoint: v.timepoint || undefined,
      mode: v.mode || undefined,
      administeredOn: v.administeredOn,
      ...(external === undefined ? { answers } : { external }),
    };
  });
}

function RecordOutcomeForm({
  host,
  instruments,
  timepoints,
}: {
  host: FormHost;
  instruments: readonly InstrumentView[];
  timepoints: readonly OutcomeTimepoint[];
}) {
  const queryClient = useQueryClient();
  const form = useNhsForm({
    schema: recordForm(instruments, timepoints),
    defaultValues: { instrument: '', timepoint: '', mode: '', administeredOn: nowParts().date, answers: {}, score: '', level: '' },
    fieldIds: recordFieldIds(instruments),
    fallbackId: REC.instrument,
    report: host.fail,
  });
  const chosen = useWatch({ control: form.control, name: 'instrument' });
  const current = instruments.find((i) => i.code === chosen);
  const err = (id: string) => errorFor(host.errors, id);

  // Another questionnaire starts with no answers.
  const { setValue } = form;
  useEffect(() => setValue('answers', {}), [chosen, setValue]);

  const onSubmit = form.submitWith(async (body: RecordOutcomeRequest) => {
    try {
      await outcomesApi.record(host.caseId, body);
      form.reset({ ...form.getValues(), answers: {}, score: '', level: '', timepoint: '' });
      await queryClient.invalidateQueries({ queryKey: outcomesKeys.caseAdministrations(host.caseId) });
      const name = current?.name ?? body.instrument;
      await host.done(`${name} recorded (${TIMEPOINT_LABELS[body.timepoint].toLowerCase()}, ${MODE_LABELS[body.mode].toLowerCase()}).`);
    } catch (caught) {
      form.failWith(caught);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate data-testid="record-outcome-form" aria-labelledby="record-outcome-heading">
      <SelectField
        control={form.control}
        name="instrument"
        id={REC.instrument}
        label="Questionnaire"
        error={err(REC.instrument)}
        options={[{ value: '', label: 'Choose a questionnaire' }, ...instruments.map((i) => ({ value: i.code, label: i.name }))]}
      />
      <RadiosField
        control={form.control}
        name="timepoint"
        id={REC.timepoint}
        legend="When in their support"
        small
        error={err(REC.timepoint)}
        items={timepoints.map((t) => ({ value: t, label: TIMEPOINT_LABELS[t] }))}
      />
      <RadiosField
        control={form.control}
        name="mode"
        id={REC.mode}
        legend="How it was completed"
        small
        error={err(REC.mode)}
        items={OUTCOME_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
      />
      <IsoDateField control={form.control} name="administeredOn" id={REC.administeredOn} legend="Date completed" error={err(REC.administeredOn)} />
      {current === undefined ? null : current.external !== null ? (
        <div className="lw-inline-fields">
          <TextField
            control={form.control}
            name="score"
            id={REC.score}
            label={`Score (${current.external.scoreMin} to ${current.external.scoreMax})`}
            inputMode="text"
            width="width-5"
            error={err(REC.score)}
          />
          {current.bands === null ? null : (
            <SelectField
              control={form.control}
              name="level"
              id={REC.level}
              label={`${current.external.levelLabel ?? 'Level'} (optional)`}
              error={err(REC.level)}
              options={[{ value: '', label: 'Not given' }, ...current.bands.bands.map((b, i) => ({ value: String(i + 1), label: b.label }))]}
            />
          )}
        </div>
      ) : (
        <fieldset className="nhsuk-fieldset" data-testid="record-outcome-answers">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Their answers</legend>
          {current.instructions === null ? null : <p className="nhsuk-hint">{current.instructions}</p>}
          {current.items.map((item, i) =>
            isNumericScale(item.options) ? (
              <ScaleRadiosField
                key={item.id}
                control={form.control}
                name={`answers.${item.id}`}
                id={itemField(item.id)}
                legend={`${i + 1}. ${item.text}`}
                options={item.options}
                error={err(itemField(item.id))}
              />
            ) : (
              <RadiosField
                key={item.id}
                control={form.control}
                name={`answers.${item.id}`}
                id={itemField(item.id)}
                legend={`${i + 1}. ${item.text}`}
                small
                error={err(itemField(item.id))}
                items={item.options.map((o) => ({ value: String(o.value), label: o.label }))}
              />
            ),
          )}
        </fieldset>
      )}
      <Button busy={form.formState.isSubmitting}>Record answers</Button>
    </form>
  );
}

const LINK = { instrument: 'link-instrument', timepoint: 'link-timepoint' } as const;

function LinkResult({ link, instrumentName, timepoint }: { link: OutcomeLinkCreatedView; instrumentName: string; timepoint: OutcomeTimepoint }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('Link copied. Paste it into a text message or email to them.');
    } catch {
      input.current?.select();
      setCopied('Your browser did not allow copying: the link is selected, so copy it with Ctrl+C (or Cmd+C).');
    }
  };
  return (
    <div className="lw-link-result" data-testid="outcome-link">
      <h4 className="nhsuk-heading-s">
        {instrumentName}, {TIMEPOINT_LABELS[timepoint].toLowerCase()}: link ready
      </h4>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="outcome-link-url">
          Questionnaire link
        </label>
        <div className="nhsuk-hint" id="outcome-link-url-hint">
          It works once, until {expiryWords(link.expiresAt)}. Only they should open it: it shows their first name. Linkwork keeps no copy, so send it now.
        </div>
        <input
          className="nhsuk-input lw-link-url"
          id="outcome-link-url"
          type="text"
          readOnly
          value={link.url}
          ref={input}
          aria-describedby="outcome-link-url-hint"
          onFocus={(e) => e.target.select()}
          data-testid="outcome-link-url"
        />
      </div>
      <Button type="button" variant="secondary" small onClick={() => void copy()}>
        Copy link
      </Button>
      <p className="nhsuk-body-s" role="status" data-testid="outcome-link-copied">
        {copied ?? ''}
      </p>
      {link.replaced > 0 ? <p className="nhsuk-body-s">The earlier unused link for this questionnaire and timepoint no longer works.</p> : null}
      <img
        className="lw-link-qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`}
        alt="QR code of the questionnaire link, to scan with their phone camera"
        width={200}
        height={200}
        data-testid="outcome-link-qr"
      />
    </div>
  );
}

/** A link can be made for a questionnaire the person answers item by item, at a timepoint open now. */
function linkForm(choices: readonly InstrumentView[], timepoints: readonly OutcomeTimepoint[]) {
  return formSchema(createOutcomeLinkBodySchema, (v: { instrument: string; timepoint: string }, problem) => {
    if (!choices.some((i) => i.code === v.instrument)) problem('instrument', 'Choose a questionnaire');
    if (!(timepoints as readonly string[]).includes(v.timepoint))
      problem('timepoint', timepoints.length === 1 ? 'Choose final' : 'Choose baseline, review or final');
    return { instrument: v.instrument, timepoint: v.timepoint || undefined };
  });
}

function OutcomeLinkForm({
  host,
  instruments,
  timepoints,
}: {
  host: FormHost;
  instruments: readonly InstrumentView[];
  timepoints: readonly OutcomeTimepoint[];
}) {
  const queryClient = useQueryClient();
  const choices = instruments.filter((i) => i.external === null && i.items.length > 0);
  const form = useNhsForm({ schema: linkForm(choices, timepoints), defaultValues: { instrument: '', timepoint: '' }, fieldIds: LINK, report: host.fail });
  const [made, setMade] = useState<{ link: OutcomeLinkCreatedView; name: string; timepoint: OutcomeTimepoint } | null>(null);
  const err = (id: string) => errorFor(host.errors, id);

  const onSubmit = form.submitWith(async (body) => {
    const name = choices.find((i) => i.code === body.instrument)?.name ?? body.instrument;
    const link = await outcomesApi.createLink(host.caseId, body);
    setMade({ link, name, timepoint: body.timepoint });
    await queryClient.invalidateQueries({ queryKey: outcomesKeys.caseLinks(host.caseId) });
    await host.done(`Link made for ${name}. Copy it or let them scan the QR code below.`);
  });

  return (
    <>
      <form onSubmit={onSubmit} noValidate data-testid="outcome-link-form" aria-labelledby="outcome-link-heading">
        <SelectField
          control={form.control}
          name="instrument"
          id={LINK.instrument}
          label="Questionnaire"
          error={err(LINK.instrument)}
          options={[{ value: '', label: 'Choose a questionnaire' }, ...choices.map((i) => ({ value: i.code, label: i.name }))]}
        />
        <RadiosField
          control={form.control}
          name="timepoint"
          id={LINK.timepoint}
          legend="When in their support"
          small
          error={err(LINK.timepoint)}
          items={timepoints.map((t) => ({ value: t, label: TIMEPOINT_LABELS[t] }))}
        />
        <Button busy={form.formState.isSubmitting}>Make a link</Button>
      </form>
      {made === null ? null : <LinkResult link={made.link} instrumentName={made.name} timepoint={made.timepoint} />}
    </>
  );
}

const LINK_STATUS: Record<OutcomeLinkView['status'], string> = { waiting: 'Waiting for answers', completed: 'Answered', expired: 'No longer works' };

/** The links made on the case: what each was for and where it stands (the links themselves are not kept). */
function LinksSent({ links }: { links: readonly OutcomeLinkView[] }) {
  if (links.length === 0) return null;
  return (
    <Table
      testId="outcome-links"
      caption="Questionnaire links sent"
      captionStyle="s"
      rows={links}
      rowKey={(l) => l.id}
      columns={[
        {
          key: 'questionnaire',
          header: 'Questionnaire',
          cell: (l) => (
            <>
              {l.instrumentName}, {TIMEPOINT_LABELS[l.timepoint].toLowerCase()}
            </>
          ),
        },
        { key: 'made', header: 'Made', cell: (l) => formatDate(l.createdAt) },
        {
          key: 'status',
          header: 'Status',
          cell: (l) => (
            <>
              <Tag colour={l.status === 'completed' ? 'green' : l.status === 'waiting' ? 'blue' : 'grey'}>{LINK_STATUS[l.status]}</Tag>{' '}
              {l.status === 'completed' && l.usedAt !== null ? formatDate(l.usedAt) : l.status === 'waiting' ? `until ${expiryWords(l.expiresAt)}` : ''}
            </>
          ),
        },
      ]}
    />
  );
}

/** The outcomes section's content on the case page. */
export function CaseOutcomes({ host, status }: { host: FormHost; status: CaseStatus }) {
  // The rule the server applies: an open case, or only a final questionnaire once discharged.
  const timepoints: readonly OutcomeTimepoint[] = isOpen(status) ? OUTCOME_TIMEPOINTS : status === 'discharged' ? ['final'] : [];
  const can = useCan();
  const mayRecord = can('outcome:record');
  const outcomes = useQuery({
    queryKey: outcomesKeys.caseAdministrations(host.caseId),
    queryFn: ({ signal }) => outcomesApi.forCase(host.caseId, signal),
  });
  const links = useQuery({ queryKey: outcomesKeys.caseLinks(host.caseId), queryFn: ({ signal }) => outcomeLinksApi.list(host.caseId, signal) });
  const instruments = useQuery({ queryKey: outcomesKeys.instruments(), queryFn: ({ signal }) => instrumentsApi.list(signal), enabled: mayRecord });
  const usable = instruments.data?.instruments.filter((i) => i.usable) ?? [];
  const recorded = outcomes.data?.instruments.filter((e) => e.administrations.length > 0) ?? [];

  return (
    <>
      {outcomes.isPending ? <Loading what="outcomes" /> : null}
      {outcomes.isError ? <LoadFailed message={problemOf(outcomes.error).message} /> : null}
      {outcomes.isSuccess ? (
        recorded.length === 0 ? (
          <p className="nhsuk-body" data-testid="outcomes-none">
            No wellbeing measures recorded yet. Record a baseline near the start of their support.
          </p>
        ) : (
          recorded.map((entry, i) => <InstrumentHistory key={`${entry.instrument.code}@${entry.instrument.version}`} entry={entry} index={i} />)
        )
      ) : null}
      {links.isSuccess ? <LinksSent links={links.data.links} /> : null}
      {mayRecord && instruments.isSuccess && timepoints.length > 0 ? (
        <>
          <details className="nhsuk-details" data-testid="record-outcome">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text" id="record-outcome-heading">
                Record their answers to a questionnaire
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <RecordOutcomeForm host={host} instruments={usable} timepoints={timepoints} />
            </div>
          </details>
          <details className="nhsuk-details" data-testid="outcome-link-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text" id="outcome-link-heading">
                Send a link for them to answer on their phone
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <p className="nhsuk-body-s">
                They open it without signing in. It shows only their first name and the questions, and works once, for a limited time.
              </p>
              <OutcomeLinkForm host={host} instruments={usable} timepoints={timepoints} />
            </div>
          </details>
        </>
      ) : null}
      {instruments.isError ? <LoadFailed message={problemOf(instruments.error).message} /> : null}
    </>
  );
}
