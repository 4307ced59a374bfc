import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../domain/demo-accounts.ts';
import { ROLE_LABELS } from '../../../domain/roles.ts';
import { signInBodySchema, type SignInBody } from '../../../domain/schemas/auth.ts';
import { api, isApiError, statusKey } from '../../api.ts';
import { Button, ErrorSummary, NotificationBanner, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { TextField } from '../../ui/form-fields.tsx';
import { useNhsForm } from '../../ui/forms.ts';
import { Link, navigate, safeReturnPath, useSearchParams } from '../../router.tsx';
import { useSession } from '../../session.tsx';

const WRONG_CREDENTIALS = 'Email address or password is incorrect';

// Every demo account, from the one list the seed creates; the server says whether demo mode is on.

type Refusal = { kind: 'locked'; message: string; minutes: number | null } | { kind: 'other'; message: string };

function minutesFrom(seconds: number | undefined): number | null {
  return seconds === undefined ? null : Math.max(1, Math.ceil(seconds / 60));
}

/** The server's lock-out message, with its vague "Try again later." made exact when we know when. */
function lockoutText(message: string, minutes: number | null): string {
  if (minutes === null) return message;
  const base = message.replace(/\s*Try again later\.?\s*$/, '');
  return `${base} You can try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

function DemoHint() {
  const status = useQuery({ queryKey: statusKey, queryFn: ({ signal }) => api.status(signal) });
  if (status.data?.demo !== true) return null;
  return (
    <details className="nhsuk-details" data-testid="demo-hint">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Demo sign-ins</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>
          This is a demo with fictional people. Every demo account uses the password <code>{DEMO_PASSWORD}</code>.
        </p>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {DEMO_ACCOUNTS.map((account) => (
            <li key={account.email}>
              {ROLE_LABELS[account.role]}, {account.displayName}: <code>{account.email}</code>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

const FIELDS = { email: 'email', password: 'password' };

export function SignInPage() {
  const { state, signedIn, notice } = useSession();
  const next = safeReturnPath(useSearchParams().get('next'));
  const form = useNhsForm<SignInBody, SignInBody>({ schema: signInBodySchema, defaultValues: { email: '', password: '' }, fieldIds: FIELDS });
  // A refusal that is not about what was typed: locked out, or the server could not answer.
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  usePageTitle('Sign in', form.errors.length > 0 || refusal !== null);

  useEffect(() => {
    if (state.status === 'signed-in') navigate(next, { replace: true });
  }, [state.status, next]);

  const onSubmit = form.submitWith(async (body) => {
    try {
      const me = await api.signIn(body);
      setRefusal(null);
      signedIn(me);
      navigate(next, { replace: true });
    } catch (err) {
      form.setValue('password', '');
      if (isApiError(err) && err.status === 401) {
        setRefusal(null);
        form.fail([{ id: 'email', message: WRONG_CREDENTIALS }]);
      } else if (isApiError(err) && err.code === 'rate_limited') {
        form.fail([]);
        setRefusal({ kind: 'locked', message: err.message, minutes: minutesFrom(err.retryAfterSeconds) });
      } else if (isApiError(err) && err.code === 'invalid_input') {
        setRefusal(null);
        form.failWith(err);
      } else {
        form.fail([]);
        setRefusal({ kind: 'other', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' });
      }
    }
  });

  // Inline messages are for what was typed wrongly; a refused sign-in names no field (it must not
  // say whether the email address is known), so it is only in the summary.
  const fieldError = (id: string): string | undefined => {
    const message = form.errorFor(id);
    return message === WRONG_CREDENTIALS ? undefined : message;
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {notice === 'session-ended' ? (
          <NotificationBanner testId="session-ended-notice">
            <p className="nhsuk-notification-banner__heading">Your session has ended. Sign in again to continue.</p>
          </NotificationBanner>
        ) : null}
        {notice === 'signed-out' ? (
          <NotificationBanner success testId="signed-out-notice">
            <p className="nhsuk-notification-banner__heading">You have signed out.</p>
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={form.errors} />
        {refusal?.kind === 'locked' ? (
          <ErrorSummary errors={[]} title="You cannot sign in at the moment">
            <p data-testid="lockout-message">{lockoutText(refusal.message, refusal.minutes)}</p>
          </ErrorSummary>
        ) : null}
        {refusal?.kind === 'other' ? (
          <ErrorSummary errors={[]}>
            <p>{refusal.message}</p>
          </ErrorSummary>
        ) : null}

        <PageHeading>Sign in to Linkwork</PageHeading>
        <form onSubmit={onSubmit} noValidate method="post" action="/api/v1/auth/sign-in">
          <TextField
            control={form.control}
            name="email"
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            error={fieldError('email')}
          />
          <TextField
            control={form.control}
            name="password"
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={fieldError('password')}
          />
          <Button busy={form.formState.isSubmitting}>Sign in</Button>
        </form>
        <p className="nhsuk-body">If you have forgotten your password or your account is locked, ask your Linkwork administrator to reset it.</p>
        <p className="nhsuk-body" data-testid="self-referral-link">
          Not a member of staff? <Link to="/self-referral">Refer yourself to social prescribing</Link> – no account needed.
        </p>
        <DemoHint />
      </div>
    </div>
  );
}
