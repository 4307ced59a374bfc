import { isApiError } from '../../api.ts';

/** Small pieces the casework pages share: the success banner, the conflict explanation, "now" for date and time inputs. */

/** What a 409 `conflict` on a versioned save says (the form keeps what the user typed). */
export const CONFLICT_MESSAGE = 'Someone else changed this case while you were editing. Your changes are below; reload to see theirs, then apply yours again.';

/** True for the optimistic-versioning refusal (not `invalid_transition`, which also answers 409). */
export const isConflict = (err: unknown): boolean => isApiError(err) && err.code === 'conflict';

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
