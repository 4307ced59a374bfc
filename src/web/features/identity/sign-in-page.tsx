import { useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/roles.ts';
import { signInBodySchema } from '../../../domain/schemas/auth.ts';
import { api, isApiError } from '../../api.ts';
import { Button, ErrorSummary, NotificationBanner, PageHeading, TextInput, usePageTitle, type FieldError } from '../../ui/kit.tsx';
import { fieldErrorsFromZod } from '../../ui/forms.ts';
import { Link, navigate, safeReturnPath, useSearchParams } from '../../router.tsx';
import { useSession } from '../../session.tsx';

const WRONG_CREDENTIALS = 'Email address or password is incorrect';

// Demo sign-ins follow one pattern (`<role>@demo.linkwork.test`); the server says whether demo mode is on.
const DEMO_DOMAIN = 'demo.linkwork.test';
const DEMO_PASSWORD = 'demo-linkwork-2026';

type Problem = { kind: 'fields'; errors: FieldError[] } | { kind: 'locked'; message: string; minutes: number | null } | { kind: 'other'; message: string };

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
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api.status(controller.signal).then(
      (s) => setDemo(s?.demo === true),
      () => setDemo(false),
    );
    return () => controller.abort();
  }, []);
  if (!demo) return null;
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
          {ROLES.map((role: Role) => (
            <li key={role}>
              {ROLE_LABELS[role]}: <code>{`${role}@${DEMO_DOMAIN}`}</code>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

export function SignInPage() {
  const { state, signedIn, notice } = useSession();
  const next = safeReturnPath(useSearchParams().get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle('Sign in', problem !== null);

  useEffect(() => {
    if (state.status === 'signed-in') navigate(next, { replace: true });
  }, [state.status, next]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = signInBodySchema.safeParse({ email, password });
    if (!parsed.success) {
      setProblem({ kind: 'fields', errors: fieldErrorsFromZod(parsed.error, { email: 'email', password: 'password' }) });
      return;
    }
    setBusy(true);
    try {
      const me = await api.signIn(parsed.data);
      signedIn(me);
      navigate(next, { replace: true });
    } catch (err) {
      setPassword('');
      if (isApiError(err) && err.status === 401) setProblem({ kind: 'fields', errors: [{ id: 'email', message: WRONG_CREDENTIALS }] });
      else if (isApiError(err) && err.code === 'rate_limited')
        setProblem({ kind: 'locked', message: err.message, minutes: minutesFrom(err.retryAfterSeconds) });
      else if (isApiError(err) && err.code === 'invalid_input') {
        const errors = Object.entries(err.fields).map(([field, message]) => ({ id: field === 'password' ? 'password' : 'email', message }));
        setProblem({ kind: 'fields', errors: errors.length > 0 ? errors : [{ id: 'email', message: err.message }] });
      } else setProblem({ kind: 'other', message: isApiError(err) ? err.message : 'Something went wrong. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  // Inline messages are for what was typed wrongly; a refused sign-in names no field (it must not
  // say whether the email address is known), so it is only in the summary.
  const fieldError = (id: string): string | undefined =>
    problem?.kind === 'fields' ? problem.errors.find((f) => f.id === id && f.message !== WRONG_CREDENTIALS)?.message : undefined;

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
        {problem?.kind === 'fields' ? <ErrorSummary errors={problem.errors} /> : null}
        {problem?.kind === 'locked' ? (
          <ErrorSummary errors={[]} title="You cannot sign in at the moment">
            <p data-testid="lockout-message">{lockoutText(problem.message, problem.minutes)}</p>
          </ErrorSummary>
        ) : null}
        {problem?.kind === 'other' ? (
          <ErrorSummary errors={[]}>
            <p>{problem.message}</p>
          </ErrorSummary>
        ) : null}

        <PageHeading>Sign in to Linkwork</PageHeading>
        <form onSubmit={(e) => void onSubmit(e)} noValidate method="post" action="/api/v1/auth/sign-in">
          <TextInput
            id="email"
            label="Email address"
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="username"
            spellCheck={false}
            error={fieldError('email')}
          />
          <TextInput
            id="password"
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            error={fieldError('password')}
          />
          <Button busy={busy}>Sign in</Button>
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
