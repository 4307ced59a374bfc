import { Option, type Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { ROLES } from '../../domain/roles.ts';
import { createUserBodySchema, minutesToHours, newPasswordSchema, updateUserBodySchema } from '../../domain/schemas/users.ts';
import { findUserWithSecretByEmail } from '../../db/repositories/identity/users.ts';
import { systemActor, type ServiceDeps } from '../../services/kernel/context.ts';
import { newToken } from '../../services/kernel/ids.ts';
import { createUser } from '../../services/identity/create-user.ts';
import { listUsers } from '../../services/identity/list-users.ts';
import { resetUserPassword } from '../../services/identity/reset-user-password.ts';
import { setUserDisabled } from '../../services/identity/set-user-disabled.ts';
import { updateUser } from '../../services/identity/update-user.ts';
import { depsRunner, parseOrFail, readPasswordFromStdin } from '../deps.ts';
import type { CliContext } from '../io.ts';

/** A strong random password for the operator to hand over (shown once). */
const generatedPassword = (): string => `lw-${newToken().slice(0, 20)}`;

async function userIdByEmail(deps: ServiceDeps, email: string): Promise<string> {
  const user = await findUserWithSecretByEmail(deps.db, email.trim().toLowerCase());
  if (user === undefined) throw new AppError('not_found', 'No user with that email address');
  return user.id;
}

/** Hours as typed (`22.5`) to a number for the schema to judge; `none` clears them. */
const hoursArg = (v: string): number | null => (v.trim().toLowerCase() === 'none' ? null : v.trim() === '' ? Number.NaN : Number(v));

/** `linkwork users add|list|disable|enable|reset-password|set-hours`: staff accounts. */
export function register(users: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  users
    .command('add')
    .description('create a user; the password is read from stdin with --password-stdin, otherwise generated and shown once')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
    .option('--org <id...>', 'organisation ids the user covers', [])
    .option('--password-stdin', 'read the password from standard input')
    .option('--hours <hours>', 'contracted hours a week, e.g. 22.5 (link workers and leads)')
    .action((opts: { email: string; name: string; role: string; org: string[]; passwordStdin?: boolean; hours?: string }) =>
      withDeps(async (deps) => {
        const password = opts.passwordStdin === true ? await readPasswordFromStdin(io) : generatedPassword();
        const input = parseOrFail(createUserBodySchema, {
          email: opts.email,
          displayName: opts.name,
          role: opts.role,
          organisationIds: opts.org,
          password,
          ...(opts.hours === undefined ? {} : { contractedHours: hoursArg(opts.hours) }),
        });
        const user = await createUser(deps, systemActor(), input);
        io.stdout.write(
          `Created ${user.role} ${user.email} (${user.id})${user.contractedMinutes === null ? '' : `, ${minutesToHours(user.contractedMinutes)} hours a week`}\n`,
        );
        if (opts.passwordStdin !== true) io.stdout.write(`Initial password (shown once): ${password}\n`);
      }),
    );
  users
    .command('list')
    .description('list users')
    .addOption(new Option('--role <role>').choices(ROLES))
    .option('--all', 'include disabled users')
    .action((opts: { role?: (typeof ROLES)[number]; all?: boolean }) =>
      withDeps(async (deps) => {
        const list = await listUsers(deps, systemActor(), { role: opts.role, includeDisabled: opts.all === true });
        for (const u of list) io.stdout.write(`${u.email}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.displayName}\n`);
        io.stdout.write(`${list.length} user(s)\n`);
      }),
    );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(`${name} <email>`)
      .description(disabled ? 'disable a user and end their sessions' : 're-enable a disabled user')
      .action((email: string) =>
        withDeps(async (deps) => {
          const user = await setUserDisabled(deps, systemActor(), await userIdByEmail(deps, email), disabled);
          io.stdout.write(`${user.email} is now ${user.disabled ? 'disabled' : 'active'}\n`);
        }),
      );
  }
  users
    .command('set-hours <email> <hours>')
    .description('record contracted hours a week (e.g. 22.5; "none" clears them) for a link worker or lead')
    .action((email: string, hours: string) =>
      withDeps(async (deps) => {
        const input = parseOrFail(updateUserBodySchema, { contractedHours: hoursArg(hours) });
        const user = await updateUser(deps, systemActor(), await userIdByEmail(deps, email), input);
        io.stdout.write(
          `${user.email}: ${user.contractedMinutes === null ? 'no contracted hours recorded' : `${minutesToHours(user.contractedMinutes)} hours a week`}\n`,
        );
      }),
    );
  users
    .command('reset-password <email>')
    .description('set a new password (from stdin with --password-stdin, otherwise generated) and end their sessions')
    .option('--password-stdin', 'read the password from standard input')
    .action((email: string, opts: { passwordStdin?: boolean }) =>
      withDeps(async (deps) => {
        const password = parseOrFail(newPasswordSchema, opts.passwordStdin === true ? await readPasswordFromStdin(io) : generatedPassword());
        const user = await resetUserPassword(deps, systemActor(), await userIdByEmail(deps, email), password);
        io.stdout.write(`Password reset for ${user.email}; their sessions have ended\n`);
        if (opts.passwordStdin !== true) io.stdout.write(`New password (shown once): ${password}\n`);
      }),
    );
}
