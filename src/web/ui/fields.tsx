import type { ReactNode } from 'react';

/**
 * NHS form fields: a label (or legend), an optional hint, the inline error and the control, with
 * the ids the error summary links to. Every input in the app is one of these; they are controlled
 * (value and onChange) so react-hook-form drives them through the bound versions in form-fields.tsx.
 */

export const cx = (...names: (string | false | null | undefined)[]): string => names.filter(Boolean).join(' ');

/** `aria-describedby` for a field: its hint and its error, when it has them. */
function describedBy(id: string, hint: ReactNode | undefined, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
}

export function ErrorMessage({ id, message }: { id: string; message: string }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}

/** What every field says about itself. */
export interface FieldProps {
  /** The control's id (the error summary links here); the hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/**
 * How a label reads: `s`/`m` are NHS label sizes; `compact` is the smaller label of a field inside a
 * repeated group (a goal's steps, a need's own words).
 */
export interface LabelOptions {
  labelSize?: 's' | 'm';
  compact?: boolean;
}

const labelClass = ({ labelSize, compact }: LabelOptions): string =>
  cx('nhsuk-label', labelSize !== undefined && `nhsuk-label--${labelSize}`, compact === true && 'lw-label-small');

/** A form group with a label, hint and inline error above the control. */
export function Field({ id, label, hint, error, children, labelSize, compact }: FieldProps & LabelOptions & { label: ReactNode; children: ReactNode }) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <label className={labelClass({ labelSize, compact })} htmlFor={id}>
        {label}
      </label>
      {hint === undefined ? null : (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error === undefined ? null : <ErrorMessage id={`${id}-error`} message={error} />}
      {children}
    </div>
  );
}

/** A form group whose question is a fieldset's legend (radios, checkboxes, a date). */
export function Fieldset({
  id,
  legend,
  legendSize = 's',
  hint,
  error,
  role,
  children,
}: FieldProps & { legend: ReactNode; legendSize?: 's' | 'm'; role?: 'group'; children: ReactNode }) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <fieldset className="nhsuk-fieldset" role={role} aria-describedby={describedBy(id, hint, error)}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hint === undefined ? null : (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error === undefined ? null : <ErrorMessage id={`${id}-error`} message={error} />}
        {children}
      </fieldset>
    </div>
  );
}

/** What a control hands to react-hook-form: its name and leaving it (for touched state). */
interface ControlProps {
  name?: string;
  onBlur?: () => void;
}

export type InputWidth = 'width-2' | 'width-3' | 'width-4' | 'width-5' | 'width-10' | 'width-20' | 'width-30' | 'full';

export interface TextInputProps extends FieldProps, LabelOptions, ControlProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'search';
  width?: InputWidth;
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: 'text' | 'numeric' | 'email';
  min?: string;
  max?: string;
}

/** A labelled text input (also email, password, search, date and time), NHS style. */
export function TextInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  onBlur,
  name,
  type = 'text',
  width,
  autoComplete,
  spellCheck,
  inputMode,
  min,
  max,
  ...labelOptions
}: TextInputProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} {...labelOptions}>
      <input
        className={cx('nhsuk-input', width !== undefined && width !== 'full' && `nhsuk-input--${width}`, error !== undefined && 'nhsuk-input--error')}
        id={id}
        name={name ?? id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        inputMode={inputMode}
        min={min}
        max={max}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error === undefined ? undefined : true}
      />
    </Field>
  );
}

export interface TextareaProps extends FieldProps, LabelOptions, ControlProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}

/** A labelled textarea, NHS style. */
export function Textarea({ id, label, hint, error, value, onChange, onBlur, name, rows = 3, ...labelOptions }: TextareaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} {...labelOptions}>
      <textarea
        className={cx('nhsuk-textarea', error !== undefined && 'nhsuk-textarea--error')}
        id={id}
        name={name ?? id}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error === undefined ? undefined : true}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface SelectProps extends FieldProps, LabelOptions, ControlProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
}

/** A labelled select, NHS style. */
export function Select({ id, label, hint, error, value, onChange, onBlur, name, options, ...labelOptions }: SelectProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} {...labelOptions}>
      <select
        className={cx('nhsuk-select', error !== undefined && 'nhsuk-select--error')}
        id={id}
        name={name ?? id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error === undefined ? undefined : true}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export interface ChoiceItem {
  value: string;
  label: string;
  hint?: string | undefined;
}

interface ChoicesProps extends FieldProps {
  /** The fieldset's question. */
  legend: ReactNode;
  items: readonly ChoiceItem[];
  small?: boolean;
  onBlur?: () => void;
}

/** Item ids: the first is the group id (so an error summary link lands on it), then `<id>-<n>`. */
const itemId = (id: string, i: number) => (i === 0 ? id : `${id}-${i + 1}`);

function ChoiceHint({ id, kind, hint }: { id: string; kind: 'radios' | 'checkboxes'; hint: string | undefined }) {
  return hint === undefined ? null : (
    <div className={`nhsuk-hint nhsuk-${kind}__hint`} id={`${id}-item-hint`}>
      {hint}
    </div>
  );
}

/** A group of radios, NHS style. */
export function Radios({
  id,
  legend,
  hint,
  error,
  items,
  small,
  value,
  onChange,
  onBlur,
}: ChoicesProps & { value: string; onChange: (value: string) => void }) {
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error}>
      <div className={cx('nhsuk-radios', small === true && 'nhsuk-radios--small')}>
        {items.map((item, i) => (
          <div className="nhsuk-radios__item" key={item.value}>
            <input
              className="nhsuk-radios__input"
              id={itemId(id, i)}
              name={id}
              type="radio"
              value={item.value}
              checked={value === item.value}
              onChange={() => onChange(item.value)}
              onBlur={onBlur}
              aria-describedby={item.hint === undefined ? undefined : `${itemId(id, i)}-item-hint`}
            />
            <label className="nhsuk-label nhsuk-radios__label" htmlFor={itemId(id, i)}>
              {item.label}
            </label>
            <ChoiceHint id={itemId(id, i)} kind="radios" hint={item.hint} />
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

/** A group of checkboxes, NHS style. */
export function Checkboxes({
  id,
  legend,
  hint,
  error,
  items,
  small,
  values,
  onChange,
  onBlur,
}: ChoicesProps & { values: readonly string[]; onChange: (values: string[]) => void }) {
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error}>
      <div className={cx('nhsuk-checkboxes', small === true && 'nhsuk-checkboxes--small')}>
        {items.map((item, i) => (
          <div className="nhsuk-checkboxes__item" key={item.value}>
            <input
              className="nhsuk-checkboxes__input"
              id={itemId(id, i)}
              name={id}
              type="checkbox"
              value={item.value}
              checked={values.includes(item.value)}
              onChange={(e) => onChange(e.target.checked ? [...values, item.value] : values.filter((v) => v !== item.value))}
              onBlur={onBlur}
              aria-describedby={item.hint === undefined ? undefined : `${itemId(id, i)}-item-hint`}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={itemId(id, i)}>
              {item.label}
            </label>
            <ChoiceHint id={itemId(id, i)} kind="checkboxes" hint={item.hint} />
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

/** One small checkbox on its own, without a question of its own (a step's "Done"). */
export function Checkbox({
  id,
  label,
  checked,
  onChange,
  onBlur,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  onBlur?: () => void;
}) {
  return (
    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
      <div className="nhsuk-checkboxes__item">
        <input
          className="nhsuk-checkboxes__input"
          id={id}
          name={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          onBlur={onBlur}
        />
        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
          {label}
        </label>
      </div>
    </div>
  );
}

/**
 * One checkbox in its own fieldset (a yes/no statement such as consent), with an optional hint,
 * error and conditional content revealed under it while it is ticked.
 */
export function SingleCheckbox({
  id,
  legend,
  label,
  hint,
  error,
  checked,
  onChange,
  onBlur,
  conditional,
}: FieldProps & {
  legend: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  onBlur?: () => void;
  conditional?: ReactNode;
}) {
  const conditionalId = `conditional-${id}`;
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error}>
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            onChange={(e) => onChange(e.target.checked)}
            onBlur={onBlur}
            aria-controls={conditional === undefined ? undefined : conditionalId}
            aria-expanded={conditional === undefined ? undefined : checked}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
        </div>
        {conditional === undefined ? null : (
          <div className={cx('nhsuk-checkboxes__conditional', !checked && 'nhsuk-checkboxes__conditional--hidden')} id={conditionalId}>
            {checked ? conditional : null}
          </div>
        )}
      </div>
    </Fieldset>
  );
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/**
 * The three boxes as an ISO date: `{ ok: '' }` when all are empty, `{ ok: 'YYYY-MM-DD' }` for a
 * real date, or the message to show (NHS wording).
 */
export function isoFromParts(parts: DateParts, what: string): { ok: string } | { error: string } {
  const d = parts.day.trim();
  const m = parts.month.trim();
  const y = parts.year.trim();
  if (d === '' && m === '' && y === '') return { ok: '' };
  if (d === '' || m === '' || y === '') return { error: `${what} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { error: `${what} must be a real date` };
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { error: `${what} must be a real date` };
  return { ok: iso };
}

/** The boxes for an ISO date ('' when empty): 2026-03-07 → 7, 3, 2026. */
export function partsFromIso(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m === null ? EMPTY_DATE : { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] ?? '' };
}

/**
 * What the boxes hold, as the form's ISO date value: '' when all are empty, 'YYYY-MM-DD' for a real
 * date, else the boxes as typed ('2026-2-30'), which the form's date schema refuses with its message.
 */
export function isoOrTyped(parts: DateParts): string {
  const checked = isoFromParts(parts, 'Date');
  return 'ok' in checked ? checked.ok : `${parts.year.trim()}-${parts.month.trim()}-${parts.day.trim()}`;
}

/** A hint for a date in the NHS (en-GB) order, with today as the example: "For example, 7 12 2026". */
export function dateHintFor(today: Date = new Date()): string {
  return `For example, ${today.getDate()} ${today.getMonth() + 1} ${today.getFullYear()}`;
}

/** NHS date input: day, month and year boxes in a fieldset; the day box carries `id` (error links land there). */
export function DateInput({
  id,
  legend,
  hint,
  error,
  value,
  onChange,
  onBlur,
  birthday = true,
}: FieldProps & {
  legend: string;
  value: DateParts;
  onChange: (v: DateParts) => void;
  onBlur?: () => void;
  /** A date of birth (the browser may offer the user's own); any other date is not autofilled. */
  birthday?: boolean;
}) {
  const parts: { key: keyof DateParts; label: string; width: 2 | 4; autoComplete: string }[] = [
    { key: 'day', label: 'Day', width: 2, autoComplete: 'bday-day' },
    { key: 'month', label: 'Month', width: 2, autoComplete: 'bday-month' },
    { key: 'year', label: 'Year', width: 4, autoComplete: 'bday-year' },
  ];
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error} role="group">
      <div className="nhsuk-date-input">
        {parts.map((p) => {
          const inputId = p.key === 'day' ? id : `${id}-${p.key}`;
          return (
            <div className="nhsuk-date-input__item" key={p.key}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={inputId}>
                  {p.label}
                </label>
                <input
                  className={cx('nhsuk-input', 'nhsuk-date-input__input', `nhsuk-input--width-${p.width}`, error !== undefined && 'nhsuk-input--error')}
                  id={inputId}
                  name={inputId}
                  type="text"
                  inputMode="numeric"
                  autoComplete={birthday ? p.autoComplete : 'off'}
                  value={value[p.key]}
                  onChange={(e) => onChange({ ...value, [p.key]: e.target.value })}
                  onBlur={onBlur}
                />
              </div>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

/** An answer on a numbered scale ("0 – Not at all" … "10 – Completely"). */
export interface ScaleOption {
  value: number;
  label: string;
}

/** "0 – Not at all" → "Not at all"; the number is shown on the radio itself. */
const endWords = (o: ScaleOption | undefined): string =>
  o === undefined ? '' : o.label.replace(new RegExp(`^\\s*${o.value}\\s*[-–—:=]?\\s*`), '').trim() || String(o.value);

/**
 * A 0–10 style question as a row of numbered radios (wrapping on a narrow screen), with what the
 * two ends mean as the hint; the first radio carries `id` (error links land there).
 */
export function ScaleRadios({
  id,
  legend,
  error,
  options,
  value,
  onChange,
  onBlur,
}: Omit<FieldProps, 'hint'> & { legend: ReactNode; options: readonly ScaleOption[]; value: string; onChange: (value: string) => void; onBlur?: () => void }) {
  const first = options[0];
  const last = options[options.length - 1];
  const hint =
    first === undefined || last === undefined ? null : (
      <>
        {first.value} means {endWords(first).toLowerCase()}, {last.value} means {endWords(last).toLowerCase()}
      </>
    );
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error}>
      <div className="nhsuk-radios nhsuk-radios--inline lw-scale">
        {options.map((o, i) => {
          const rid = itemId(id, i);
          return (
            <div className="nhsuk-radios__item lw-scale__item" key={o.value}>
              <input
                className="nhsuk-radios__input"
                id={rid}
                name={id}
                type="radio"
                value={o.value}
                checked={value === String(o.value)}
                onChange={() => onChange(String(o.value))}
                onBlur={onBlur}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={rid}>
                {o.value}
                {i === 0 || i === options.length - 1 ? <span className="nhsuk-u-visually-hidden"> ({endWords(o)})</span> : null}
              </label>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}
