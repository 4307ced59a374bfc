import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from '../router.tsx';
import { cx } from './fields.tsx';

/**
 * NHS design system building blocks, written as React components (no nhsuk JavaScript needed).
 * Form fields are in fields.tsx (and bound to react-hook-form in form-fields.tsx), tables in
 * table.tsx, the case-status tag in case-status.tsx.
 */

/** Sets the page title, "Error: " first while a form on the page has errors (NHS pattern). */
export function usePageTitle(title: string, hasError = false): void {
  useEffect(() => {
    document.title = `${hasError ? 'Error: ' : ''}${title} – Linkwork`;
  }, [title, hasError]);
}

/** The page's one h1; focusable by script so a route change can move focus (and screen readers) to it. */
export function PageHeading({ children, caption }: { children: ReactNode; caption?: string }) {
  return (
    <h1 className="nhsuk-heading-xl" tabIndex={-1}>
      {caption === undefined ? null : (
        <span className="nhsuk-caption-l">
          {caption}
          <span className="nhsuk-u-visually-hidden"> – </span>
        </span>
      )}
      {children}
    </h1>
  );
}

export interface FieldError {
  /** The id of the input the message is about (the summary links to it). */
  id: string;
  message: string;
}

/**
 * NHS error summary: shown above the form, focused when it appears so the problem is announced,
 * each message a link that moves focus to its field.
 */
export function ErrorSummary({ errors, title = 'There is a problem', children }: { errors: FieldError[]; title?: string; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.id}:${e.message}`).join('|');
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  if (errors.length === 0 && children === undefined) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref} data-testid="error-summary">
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="error-summary-title">
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          {children}
          {errors.length > 0 ? (
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {errors.map((e) => (
                <li key={`${e.id}:${e.message}`}>
                  <a
                    href={`#${e.id}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      const el = document.getElementById(e.id);
                      el?.focus();
                      el?.scrollIntoView({ block: 'center' });
                    }}
                  >
                    {e.message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** NHS button; `busy` disables it and says so while a request is in flight. */
export function Button({
  children,
  variant,
  small,
  busy,
  type = 'submit',
  onClick,
}: {
  children: ReactNode;
  variant?: 'secondary' | 'warning' | 'reverse';
  small?: boolean;
  busy?: boolean;
  type?: 'submit' | 'button';
  onClick?: () => void;
}) {
  return (
    <button
      className={cx('nhsuk-button', variant !== undefined && `nhsuk-button--${variant}`, small === true && 'nhsuk-button--small')}
      type={type}
      data-module="nhsuk-button"
      disabled={busy === true}
      aria-disabled={busy === true ? true : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** NHS notification banner: "Important" (neutral) or a success message. */
export function NotificationBanner({ title, children, success, testId }: { title?: string; children: ReactNode; success?: boolean; testId?: string }) {
  const titleId = `banner-title-${success === true ? 'success' : 'important'}`;
  return (
    <div
      className={cx('nhsuk-notification-banner', success === true && 'nhsuk-notification-banner--success')}
      role={success === true ? 'alert' : 'region'}
      aria-labelledby={titleId}
      data-testid={testId}
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id={titleId}>
          {title ?? (success === true ? 'Success' : 'Important')}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">{children}</div>
    </div>
  );
}

export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ children, colour, className }: { children: ReactNode; colour?: TagColour; className?: string }) {
  return <strong className={cx('nhsuk-tag', colour !== undefined && `nhsuk-tag--${colour}`, className)}>{children}</strong>;
}

/** A clickable card linking to a page (the whole card is the link target). */
export function CardLink({ to, title, description, testId }: { to: string; title: string; description: string; testId?: string }) {
  return (
    <div className="nhsuk-card nhsuk-card--clickable" data-testid={testId}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">
          <Link className="nhsuk-card__link" to={to}>
            {title}
          </Link>
        </h2>
        <p className="nhsuk-card__description">{description}</p>
      </div>
    </div>
  );
}

/** A summary list of label/value rows. */
export function SummaryList({ rows }: { rows: readonly { key: string; value: ReactNode }[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map((r) => (
        <div className="nhsuk-summary-list__row" key={r.key}>
          <dt className="nhsuk-summary-list__key">{r.key}</dt>
          <dd className="nhsuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A back link to an in-app page. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="nhsuk-back-link" to={to}>
      {children}
    </Link>
  );
}

/** Previous / next page links (NHS pagination), shown when there is more than one page. */
export function Pagination({ page, pages, label, linkTo }: { page: number; pages: number; label: string; linkTo: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label={label}>
      <ul className="nhsuk-list nhsuk-pagination__list">
        {page > 1 ? (
          <li className="nhsuk-pagination-item--previous">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={linkTo(page - 1)}>
              <span className="nhsuk-pagination__title">Previous</span>
              <span className="nhsuk-u-visually-hidden">:</span>
              <span className="nhsuk-pagination__page">Page {page - 1}</span>
            </Link>
          </li>
        ) : null}
        {page < pages ? (
          <li className="nhsuk-pagination-item--next">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={linkTo(page + 1)}>
              <span className="nhsuk-pagination__title">Next</span>
              <span className="nhsuk-u-visually-hidden">:</span>
              <span className="nhsuk-pagination__page">Page {page + 1}</span>
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** "Loading…" that screen readers hear politely. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="nhsuk-body" role="status">
      Loading {what}…
    </p>
  );
}

/** A failed load, with the server's message. */
export function LoadFailed({ message }: { message: string }) {
  return (
    <div className="nhsuk-error-summary" role="alert" data-testid="load-error">
      <h2 className="nhsuk-error-summary__title">Sorry, there is a problem</h2>
      <div className="nhsuk-error-summary__body">
        <p>{message}</p>
      </div>
    </div>
  );
}

/** NHS warning callout (for safeguarding details, a stale listing and the like). */
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
