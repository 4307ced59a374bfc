import { useRef, useState, type FormEvent } from 'react';
import { isOpen, type CaseStatus } from '../../../domain/case-lifecycle.ts';
import {
  MODE_LABELS,
  OUTCOME_MODES,
  OUTCOME_TIMEPOINTS,
  TIMEPOINT_LABELS,
  type OutcomeMode,
  type OutcomeTimepoint,
  type ResponseOption,
} from '../../../domain/instruments/index.ts';
import type { CaseInstrumentOutcomesView, InstrumentView, ScoreChangeView } from '../../../domain/schemas/outcomes.ts';
import type { OutcomeLinkCreatedView, OutcomeLinkView } from '../../../domain/schemas/self-completion.ts';
import { isApiError } from '../../api.ts';
import { instrumentsApi, outcomeLinksApi, outcomesApi, type RecordOutcomeRequest } from '../outcomes/outcomes-api.ts';
import { ScoreChart } from '../outcomes/score-chart.tsx';
import { Button, LoadFailed, Loading, Radios, Tag, type FieldError } from '../../ui/kit.tsx';
import { errorFor } from '../../ui/forms.ts';
import { formatDate } from '../../ui/labels.ts';
import { useCan } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { expiryWords, isNumericScale, ScaleQuestion } from '../outcomes/questionnaire-page.tsx';
import type { FormHost } from './host.ts';
import { Input, SmallSelect, nowParts } from './parts.tsx';

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
      <table className="nhsuk-table" data-testid={`${id}-administrations`}>
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">Answers recorded, with bands</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              When
            </th>
            <th className="nhsuk-table__header" scope="col">
              How
            </th>
            <th className="nhsuk-table__header" scope="col">
              Scores
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {admins.map((a) => (
            <tr className="nhsuk-table__row" key={a.id}>
              <td className="nhsuk-table__cell">{whenLabel(a)}</td>
              <td className="nhsuk-table__cell">{MODE_LABELS[a.mode]}</td>
              <td className="nhsuk-table__cell">{scoresText(inst, a)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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

/** Maps the server's field paths (`timepoint`, `answers.anxiety`, `anxiety`, `external.score`) to this form's inputs. */
function recordErrors(err: unknown, inst: InstrumentView | undefined): FieldError[] {
  if (!isApiError(err)) return [{ id: REC.instrument, message: 'Something went wrong. Try again.' }];
  const out: FieldError[] = [];
  const itemIds = new Set(inst?.items.map((i) => i.id) ?? []);
  for (const [path, message] of Object.entries(err.fields)) {
    const parts = path.split('.');
    const last = parts[parts.length - 1] ?? path;
    const first = parts[0] ?? path;
    const id = itemIds.has(last)
      ? itemField(last)
      : last === 'score'
        ? REC.score
        : last === 'level'
          ? REC.level
          : first in REC
            ? REC[first as keyof typeof REC]
            : REC.instrument;
    if (!out.some((e) => e.id === id)) out.push({ id, message });
  }
  return out.length > 0 ? out : [{ id: REC.instrument, message: err.message }];
}

function RecordOutcomeForm({
  host,
  instruments,
  timepoints,
  onRecorded,
}: {
  host: FormHost;
  instruments: readonly InstrumentView[];
  timepoints: readonly OutcomeTimepoint[];
  onRecorded: () => void;
}) {
  const [code, setCode] = useState('');
  const [timepoint, setTimepoint] = useState('');
  const [mode, setMode] = useState('');
  const [date, setDate] = useState(nowParts().date);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [score, setScore] = useState('');
  const [level, setLevel] = useState('');
  const [busy, setBusy] = useState(false);
  const err = (id: string) => errorFor(host.errors, id);
  const inst = instruments.find((i) => i.code === code);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldError[] = [];
    if (inst === undefined) local.push({ id: REC.instrument, message: 'Choose a questionnaire' });
    if (!(timepoints as readonly string[]).includes(timepoint))
      local.push({ id: REC.timepoint, message: timepoints.length === 1 ? 'Choose final' : 'Choose baseline, review or final' });
    if (!(OUTCOME_MODES as readonly string[]).includes(mode)) local.push({ id: REC.mode, message: 'Choose how it was completed' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) local.push({ id: REC.administeredOn, message: 'Enter the date it was completed' });
    else if (date > nowParts().date) local.push({ id: REC.administeredOn, message: 'The date must be today or in the past' });
    let external: { score: number; level?: number } | undefined;
    if (inst?.external != null) {
      const n = Number(score.trim());
      if (score.trim() === '' || !Number.isFinite(n)) local.push({ id: REC.score, message: 'Enter the score as a number' });
      else if (n < inst.external.scoreMin || n > inst.external.scoreMax)
        local.push({ id: REC.score, message: `The score must be between ${inst.external.scoreMin} and ${inst.external.scoreMax}` });
      else external = level === '' ? { score: n } : { score: n, level: Number(level) };
    } else if (inst !== undefined) {
      inst.items.forEach((item, i) => {
        if (answers[item.id] === undefined)
          local.push({ id: itemField(item.id), message: `Choose an answer for question ${i + 1} (${itemName(item.id).toLowerCase()})` });
      });
    }
    if (local.length > 0 || inst === undefined) {
      host.fail(local);
      return;
    }
    const body: RecordOutcomeRequest = {
      instrument: inst.code,
      version: inst.version,
      timepoint: timepoint as OutcomeTimepoint,
      mode: mode as OutcomeMode,
      administeredOn: date,
      ...(external === undefined ? { answers: Object.fromEntries(inst.items.map((i) => [i.id, answers[i.id] ?? 0])) } : { external }),
    };
    setBusy(true);
    try {
      await outcomesApi.record(host.caseId, body);
      setAnswers({});
      setScore('');
      setLevel('');
      setTimepoint('');
      onRecorded();
      await host.done(
        `${inst.name} recorded (${TIMEPOINT_LABELS[timepoint as OutcomeTimepoint].toLowerCase()}, ${MODE_LABELS[mode as OutcomeMode].toLowerCase()}).`,
      );
    } catch (caught) {
      host.fail(recordErrors(caught, inst));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="record-outcome-form" aria-labelledby="record-outcome-heading">
      <SmallSelect
        id={REC.instrument}
        label="Questionnaire"
        value={code}
        onChange={(v) => {
          setCode(v);
          setAnswers({});
        }}
        error={err(REC.instrument)}
        options={[{ value: '', label: 'Choose a questionnaire' }, ...instruments.map((i) => ({ value: i.code, label: i.name }))]}
      />
      <Radios
        id={REC.timepoint}
        legend="When in their support"
        small
        value={timepoint}
        onChange={setTimepoint}
        error={err(REC.timepoint)}
        items={timepoints.map((t) => ({ value: t, label: TIMEPOINT_LABELS[t] }))}
      />
      <Radios
        id={REC.mode}
        legend="How it was completed"
        small
        value={mode}
        onChange={setMode}
        error={err(REC.mode)}
        items={OUTCOME_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
      />
      <Input id={REC.administeredOn} label="Date completed" type="date" value={date} onChange={setDate} error={err(REC.administeredOn)} max={nowParts().date} />
      {inst === undefined ? null : inst.external !== null ? (
        <div className="lw-inline-fields">
          <Input
            id={REC.score}
            label={`Score (${inst.external.scoreMin} to ${inst.external.scoreMax})`}
            inputMode="text"
            width="width-5"
            value={score}
            onChange={setScore}
            error={err(REC.score)}
          />
          {inst.bands === null ? null : (
            <SmallSelect
              id={REC.level}
              label={`${inst.external.levelLabel ?? 'Level'} (optional)`}
              value={level}
              onChange={setLevel}
              error={err(REC.level)}
              options={[{ value: '', label: 'Not given' }, ...inst.bands.bands.map((b, i) => ({ value: String(i + 1), label: b.label }))]}
            />
          )}
        </div>
      ) : (
        <fieldset className="nhsuk-fieldset" data-testid="record-outcome-answers">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Their answers</legend>
          {inst.instructions === null ? null : <p className="nhsuk-hint">{inst.instructions}</p>}
          {inst.items.map((item, i) => {
            const set = (v: number) => setAnswers((a) => ({ ...a, [item.id]: v }));
            const value = answers[item.id];
            return isNumericScale(item.options) ? (
              <ScaleQuestion
                key={item.id}
                id={itemField(item.id)}
                legend={`${i + 1}. ${item.text}`}
                options={item.options}
                value={value}
                onChange={set}
                error={err(itemField(item.id))}
              />
            ) : (
              <Radios
                key={item.id}
                id={itemField(item.id)}
                legend={`${i + 1}. ${item.text}`}
                small
                value={value === undefined ? '' : String(value)}
                onChange={(v) => set(Number(v))}
                error={err(itemField(item.id))}
                items={item.options.map((o) => ({ value: String(o.value), label: o.label }))}
              />
            );
          })}
        </fieldset>
      )}
      <Button busy={busy}>Record answers</Button>
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

function OutcomeLinkForm({
  host,
  instruments,
  timepoints,
  onMade,
}: {
  host: FormHost;
  instruments: readonly InstrumentView[];
  timepoints: readonly OutcomeTimepoint[];
  onMade: () => void;
}) {
  const [code, setCode] = useState('');
  const [timepoint, setTimepoint] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ link: OutcomeLinkCreatedView; name: string; timepoint: OutcomeTimepoint } | null>(null);
  const err = (id: string) => errorFor(host.errors, id);
  const choices = instruments.filter((i) => i.external === null && i.items.length > 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const inst = choices.find((i) => i.code === code);
    const local: FieldError[] = [];
    if (inst === undefined) local.push({ id: LINK.instrument, message: 'Choose a questionnaire' });
    if (!(timepoints as readonly string[]).includes(timepoint))
      local.push({ id: LINK.timepoint, message: timepoints.length === 1 ? 'Choose final' : 'Choose baseline, review or final' });
    if (local.length > 0 || inst === undefined) {
      host.fail(local);
      return;
    }
    setBusy(true);
    try {
      const link = await outcomesApi.createLink(host.caseId, { instrument: inst.code, timepoint: timepoint as OutcomeTimepoint });
      setMade({ link, name: inst.name, timepoint: timepoint as OutcomeTimepoint });
      onMade();
      await host.done(`Link made for ${inst.name}. Copy it or let them scan the QR code below.`);
    } catch (caught) {
      const fields = isApiError(caught) ? caught.fields : {};
      const errors: FieldError[] = Object.entries(fields).map(([path, message]) => ({
        id: path.startsWith('timepoint') ? LINK.timepoint : LINK.instrument,
        message,
      }));
      host.fail(errors.length > 0 ? errors : [{ id: LINK.instrument, message: isApiError(caught) ? caught.message : 'Something went wrong. Try again.' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="outcome-link-form" aria-labelledby="outcome-link-heading">
        <SmallSelect
          id={LINK.instrument}
          label="Questionnaire"
          value={code}
          onChange={setCode}
          error={err(LINK.instrument)}
          options={[{ value: '', label: 'Choose a questionnaire' }, ...choices.map((i) => ({ value: i.code, label: i.name }))]}
        />
        <Radios
          id={LINK.timepoint}
          legend="When in their support"
          small
          value={timepoint}
          onChange={setTimepoint}
          error={err(LINK.timepoint)}
          items={timepoints.map((t) => ({ value: t, label: TIMEPOINT_LABELS[t] }))}
        />
        <Button busy={busy}>Make a link</Button>
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
    <table className="nhsuk-table" data-testid="outcome-links">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">Questionnaire links sent</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Questionnaire
          </th>
          <th className="nhsuk-table__header" scope="col">
            Made
          </th>
          <th className="nhsuk-table__header" scope="col">
            Status
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {links.map((l) => (
          <tr className="nhsuk-table__row" key={l.id}>
            <td className="nhsuk-table__cell">
              {l.instrumentName}, {TIMEPOINT_LABELS[l.timepoint].toLowerCase()}
            </td>
            <td className="nhsuk-table__cell">{formatDate(l.createdAt)}</td>
            <td className="nhsuk-table__cell">
              <Tag colour={l.status === 'completed' ? 'green' : l.status === 'waiting' ? 'blue' : 'grey'}>{LINK_STATUS[l.status]}</Tag>{' '}
              {l.status === 'completed' && l.usedAt !== null ? formatDate(l.usedAt) : l.status === 'waiting' ? `until ${expiryWords(l.expiresAt)}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The outcomes section's content on the case page. */
export function CaseOutcomes({ host, status }: { host: FormHost; status: CaseStatus }) {
  // The rule the server applies: an open case, or only a final questionnaire once discharged.
  const timepoints: readonly OutcomeTimepoint[] = isOpen(status) ? OUTCOME_TIMEPOINTS : status === 'discharged' ? ['final'] : [];
  const can = useCan();
  const mayRecord = can('outcome:record');
  const [outcomes, reload] = useLoad((signal) => outcomesApi.forCase(host.caseId, signal), [host.caseId]);
  const [links, reloadLinks] = useLoad((signal) => outcomeLinksApi.list(host.caseId, signal), [host.caseId]);
  const [instruments] = useLoad((signal) => (mayRecord ? instrumentsApi.list(signal) : Promise.resolve({ instruments: [] })), [mayRecord]);
  const usable = instruments.status === 'ok' ? instruments.data.instruments.filter((i) => i.usable) : [];

  return (
    <>
      {outcomes.status === 'loading' ? <Loading what="outcomes" /> : null}
      {outcomes.status === 'failed' ? <LoadFailed message={outcomes.message} /> : null}
      {outcomes.status === 'ok' ? (
        outcomes.data.instruments.filter((e) => e.administrations.length > 0).length === 0 ? (
          <p className="nhsuk-body" data-testid="outcomes-none">
            No wellbeing measures recorded yet. Record a baseline near the start of their support.
          </p>
        ) : (
          outcomes.data.instruments
            .filter((e) => e.administrations.length > 0)
            .map((entry, i) => <InstrumentHistory key={`${entry.instrument.code}@${entry.instrument.version}`} entry={entry} index={i} />)
        )
      ) : null}
      {links.status === 'ok' ? <LinksSent links={links.data.links} /> : null}
      {mayRecord && instruments.status === 'ok' && timepoints.length > 0 ? (
        <>
          <details className="nhsuk-details" data-testid="record-outcome">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text" id="record-outcome-heading">
                Record their answers to a questionnaire
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <RecordOutcomeForm host={host} instruments={usable} timepoints={timepoints} onRecorded={reload} />
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
              <OutcomeLinkForm host={host} instruments={usable} timepoints={timepoints} onMade={reloadLinks} />
            </div>
          </details>
        </>
      ) : null}
      {instruments.status === 'failed' ? <LoadFailed message={instruments.message} /> : null}
    </>
  );
}
