import { useState, type FormEvent } from 'react';
import { checkPassword, MIN_PASSWORD_LENGTH, PASSWORD_PROBLEM_MESSAGES } from '../../../domain/password-policy.ts';
import { ROLE_LABELS, ROLE_SCOPE_KINDS, ROLES, isRole, type Role } from '../../../domain/roles.ts';
import type { OrganisationView } from '../../../domain/schemas/organisations.ts';
import { createUserBodySchema, type UserView } from '../../../domain/schemas/users.ts';
import { api, isApiError } from '../../api.ts';
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  LoadFailed,
  Loading,
  NotificationBanner,
  PageHeading,
  Radios,
  Tag,
  TextInput,
  usePageTitle,
  type FieldError,
} from '../../ui/kit.tsx';
import { setFlash, takeFlash } from '../../flash.ts';
import { errorFor, fieldErrorsFromApi, fieldErrorsFromZod } from '../../ui/forms.ts';
import { KIND_LABELS } from '../../ui/labels.ts';
import { Link, navigate } from '../../router.tsx';
import { useCan, useMe } from '../../session.tsx';
import { useLoad } from '../../ui/use-load.ts';

const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters. A phrase of three or four unrelated words works well. Give it to the person securely; they cannot change it themselves yet.`;

function orgNames(ids: readonly string[], byId: Map<string, OrganisationView>): string {
  if (ids.length === 0) return 'Whole deployment';
  return ids.map((id) => byId.get(id)?.name ?? 'Outside your scope').join(', ');
}

/** An email address in small grey type that may wrap before the @ rather than mid-word. */
function EmailAddress({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  return (
    <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16 lw-block">
      {at <= 0 ? (
        email
      ) : (
        <>
          {email.slice(0, at)}
          <wbr />
          {email.slice(at)}
        </>
      )}
    </span>
  );
}

/** Staff accounts: everyone for an administrator, the PCN's staff for a lead (read-only). */
export function UsersPage() {
  const me = useMe();
  const can = useCan();
  const manage = can('user:manage');
  usePageTitle('Users');
  const [flash, setFlashShown] = useState<string | null>(() => takeFlash());
  const [actionError, setActionError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [loaded, reload] = useLoad(async (signal) => {
    const [{ users }, { organisations }] = await Promise.all([api.listUsers(signal), api.listOrganisations(signal)]);
    return { users: [...users].sort((a, b) => a.displayName.localeCompare(b.displayName)), byId: new Map(organisations.map((o) => [o.id, o])) };
  }, []);

  const toggle = async (user: UserView) => {
    setBusyId(user.id);
    setActionError(null);
    setFlashShown(null);
    try {
      const updated = await api.setUserDisabled(user.id, !user.disabled);
      setFlashShown(
        updated.disabled ? `${updated.displayName} can no longer sign in. Their open sessions have ended.` : `${updated.displayName} can sign in again.`,
      );
      reload();
    } catch (err) {
      setActionError(isApiError(err) ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="users-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      {actionError === null ? null : (
        <ErrorSummary errors={[]}>
          <p>{actionError}</p>
        </ErrorSummary>
      )}
      <PageHeading>Users</PageHeading>
      {manage ? (
        <p className="nhsuk-body">
          <Link className="nhsuk-button" to="/users/new" data-testid="create-user-link">
            Create a user
          </Link>
        </p>
      ) : (
        <p className="nhsuk-body">Staff who cover the organisations you lead. Only an administrator can change accounts.</p>
      )}
      {loaded.status === 'loading' ? <Loading what="users" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        <table className="nhsuk-table-responsive" data-testid="users-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Users</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Name
              </th>
              <th className="nhsuk-table__header" scope="col">
                Role
              </th>
              <th className="nhsuk-table__header" scope="col">
                Covers
              </th>
              <th className="nhsuk-table__header" scope="col">
                Status
              </th>
              {manage ? (
                <th className="nhsuk-table__header" scope="col">
                  <span className="nhsuk-u-visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {loaded.data.users.map((u) => (
              <tr className="nhsuk-table__row" key={u.id} data-testid="user-row">
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Name{' '}
                  </span>
                  <span className="lw-block">{u.displayName}</span>
                  <EmailAddress email={u.email} />
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Role{' '}
                  </span>
                  {ROLE_LABELS[u.role]}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Covers{' '}
                  </span>
                  {orgNames(u.organisationIds, loaded.data.byId)}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Status{' '}
                  </span>
                  {u.disabled ? <Tag colour="grey">Disabled</Tag> : <Tag colour="green">Active</Tag>}
                </td>
                {manage ? (
                  <td className="nhsuk-table__cell lw-nowrap">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Actions{' '}
                    </span>
                    <ul className="nhsuk-list lw-actions">
                      {u.id === me.user.id ? null : (
                        <li>
                          <button
                            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                            type="button"
                            disabled={busyId === u.id}
                            onClick={() => void toggle(u)}
                          >
                            {u.disabled ? 'Enable' : 'Disable'}
                            <span className="nhsuk-u-visually-hidden"> {u.displayName}</span>
                          </button>
                        </li>
                      )}
                      <li>
                        <Link to={`/users/${u.id}/password`}>
                          Reset password<span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                        </Link>
                      </li>
                    </ul>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

const CREATE_FIELDS = { displayName: 'displayName', email: 'email', role: 'role', organisationIds: 'organisationIds', password: 'password' };

/** An administrator creates a staff account with a role and the organisations it covers. */
export function CreateUserPage() {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [organisationIds, setOrganisationIds] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Create a user', errors.length > 0);
  const [loaded] = useLoad((signal) => api.listOrganisations(signal), []);

  const allowedKinds = role === '' ? [] : ROLE_SCOPE_KINDS[role];
  const choosable: OrganisationView[] =
    loaded.status === 'ok'
      ? loaded.data.organisations.filter((o) => allowedKinds.includes(o.kind)).sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
      : [];

  const chooseRole = (value: string) => {
    if (!isRole(value)) return;
    setRole(value);
    // Keep only organisations the new role may cover.
    if (loaded.status === 'ok') {
      const kinds = ROLE_SCOPE_KINDS[value];
      const ok = new Set(loaded.data.organisations.filter((o) => kinds.includes(o.kind)).map((o) => o.id));
      setOrganisationIds((ids) => ids.filter((id) => ok.has(id)));
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = createUserBodySchema.safeParse({ displayName, email, role: role === '' ? undefined : role, organisationIds, password });
    const local = (parsed.success ? [] : fieldErrorsFromZod(parsed.error, CREATE_FIELDS)).map((l) =>
      l.id === 'role' ? { ...l, message: 'Choose a role' } : l,
    );
    // The password policy is shared with the server, so say it before the round trip.
    const problem = password === '' ? null : checkPassword(password);
    if (problem !== null && errorFor(local, 'password') === undefined) local.push({ id: 'password', message: PASSWORD_PROBLEM_MESSAGES[problem] });
    if (!parsed.success || local.length > 0) {
      const order = Object.values(CREATE_FIELDS);
      setErrors(local.sort((x, y) => order.indexOf(x.id) - order.indexOf(y.id)));
      return;
    }
    setBusy(true);
    try {
      const user = await api.createUser(parsed.data);
      setFlash(`Account created for ${user.displayName} (${ROLE_LABELS[user.role]}).`);
      navigate('/users');
    } catch (err) {
      setErrors(isApiError(err) ? fieldErrorsFromApi(err, CREATE_FIELDS) : [{ id: 'displayName', message: 'Something went wrong. Try again.' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        <ErrorSummary errors={errors} />
        <PageHeading>Create a user</PageHeading>
        {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <TextInput
            id="displayName"
            label="Full name"
            hint="As colleagues will see it, for example Dr Priya Shah (GP)"
            value={displayName}
            onChange={setDisplayName}
            autoComplete="off"
            error={errorFor(errors, 'displayName')}
          />
          <TextInput
            id="email"
            label="Email address"
            hint="They sign in with this"
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="off"
            spellCheck={false}
            error={errorFor(errors, 'email')}
          />
          <Radios
            id="role"
            legend="Role"
            value={role}
            onChange={chooseRole}
            error={errorFor(errors, 'role')}
            small
            items={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          {role === '' ? null : allowedKinds.length === 0 ? (
            <div className="nhsuk-inset-text" id="organisationIds" tabIndex={-1}>
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>This role covers the whole deployment, so it has no organisations.</p>
              {errorFor(errors, 'organisationIds') === undefined ? null : <p className="nhsuk-error-message">{errorFor(errors, 'organisationIds')}</p>}
            </div>
          ) : loaded.status === 'loading' ? (
            <Loading what="organisations" />
          ) : (
            <Checkboxes
              id="organisationIds"
              legend="Organisations they cover"
              hint={`This role covers ${allowedKinds.map((k) => KIND_LABELS[k].inSentence).join(' or ')}. Choose at least one.`}
              values={organisationIds}
              onChange={setOrganisationIds}
              error={errorFor(errors, 'organisationIds')}
              small
              items={choosable.map((o) => ({
                value: o.id,
                label: o.name,
                hint: `${KIND_LABELS[o.kind].singular}${o.odsCode === null ? '' : `, ${o.odsCode}`}`,
              }))}
            />
          )}
          <TextInput
            id="password"
            label="Initial password"
            hint={PASSWORD_HINT}
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            error={errorFor(errors, 'password')}
          />
          <Button busy={busy}>Create user</Button>
        </form>
      </div>
    </div>
  );
}

/** An administrator sets a new password for someone (ending their sessions). */
export function ResetPasswordPage({ id }: { id: string }) {
  const [loaded] = useLoad((signal) => api.getUser(id, signal), [id]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Reset password', errors.length > 0);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = password === '' ? 'Enter a password' : ((p) => (p === null ? null : PASSWORD_PROBLEM_MESSAGES[p]))(checkPassword(password));
    if (problem !== null) {
      setErrors([{ id: 'password', message: problem }]);
      return;
    }
    setBusy(true);
    try {
      const user = await api.resetPassword(id, password);
      setFlash(`Password reset for ${user.displayName}. Any sessions they had open have ended.`);
      navigate('/users');
    } catch (err) {
      setErrors(isApiError(err) ? fieldErrorsFromApi(err, { password: 'password' }) : [{ id: 'password', message: 'Something went wrong. Try again.' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        <ErrorSummary errors={errors} />
        <PageHeading caption={loaded.status === 'ok' ? loaded.data.displayName : undefined}>Reset password</PageHeading>
        {loaded.status === 'loading' ? <Loading what="the account" /> : null}
        {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
        {loaded.status === 'ok' ? (
          <>
            <p className="nhsuk-body">
              Set a new password for {loaded.data.displayName} ({loaded.data.email}). Any sessions they have open will end.
            </p>
            <form onSubmit={(e) => void onSubmit(e)} noValidate>
              <TextInput
                id="password"
                label="New password"
                hint={PASSWORD_HINT}
                type="password"
                value={password}
                onChange={setPassword}
                autoComplete="new-password"
                error={errorFor(errors, 'password')}
              />
              <Button busy={busy}>Reset password</Button>
            </form>
          </>
        ) : null}
      </div>
    </div>
  );
}
