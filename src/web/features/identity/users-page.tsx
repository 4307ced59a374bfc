import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { checkPassword, MIN_PASSWORD_LENGTH, PASSWORD_PROBLEM_MESSAGES } from '../../../domain/password-policy.ts';
import { ROLE_LABELS, ROLE_SCOPE_KINDS, ROLES, type Role } from '../../../domain/roles.ts';
import type { OrganisationView } from '../../../domain/schemas/organisations.ts';
import { createUserBodySchema, resetPasswordBodySchema, ROLES_WITH_HOURS, updateUserBodySchema, type UserView } from '../../../domain/schemas/users.ts';
import { isApiError } from '../../api.ts';
import { BackLink, Button, ErrorSummary, LoadFailed, Loading, NotificationBanner, PageHeading, Tag, usePageTitle } from '../../ui/kit.tsx';
import { CheckboxesField, RadiosField, TextField } from '../../ui/form-fields.tsx';
import { formSchema, useNhsForm, type Problem } from '../../ui/forms.ts';
import { Table } from '../../ui/table.tsx';
import { setFlash, takeFlash } from '../../flash.ts';
import { KIND_LABELS } from '../../ui/labels.ts';
import { Link, navigate } from '../../router.tsx';
import { problemOf } from '../../queries.ts';
import { useCan, useMe } from '../../session.tsx';
import { organisationsApi, organisationsKeys } from '../organisations/organisations-api.ts';
import { usersApi, usersKeys } from './identity-api.ts';
import { compareNames } from '../../../domain/name-order.ts';

const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters. A phrase of three or four unrelated words works well. Give it to the person securely; they cannot change it themselves yet.`;

function orgNames(ids: readonly string[], byId: Map<string, OrganisationView>): string {
  if (ids.length === 0) return 'Whole deployment';
  return ids.map((id) => byId.get(id)?.name ?? 'Outside your scope').join(', ');
}

const hasHours = (role: Role): boolean => (ROLES_WITH_HOURS as readonly Role[]).includes(role);

/** Contracted hours as the table says them. */
function hoursText(hours: number | null): string {
  return hours === null ? 'Not recorded' : `${hours.toLocaleString('en-GB')} (${(Math.round((hours / 37.5) * 100) / 100).toLocaleString('en-GB')} FTE)`;
}

/** Hours as typed to what the shared schema judges: empty is `empty`, a number a number, anything else stays text (and is refused). */
function typedHours<E>(typed: string, empty: E): number | string | E {
  const t = typed.trim();
  if (t === '') return empty;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

const HOURS_HINT = 'Contracted hours a week, for example 22.5. Full time is 37.5 (1 FTE). The workload report divides by this; leave it empty if not known.';

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
  const queryClient = useQueryClient();
  const [flash, setFlashShown] = useState<string | null>(() => takeFlash());
  const users = useQuery({ queryKey: usersKeys.list(), queryFn: ({ signal }) => usersApi.list(signal) });
  const organisations = useQuery({ queryKey: organisationsKeys.list(), queryFn: ({ signal }) => organisationsApi.list(signal) });
  const toggle = useMutation({
    mutationFn: (user: UserView) => usersApi.setDisabled(user.id, !user.disabled),
    onMutate: () => setFlashShown(null),
    // The list shows the change before the banner says it happened.
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: usersKeys.all });
      setFlashShown(
        updated.disabled ? `${updated.displayName} can no longer sign in. Their open sessions have ended.` : `${updated.displayName} can sign in again.`,
      );
    },
  });

  const failed = users.error ?? organisations.error;
  const byId = new Map((organisations.data?.organisations ?? []).map((o) => [o.id, o]));
  const sorted = [...(users.data?.users ?? [])].sort((a, b) => compareNames(a.displayName, b.displayName));
  return (
    <>
      {flash === null ? null : (
        <NotificationBanner success testId="users-flash">
          <p className="nhsuk-notification-banner__heading">{flash}</p>
        </NotificationBanner>
      )}
      {toggle.error === null ? null : (
        <ErrorSummary errors={[]}>
          <p>{isApiError(toggle.error) ? toggle.error.message : 'Something went wrong. Try again.'}</p>
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
      {failed !== null ? <LoadFailed message={problemOf(failed).message} /> : users.isPending || organisations.isPending ? <Loading what="users" /> : null}
      {failed === null && users.isSuccess && organisations.isSuccess ? (
        <Table
          responsive
          testId="users-table"
          caption="Users"
          captionStyle="hidden"
          rows={sorted}
          rowKey={(u) => u.id}
          rowAttributes={() => ({ 'data-testid': 'user-row' })}
          columns={[
            {
              key: 'name',
              header: 'Name',
              cell: (u) => (
                <>
                  <span className="lw-block">{u.displayName}</span>
                  <EmailAddress email={u.email} />
                </>
              ),
            },
            { key: 'role', header: 'Role', cell: (u) => ROLE_LABELS[u.role] },
            { key: 'covers', header: 'Covers', cell: (u) => orgNames(u.organisationIds, byId) },
            { key: 'hours', header: 'Hours a week', cell: (u) => (hasHours(u.role) ? hoursText(u.contractedHours) : '') },
            { key: 'status', header: 'Status', cell: (u) => (u.disabled ? <Tag colour="grey">Disabled</Tag> : <Tag colour="green">Active</Tag>) },
            manage && {
              key: 'actions',
              header: <span className="nhsuk-u-visually-hidden">Actions</span>,
              heading: 'Actions',
              className: 'lw-nowrap',
              cell: (u) => (
                <ul className="nhsuk-list lw-actions">
                  {u.id === me.user.id ? null : (
                    <li>
                      <button
                        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                        type="button"
                        disabled={toggle.isPending && toggle.variables.id === u.id}
                        onClick={() => toggle.mutate(u)}
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                        <span className="nhsuk-u-visually-hidden"> {u.displayName}</span>
                      </button>
                    </li>
                  )}
                  {hasHours(u.role) ? (
                    <li>
                      <Link to={`/users/${u.id}/hours`}>
                        Set hours<span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                      </Link>
                    </li>
                  ) : null}
                  <li>
                    <Link to={`/users/${u.id}/password`}>
                      Reset password<span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                    </Link>
                  </li>
                </ul>
              ),
            },
          ]}
        />
      ) : null}
    </>
  );
}

/** The shared password policy, said before the round trip (the server checks it again). */
function checkNewPassword(password: string, problem: Problem): void {
  const found = password === '' ? null : checkPassword(password);
  if (found !== null) problem('password', PASSWORD_PROBLEM_MESSAGES[found]);
}

interface CreateUserValues {
  displayName: string;
  email: string;
  role: Role | '';
  organisationIds: string[];
  contractedHours: string;
  password: string;
}

const CREATE_FIELDS = {
  displayName: 'displayName',
  email: 'email',
  role: 'role',
  organisationIds: 'organisationIds',
  contractedHours: 'contractedHours',
  password: 'password',
};

const createUserForm = formSchema(
  createUserBodySchema,
  (v: CreateUserValues, problem) => {
    checkNewPassword(v.password, problem);
    return {
      displayName: v.displayName,
      email: v.email,
      role: v.role === '' ? undefined : v.role,
      organisationIds: v.organisationIds,
      password: v.password,
      ...(v.role !== '' && hasHours(v.role) ? { contractedHours: typedHours(v.contractedHours, undefined) } : {}),
    };
  },
  { messages: { role: 'Choose a role' } },
);

/** An administrator creates a staff account with a role and the organisations it covers. */
export function CreateUserPage() {
  const queryClient = useQueryClient();
  const organisations = useQuery({ queryKey: organisationsKeys.list(), queryFn: ({ signal }) => organisationsApi.list(signal) });
  const form = useNhsForm({
    schema: createUserForm,
    defaultValues: { displayName: '', email: '', role: '', organisationIds: [], contractedHours: '', password: '' },
    fieldIds: CREATE_FIELDS,
  });
  usePageTitle('Create a user', form.errors.length > 0);

  const role = useWatch({ control: form.control, name: 'role' });
  const allowedKinds = role === '' ? [] : ROLE_SCOPE_KINDS[role];
  const all = organisations.data?.organisations;
  const choosable: OrganisationView[] = (all ?? [])
    .filter((o) => allowedKinds.includes(o.kind))
    .sort((a, b) => a.kind.localeCompare(b.kind) || compareNames(a.name, b.name));

  // A new role keeps only the organisations it may cover.
  const { getValues, setValue } = form;
  useEffect(() => {
    if (role === '' || all === undefined) return;
    const kinds = ROLE_SCOPE_KINDS[role];
    const ok = new Set(all.filter((o) => kinds.includes(o.kind)).map((o) => o.id));
    const ids = getValues('organisationIds');
    if (ids.some((id) => !ok.has(id)))
      setValue(
        'organisationIds',
        ids.filter((id) => ok.has(id)),
      );
  }, [role, all, getValues, setValue]);

  const onSubmit = form.submitWith(async (body) => {
    const user = await usersApi.create(body);
    await queryClient.invalidateQueries({ queryKey: usersKeys.all });
    setFlash(`Account created for ${user.displayName} (${ROLE_LABELS[user.role]}).`);
    navigate('/users');
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        <ErrorSummary errors={form.errors} />
        <PageHeading>Create a user</PageHeading>
        {organisations.isError ? <LoadFailed message={problemOf(organisations.error).message} /> : null}
        <form onSubmit={onSubmit} noValidate>
          <TextField
            control={form.control}
            name="displayName"
            id="displayName"
            label="Full name"
            hint="As colleagues will see it, for example Dr Priya Shah (GP)"
            autoComplete="off"
            error={form.errorFor('displayName')}
          />
          <TextField
            control={form.control}
            name="email"
            id="email"
            label="Email address"
            hint="They sign in with this"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={form.errorFor('email')}
          />
          <RadiosField
            control={form.control}
            name="role"
            id="role"
            legend="Role"
            error={form.errorFor('role')}
            small
            items={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          {role === '' ? null : allowedKinds.length === 0 ? (
            <div className="nhsuk-inset-text" id="organisationIds" tabIndex={-1}>
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>This role covers the whole deployment, so it has no organisations.</p>
              {form.errorFor('organisationIds') === undefined ? null : <p className="nhsuk-error-message">{form.errorFor('organisationIds')}</p>}
            </div>
          ) : organisations.isPending ? (
            <Loading what="organisations" />
          ) : (
            <CheckboxesField
              control={form.control}
              name="organisationIds"
              id="organisationIds"
              legend="Organisations they cover"
              hint={`This role covers ${allowedKinds.map((k) => KIND_LABELS[k].inSentence).join(' or ')}. Choose at least one.`}
              error={form.errorFor('organisationIds')}
              small
              items={choosable.map((o) => ({
                value: o.id,
                label: o.name,
                hint: `${KIND_LABELS[o.kind].singular}${o.odsCode === null ? '' : `, ${o.odsCode}`}`,
              }))}
            />
          )}
          {role !== '' && hasHours(role) ? (
            <TextField
              control={form.control}
              name="contractedHours"
              id="contractedHours"
              label="Contracted hours a week (optional)"
              hint={HOURS_HINT}
              autoComplete="off"
              width="width-4"
              error={form.errorFor('contractedHours')}
            />
          ) : null}
          <TextField
            control={form.control}
            name="password"
            id="password"
            label="Initial password"
            hint={PASSWORD_HINT}
            type="password"
            autoComplete="new-password"
            error={form.errorFor('password')}
          />
          <Button busy={form.formState.isSubmitting}>Create user</Button>
        </form>
      </div>
    </div>
  );
}

const resetPasswordForm = formSchema(resetPasswordBodySchema, (v: { password: string }, problem) => {
  checkNewPassword(v.password, problem);
  return { password: v.password };
});

/** An administrator sets a new password for someone (ending their sessions). */
export function ResetPasswordPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const user = useQuery({ queryKey: usersKeys.detail(id), queryFn: ({ signal }) => usersApi.get(id, signal) });
  const form = useNhsForm({ schema: resetPasswordForm, defaultValues: { password: '' }, fieldIds: { password: 'password' } });
  usePageTitle('Reset password', form.errors.length > 0);

  const onSubmit = form.submitWith(async ({ password }) => {
    const updated = await usersApi.resetPassword(id, password);
    await queryClient.invalidateQueries({ queryKey: usersKeys.all });
    setFlash(`Password reset for ${updated.displayName}. Any sessions they had open have ended.`);
    navigate('/users');
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        <ErrorSummary errors={form.errors} />
        <PageHeading caption={user.data?.displayName}>Reset password</PageHeading>
        {user.isPending ? <Loading what="the account" /> : null}
        {user.isError ? <LoadFailed message={problemOf(user.error).message} /> : null}
        {user.isSuccess ? (
          <>
            <p className="nhsuk-body">
              Set a new password for {user.data.displayName} ({user.data.email}). Any sessions they have open will end.
            </p>
            <form onSubmit={onSubmit} noValidate>
              <TextField
                control={form.control}
                name="password"
                id="password"
                label="New password"
                hint={PASSWORD_HINT}
                type="password"
                autoComplete="new-password"
                error={form.errorFor('password')}
              />
              <Button busy={form.formState.isSubmitting}>Reset password</Button>
            </form>
          </>
        ) : null}
      </div>
    </div>
  );
}

const hoursForm = formSchema(updateUserBodySchema, (v: { contractedHours: string }) => ({ contractedHours: typedHours(v.contractedHours, null) }));

/** An administrator records a link worker's or lead's contracted hours a week (the workload report's FTE). */
export function UserHoursPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const user = useQuery({ queryKey: usersKeys.detail(id), queryFn: ({ signal }) => usersApi.get(id, signal) });
  const form = useNhsForm({ schema: hoursForm, defaultValues: { contractedHours: '' }, fieldIds: { contractedHours: 'contractedHours' } });
  usePageTitle('Contracted hours', form.errors.length > 0);

  // Start from the hours recorded now.
  const { reset } = form;
  const loaded = user.data;
  useEffect(() => {
    if (loaded !== undefined) reset({ contractedHours: loaded.contractedHours === null ? '' : String(loaded.contractedHours) });
  }, [loaded, reset]);

  const onSubmit = form.submitWith(async (body) => {
    const updated = await usersApi.update(id, body);
    await queryClient.invalidateQueries({ queryKey: usersKeys.all });
    setFlash(
      updated.contractedHours === null
        ? `No contracted hours recorded for ${updated.displayName}.`
        : `${updated.displayName}: ${updated.contractedHours.toLocaleString('en-GB')} hours a week recorded.`,
    );
    navigate('/users');
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        <ErrorSummary errors={form.errors} />
        <PageHeading caption={user.data?.displayName}>Contracted hours</PageHeading>
        {user.isPending ? <Loading what="the account" /> : null}
        {user.isError ? <LoadFailed message={problemOf(user.error).message} /> : null}
        {user.isSuccess ? (
          <form onSubmit={onSubmit} noValidate>
            <TextField
              control={form.control}
              name="contractedHours"
              id="contractedHours"
              label="Contracted hours a week"
              hint={HOURS_HINT}
              autoComplete="off"
              width="width-4"
              error={form.errorFor('contractedHours')}
            />
            <Button busy={form.formState.isSubmitting}>Save hours</Button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
