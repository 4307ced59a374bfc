import type { ChangeEvent, ReactNode } from 'react';
import type { z } from 'zod';
import type { CaseStatus } from '../../../domain/case-lifecycle.ts';
import type { DuplicateReason } from '../../../domain/duplicates.ts';
import { NEED_GROUPS, NEEDS, type NeedCode, type NeedGroup } from '../../../domain/needs.ts';
import type { Sex } from '../../../domain/schemas/person-details.ts';
import type { ApiError } from '../../api.ts';
import { Tag, type FieldError, type TagColour } from '../../ui/kit.tsx';

/**
 * Pieces the intake pages share (the referral forms, triage, "my referrals", the inbox, services):
 * words for codes the domain keeps as data, NHS form parts the shell does not have yet (date input,
 * textarea, a single checkbox with a conditional reveal, needs grouped by theme) and error mapping
 * by full field path (`person.dateOfBirth`, not just `person`).
 */

const cx = (...names: (string | false | null | undefined)[]): string => names.filter(Boolean).join(' ');

// ---- words ----

/** How each group of needs is headed on forms (the codes and labels live in domain/needs.ts). */
export const NEED_GROUP_LABELS: { readonly [G in NeedGroup]: string } = {
  connection: 'People and relationships',
  money: 'Money',
  home: 'Home and getting about',
  health_and_lifestyle: 'Health and lifestyle',
  mind: 'Mind and mood',
  care: 'Caring, disability and family',
  work_and_learning: 'Work and learning',
  safety: 'Safety',
};

export const SEX_LABELS: { readonly [S in Sex]: string } = {
  female: 'Female',
  male: 'Male',
  indeterminate: 'Indeterminate (unable to be classified as male or female)',
  not_known: 'Not known',
};

/** A case status as a short tag for lists (the long plain-words line comes from the server). */
export const CASE_STATUS_TAGS: { readonly [S in CaseStatus]: { label: string; colour: TagColour } } = {
  referred: { label: 'Waiting to be allocated', colour: 'blue' },
  allocated: { label: 'Allocated to a link worker', colour: 'aqua-green' },
  contacting: { label: 'Contacting the person', colour: 'aqua-green' },
  accepted: { label: 'Accepted support', colour: 'green' },
  declined: { label: 'Declined support', colour: 'grey' },
  active: { label: 'Being supported', colour: 'green' },
  on_hold: { label: 'On hold', colour: 'yellow' },
  discharged: { label: 'Support finished', colour: 'grey' },
  rejected: { label: 'Not accepted', colour: 'red' },
  redirected: { label: 'Redirected', colour: 'purple' },
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const t = CASE_STATUS_TAGS[status];
  return <Tag colour={t.colour}>{t.label}</Tag>;
}

/** "Received today", "Waiting 1 day", "Waiting 12 days". */
export function daysWaitingText(days: number): string {
  if (days <= 0) return 'Received today';
  return `Waiting ${days} ${days === 1 ? 'day' : 'days'}`;
}

const needsByGroup: ReadonlyMap<NeedGroup, readonly { code: NeedCode; label: string }[]> = new Map(
  NEED_GROUPS.map((g) => [g, NEEDS.filter((n) => n.group === g).map((n) => ({ code: n.code, label: n.label }))]),
);

/** The first need on the form (its checkbox carries the group's id). */
const FIRST_NEED: NeedCode | undefined = NEED_GROUPS.map((g) => needsByGroup.get(g)?.[0]?.code).find((c) => c !== undefined);

// ---- errors by field path ----

/**
 * Form errors keyed by full path (`person.address.postcode`), mapped to input ids. A path with no
 * input of its own goes to its nearest parent that has one, else to `fallbackId`, so nothing the
 * server says is dropped. Ordered as `ids` is (the form's order), one message per input.
 */
export function errorsByPath(entries: Iterable<readonly [string, string]>, ids: Record<string, string>, fallbackId: string): FieldError[] {
  const byId = new Map<string, string>();
  for (const [path, message] of entries) {
    let id: string | undefined;
    for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      id = ids[p];
      if (id !== undefined) break;
    }
    const target = id ?? fallbackId;
    if (!byId.has(target)) byId.set(target, message);
  }
  const order = [...new Set([...Object.values(ids), fallbackId])];
  return [...byId.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([id, message]) => ({ id, message }));
}

export const zodEntries = (error: z.ZodError): [string, string][] => error.issues.map((i) => [i.path.map(String).join('.'), i.message]);

export const apiEntries = (err: ApiError): [string, string][] => Object.entries(err.fields);

export function errorOf(errors: readonly FieldError[], id: string): string | undefined {
  return errors.find((e) => e.id === id)?.message;
}

// ---- form parts ----

function ErrorMessage({ id, message }: { id: string; message: string }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}

const describedBy = (...ids: (string | null | false)[]): string | undefined => {
  const s = ids.filter(Boolean).join(' ');
  return s === '' ? undefined : s;
};

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

/** NHS date input: day, month and year boxes in a fieldset; the day box carries `id` (error links land there). */
export function DateInput({
  id,
  legend,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  legend: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: DateParts;
  onChange: (v: DateParts) => void;
}) {
  const parts: { key: keyof DateParts; label: string; width: 2 | 4; autoComplete: string }[] = [
    { key: 'day', label: 'Day', width: 2, autoComplete: 'bday-day' },
    { key: 'month', label: 'Month', width: 2, autoComplete: 'bday-month' },
    { key: 'year', label: 'Year', width: 4, autoComplete: 'bday-year' },
  ];
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <fieldset
        className="nhsuk-fieldset"
        role="group"
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, error !== undefined && `${id}-error`)}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint === undefined ? null : (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error === undefined ? null : <ErrorMessage id={`${id}-error`} message={error} />}
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
                    autoComplete={p.autoComplete}
                    value={value[p.key]}
                    onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...value, [p.key]: e.target.value })}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** NHS textarea with label, hint and inline error. */
export function Textarea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 4,
  labelSize,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (v: string) => void;
  rows?: number;
  labelSize?: 's' | 'm';
}) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <label className={cx('nhsuk-label', labelSize !== undefined && `nhsuk-label--${labelSize}`)} htmlFor={id}>
        {label}
      </label>
      {hint === undefined ? null : (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error === undefined ? null : <ErrorMessage id={`${id}-error`} message={error} />}
      <textarea
        className={cx('nhsuk-textarea', error !== undefined && 'nhsuk-textarea--error')}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, error !== undefined && `${id}-error`)}
      />
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
  conditional,
}: {
  id: string;
  legend: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  checked: boolean;
  onChange: (v: boolean) => void;
  conditional?: ReactNode;
}) {
  const conditionalId = `conditional-${id}`;
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(hint !== undefined && `${id}-hint`, error !== undefined && `${id}-error`)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint === undefined ? null : (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error === undefined ? null : <ErrorMessage id={`${id}-error`} message={error} />}
        <div className="nhsuk-checkboxes">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id={id}
              name={id}
              type="checkbox"
              checked={checked}
              onChange={(e) => onChange(e.target.checked)}
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
      </fieldset>
    </div>
  );
}

/**
 * The needs vocabulary as checkboxes, one fieldset per group (legend: the group), inside one
 * fieldset for the question. The first checkbox carries `id`, so an error link lands on it.
 */
export function NeedCheckboxes({
  id,
  legend,
  hint,
  error,
  values,
  onChange,
}: {
  id: string;
  legend: string;
  hint?: ReactNode;
  error?: string | undefined;
  values: readonly NeedCode[];
  onChange: (v: NeedCode[]) => void;
}) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(hint !== undefined && `${id}-hint`, error !== undefined && `${id}-error`)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{legend}</legend>
        {hint === undefined ? null : (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error === undefined ? null : <ErrorMessage id={`${id}-error`} message={error} />}
        <div className="lw-need-groups">
          {NEED_GROUPS.map((group) => (
            <fieldset className="nhsuk-fieldset lw-need-group" key={group}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{NEED_GROUP_LABELS[group]}</legend>
              <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                {(needsByGroup.get(group) ?? []).map((need) => {
                  const inputId = need.code === FIRST_NEED ? id : `${id}-${need.code}`;
                  return (
                    <div className="nhsuk-checkboxes__item" key={need.code}>
                      <input
                        className="nhsuk-checkboxes__input"
                        id={inputId}
                        name={id}
                        type="checkbox"
                        value={need.code}
                        checked={values.includes(need.code)}
                        onChange={(e) => onChange(e.target.checked ? [...values, need.code] : values.filter((v) => v !== need.code))}
                      />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={inputId}>
                        {need.label}
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** NHS warning callout (for safeguarding details and the like). */
export function WarningCallout({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="nhsuk-warning-callout" data-testid={testId}>
      <h3 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {label}
        </span>
      </h3>
      {children}
    </div>
  );
}

/** "" → undefined, so optional fields the user left empty are not sent. */
export const orUndefined = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/** Why a record was offered as a possible duplicate, in words. */
export const DUPLICATE_REASON_WORDS: { readonly [R in DuplicateReason]: string } = {
  same_date_of_birth: 'same date of birth',
  same_postcode: 'same postcode',
  similar_name: 'similar name',
  same_initial_and_family_name: 'same first initial and last name',
  names_swapped: 'first and last names swapped',
  shared_family_name: 'same last name',
};
