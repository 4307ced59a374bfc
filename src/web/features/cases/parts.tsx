import { useCallback, useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { CaseStatus } from '../../../domain/case-lifecycle.ts';
import { isApiError } from '../../api.ts';
import { Tag } from '../../ui/kit.tsx';
import { CASE_STATUS_COLOURS, CASE_STATUS_LABELS } from './labels.ts';

/** Small pieces the casework pages share: inputs ui.tsx does not have, the status tag, a loader that keeps what it had. */

const cx = (...names: (string | false | null | undefined)[]): string => names.filter(Boolean).join(' ');

/** What a 409 `conflict` on a versioned save says (the form keeps what the user typed). */
export const CONFLICT_MESSAGE = 'Someone else changed this case while you were editing. Your changes are below; reload to see theirs, then apply yours again.';

/** True for the optimistic-versioning refusal (not `invalid_transition`, which also answers 409). */
export const isConflict = (err: unknown): boolean => isApiError(err) && err.code === 'conflict';

function FieldMessage({ id, message }: { id: string; message: string }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}

const describedBy = (id: string, hint: ReactNode | undefined, error: string | undefined): string | undefined => {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
};

interface FieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  /** Smaller label, for fields inside a repeated group (a goal's steps). */
  small?: boolean;
}

/** A labelled textarea, NHS style. */
export function Textarea({ id, label, value, onChange, hint, error, rows = 3, small }: FieldProps & { rows?: number }) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <label className={cx('nhsuk-label', small === true && 'nhsuk-label--s lw-label-small')} htmlFor={id}>
        {label}
      </label>
      {hint === undefined ? null : (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error === undefined ? null : <FieldMessage id={`${id}-error`} message={error} />}
      <textarea
        className={cx('nhsuk-textarea', error !== undefined && 'nhsuk-textarea--error')}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error === undefined ? undefined : true}
      />
    </div>
  );
}

/** A labelled input of any type ui.tsx's TextInput does not offer (time, number), NHS style. */
export function Input({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  small,
  type = 'text',
  width,
  inputMode,
  min,
  max,
}: FieldProps & {
  type?: 'text' | 'date' | 'time' | 'number';
  width?: 'width-2' | 'width-3' | 'width-4' | 'width-5' | 'width-10' | 'width-20';
  inputMode?: 'numeric' | 'text';
  min?: string;
  max?: string;
}) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <label className={cx('nhsuk-label', small === true && 'lw-label-small')} htmlFor={id}>
        {label}
      </label>
      {hint === undefined ? null : (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error === undefined ? null : <FieldMessage id={`${id}-error`} message={error} />}
      <input
        className={cx('nhsuk-input', width !== undefined && `nhsuk-input--${width}`, error !== undefined && 'nhsuk-input--error')}
        id={id}
        name={id}
        type={type}
        value={value}
        inputMode={inputMode}
        min={min}
        max={max}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error === undefined ? undefined : true}
      />
    </div>
  );
}

/** A labelled select, with a smaller label option for repeated groups. */
export function SmallSelect({
  id,
  label,
  value,
  onChange,
  options,
  error,
  small,
  hint,
}: FieldProps & { options: readonly { value: string; label: string }[] }) {
  return (
    <div className={cx('nhsuk-form-group', error !== undefined && 'nhsuk-form-group--error')}>
      <label className={cx('nhsuk-label', small === true && 'lw-label-small')} htmlFor={id}>
        {label}
      </label>
      {hint === undefined ? null : (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error === undefined ? null : <FieldMessage id={`${id}-error`} message={error} />}
      <select
        className={cx('nhsuk-select', error !== undefined && 'nhsuk-select--error')}
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A single checkbox (not a group), NHS style. */
export function Checkbox({ id, label, checked, onChange }: { id: string; label: ReactNode; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
      <div className="nhsuk-checkboxes__item">
        <input className="nhsuk-checkboxes__input" id={id} name={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
          {label}
        </label>
      </div>
    </div>
  );
}

export function StatusTag({ status }: { status: CaseStatus }) {
  return <Tag colour={CASE_STATUS_COLOURS[status]}>{CASE_STATUS_LABELS[status]}</Tag>;
}

/** A loud-but-polite success message after an action, announced to screen readers. */
export function SavedBanner({ message, testId = 'case-flash' }: { message: string; testId?: string }) {
  return (
    <div className="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="case-flash-title" data-testid={testId}>
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="case-flash-title">
          Success
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="lw-banner-text">{message}</p>
      </div>
    </div>
  );
}

export type Kept<T> = { status: 'loading' } | { status: 'failed'; message: string; code: string } | { status: 'ok'; data: T; refreshing: boolean };

/**
 * Loads data and, unlike useLoad, keeps showing what it had while it refreshes, so forms beneath it
 * are not unmounted (and what the user typed survives a reload). `refresh` resolves to the new
 * data, or null when it failed (the old data stays and `error` says why).
 */
export function useKeptLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
): { state: Kept<T>; refresh: () => Promise<T | null>; refreshError: string | null } {
  const [state, setState] = useState<Kept<T>>({ status: 'loading' });
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const current = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    current.current = controller;
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data, refreshing: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setState(
          isApiError(err)
            ? { status: 'failed', message: err.message, code: err.code }
            : { status: 'failed', message: 'Something went wrong. Reload the page to try again.', code: 'internal' },
        );
      },
    );
    return () => controller.abort();
  }, [key]);

  const refresh = useCallback(async (): Promise<T | null> => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState((s) => (s.status === 'ok' ? { ...s, refreshing: true } : s));
    try {
      const data = await loadRef.current(controller.signal);
      if (controller.signal.aborted) return null;
      setRefreshError(null);
      setState({ status: 'ok', data, refreshing: false });
      return data;
    } catch (err) {
      if (controller.signal.aborted) return null;
      setRefreshError(isApiError(err) ? err.message : 'The case could not be reloaded. Try again.');
      setState((s) => (s.status === 'ok' ? { ...s, refreshing: false } : s));
      return null;
    }
  }, []);

  return { state, refresh, refreshError };
}

/** Now, as the values of a date input and a time input (local time). */
export function nowParts(now = new Date()): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`, time: `${pad(now.getHours())}:${pad(now.getMinutes())}` };
}

/** Beside a versioned form's Save button after a conflict: the same explanation, and the way on. */
export function ConflictCallout({
  host,
  what,
}: {
  host: { conflictWhat: string | null; reloading: boolean; reloadAfterConflict: () => Promise<void> };
  what: string;
}) {
  if (host.conflictWhat !== what) return null;
  return (
    <div className="nhsuk-warning-callout" data-testid="conflict-callout">
      <h3 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Not saved
        </span>
      </h3>
      <p>{CONFLICT_MESSAGE}</p>
      <button
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        type="button"
        disabled={host.reloading}
        onClick={() => void host.reloadAfterConflict()}
      >
        Reload the case
      </button>
    </div>
  );
}
