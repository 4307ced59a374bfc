import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Command, CommanderError, Option } from 'commander';
import type { z } from 'zod';
import { AUDIT_ACTIONS } from '../domain/audit.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { ORGANISATION_KINDS, ROLES } from '../domain/roles.ts';
import { auditQuerySchema } from '../domain/schemas/audit.ts';
import { createOrganisationBodySchema } from '../domain/schemas/organisations.ts';
import { createUserBodySchema, newPasswordSchema } from '../domain/schemas/users.ts';
import type { Database } from '../db/connection.ts';
import { findUserWithSecretByEmail } from '../db/repositories/identity/users.ts';
import type { AppConfig } from '../domain/schemas/config.ts';
import { systemActor, type ServiceDeps } from '../services/kernel/context.ts';
import { createOrganisation } from '../services/organisations/create-organisation.ts';
import { createUser } from '../services/identity/create-user.ts';
import { expireCommunityReferrals } from '../services/community/expire-community-referrals.ts';
import { exportAuditEvents } from '../services/audit/export-audit-events.ts';
import { newToken } from '../services/kernel/ids.ts';
import { importImd } from '../services/geo/import-imd.ts';
import { importNspl } from '../services/geo/import-nspl.ts';
import type { ImportProgress, ImportReport } from '../services/kernel/csv-import.ts';
import { listOrganisations } from '../services/organisations/list-organisations.ts';
import { listInstruments } from '../services/outcomes/list-instruments.ts';
import { loadInstrumentPack } from '../services/outcomes/load-instrument-pack.ts';
import { listUsers } from '../services/identity/list-users.ts';
import { resetUserPassword } from '../services/identity/reset-user-password.ts';
import { seedDemo } from '../services/demo/seed-demo.ts';
import { setUserDisabled } from '../services/identity/set-user-disabled.ts';
import { verifyAuditChain, type ChainBreak } from '../services/audit/verify-audit-chain.ts';
import { main as serve } from '../server/main.ts';
import { addDirectoryImportCommands } from './commands/directory-import.ts';
import { addDirectoryMatchCommand } from './commands/directory-match.ts';
import { loadConfigOrExit, openMigrated, serviceDeps } from '../server/runtime.ts';

/** Runs a command against the migrated database, closing it afterwards. */
async function withDeps<T>(fn: (deps: ServiceDeps, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const database: Database = await openMigrated(config);
  try {
    return await fn(serviceDeps(database, config), config);
  } finally {
    await database.close();
  }
}

function parseOrFail<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
    throw new AppError('invalid_input', `Invalid input — ${fields.join('; ')}`);
  }
  return r.data;
}

async function readPasswordFromStdin(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new AppError('invalid_input', 'No password on standard input');
}

/** A strong random password for the operator to hand over (shown once). */
const generatedPassword = (): string => `lw-${newToken().slice(0, 20)}`;

async function userIdByEmail(deps: ServiceDeps, email: string): Promise<string> {
  const user = await findUserWithSecretByEmail(deps.db, email.trim().toLowerCase());
  if (user === undefined) throw new AppError('not_found', 'No user with that email address');
  return user.id;
}

interface ProgressPrinter {
  onProgress: (p: ImportProgress) => void;
  /** The last progress line, so even a small file shows its progress on stderr. */
  finish: (rows: number) => void;
}

/** Progress on stderr (stdout carries only the report): every 50,000 rows, and once at the end. */
function progressPrinter(label: string): ProgressPrinter {
  const started = performance.now();
  let last = 0;
  const line = (rows: number, suffix = ''): void => {
    const secs = (performance.now() - started) / 1000;
    process.stderr.write(`${label}: ${rows.toLocaleString('en-GB')} rows (${Math.round(rows / Math.max(secs, 0.001)).toLocaleString('en-GB')}/s)${suffix}\n`);
  };
  return {
    onProgress: (p) => {
      if (p.rows - last < 50_000) return;
      last = p.rows;
      line(p.rows);
    },
    finish: (rows) => line(rows, ' done'),
  };
}

function printReport(r: ImportReport, started: number): void {
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Read ${r.rows} rows: imported ${r.imported}, skipped ${r.skipped} in ${secs}s\n`);
  for (const [reason, n] of Object.entries(r.skippedReasons)) process.stdout.write(`  skipped (${reason}): ${n}\n`);
}

const CHAIN_BREAK_TEXT: { readonly [B in ChainBreak]: string } = {
  altered: 'the event was edited: it no longer matches its own hash',
  rehashed: 'the event was edited and given a new hash: the next event or the chain head recorded a different one',
  missing: 'no event has this number: it was deleted',
  broken_link: 'the event does not link to the one before it, or the chain head does not match the trail',
  truncated: 'the chain head records events from here on, and they are gone',
};

export function buildCli(): Command {
  const program = new Command('linkwork')
    .description('Linkwork: social prescribing, end to end')
    .showHelpAfterError()
    // Usage errors throw (and runCli exits 2) instead of commander exiting 1; set before any
    // subcommand is added, because subcommands copy these settings when they are created.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(redactUsageError(text)) });

  program
    .command('serve', { isDefault: true })
    .description('migrate, seed demo data in demo mode, and serve the app')
    .action(() => serve());

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(() =>
      withDeps((_deps, config) => {
        process.stdout.write(`Database (${config.database.kind}) is up to date\n`);
        return Promise.resolve();
      }),
    );

  program
    .command('seed-demo')
    .description('load the fictional demo PCN, users and geography (demo mode only)')
    .action(() =>
      withDeps(async (deps, config) => {
        if (!config.demo) throw new AppError('forbidden', 'Demo data may only be loaded in demo mode (LINKWORK_DEMO=1)');
        const r = await seedDemo(deps, { directory: true });
        process.stdout.write(r.seeded ? 'Demo data loaded\n' : 'Demo data already present\n');
      }),
    );

  const users = program.command('users').description('manage staff accounts');
  users
    .command('add')
    .description('create a user; the password is read from stdin with --password-stdin, otherwise generated and shown once')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
    .option('--org <id...>', 'organisation ids the user covers', [])
    .option('--password-stdin', 'read the password from standard input')
    .action((opts: { email: string; name: string; role: string; org: string[]; passwordStdin?: boolean }) =>
      withDeps(async (deps) => {
        const password = opts.passwordStdin === true ? await readPasswordFromStdin() : generatedPassword();
        const input = parseOrFail(createUserBodySchema, { email: opts.email, displayName: opts.name, role: opts.role, organisationIds: opts.org, password });
        const user = await createUser(deps, systemActor(), input);
        process.stdout.write(`Created ${user.role} ${user.email} (${user.id})\n`);
        if (opts.passwordStdin !== true) process.stdout.write(`Initial password (shown once): ${password}\n`);
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
        for (const u of list) process.stdout.write(`${u.email}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.displayName}\n`);
        process.stdout.write(`${list.length} user(s)\n`);
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
          process.stdout.write(`${user.email} is now ${user.disabled ? 'disabled' : 'active'}\n`);
        }),
      );
  }
  users
    .command('reset-password <email>')
    .description('set a new password (from stdin with --password-stdin, otherwise generated) and end their sessions')
    .option('--password-stdin', 'read the password from standard input')
    .action((email: string, opts: { passwordStdin?: boolean }) =>
      withDeps(async (deps) => {
        const password = parseOrFail(newPasswordSchema, opts.passwordStdin === true ? await readPasswordFromStdin() : generatedPassword());
        const user = await resetUserPassword(deps, systemActor(), await userIdByEmail(deps, email), password);
        process.stdout.write(`Password reset for ${user.email}; their sessions have ended\n`);
        if (opts.passwordStdin !== true) process.stdout.write(`New password (shown once): ${password}\n`);
      }),
    );

  const orgs = program.command('orgs').description('manage organisations');
  orgs
    .command('add')
    .addOption(new Option('--kind <kind>').choices(ORGANISATION_KINDS).makeOptionMandatory())
    .requiredOption('--name <name>')
    .option('--ods <code>', 'ODS code (required for practices)')
    .option('--parent <id>', 'parent organisation id')
    .option('--list-size <n>', 'registered list size (practices)')
    .action((opts: { kind: string; name: string; ods?: string; parent?: string; listSize?: string }) =>
      withDeps(async (deps) => {
        const input = parseOrFail(createOrganisationBodySchema, {
          kind: opts.kind,
          name: opts.name,
          ...(opts.ods === undefined ? {} : { odsCode: opts.ods }),
          ...(opts.parent === undefined ? {} : { parentId: opts.parent }),
          ...(opts.listSize === undefined ? {} : { listSize: Number(opts.listSize) }),
        });
        const org = await createOrganisation(deps, systemActor(), input);
        process.stdout.write(`Created ${org.kind} ${org.name} (${org.id})\n`);
      }),
    );
  orgs.command('list').action(() =>
    withDeps(async (deps) => {
      for (const o of await listOrganisations(deps, systemActor())) process.stdout.write(`${o.id}\t${o.kind}\t${o.odsCode ?? '-'}\t${o.name}\n`);
    }),
  );

  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 naming the first bad event')
    .action(() =>
      withDeps(async (deps) => {
        const v = await verifyAuditChain(deps);
        if (v.ok) {
          process.stdout.write(`Audit trail intact: ${v.events} event(s) verified\n`);
          return;
        }
        process.stderr.write(
          `Audit trail BROKEN at event seq ${v.firstBadSeq}${v.firstBadId === null ? '' : ` (id ${v.firstBadId})`}: ${v.reason} (${CHAIN_BREAK_TEXT[v.reason]}); ${v.events} event(s) before it verified\n`,
        );
        process.exitCode = 1;
      }),
    );
  audit
    .command('export')
    .description('write the audit trail as CSV to stdout')
    .option('--person <id>')
    .option('--user <id>')
    .addOption(new Option('--action <action>').choices(AUDIT_ACTIONS))
    .option('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD')
    .action((opts: { person?: string; user?: string; action?: string; from?: string; to?: string }) =>
      withDeps(async (deps) => {
        const q = parseOrFail(auditQuerySchema.omit({ limit: true, before: true }), {
          ...(opts.person === undefined ? {} : { personId: opts.person }),
          ...(opts.user === undefined ? {} : { userId: opts.user }),
          ...(opts.action === undefined ? {} : { action: opts.action }),
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.to === undefined ? {} : { to: opts.to }),
        });
        await pipeline(await exportAuditEvents(deps, systemActor(), q), process.stdout);
      }),
    );

  const geo = program.command('geo').description('postcode and deprivation lookups');
  geo
    .command('import-nspl <file>')
    .description('load an ONS NSPL/ONSPD postcode CSV (streamed; the full 2.7M-row file is fine)')
    .action((file: string) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const progress = progressPrinter('postcodes');
        const report = await importNspl(deps, systemActor(), file, progress.onProgress);
        progress.finish(report.rows);
        printReport(report, started);
      }),
    );
  geo
    .command('import-imd <file>')
    .description('load IMD 2019 deciles by LSOA')
    .action((file: string) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const progress = progressPrinter('LSOAs');
        const report = await importImd(deps, systemActor(), file, progress.onProgress);
        progress.finish(report.rows);
        printReport(report, started);
      }),
    );

  const instruments = program.command('instruments').description('outcome instruments: built in and licensed packs (docs/instrument-packs.md)');
  instruments
    .command('load <pack>')
    .description('validate and install a licensed instrument pack (a JSON file)')
    .action((file: string) =>
      withDeps(async (deps) => {
        let pack: unknown;
        try {
          pack = JSON.parse(await readFile(file, 'utf8'));
        } catch (err) {
          const reason = err instanceof SyntaxError ? 'it is not valid JSON' : 'it cannot be read';
          throw new AppError('invalid_input', `Cannot load the pack: ${reason}`);
        }
        try {
          const r = await loadInstrumentPack(deps, systemActor(), pack);
          const verb = r.status === 'installed' ? 'Installed' : 'Already installed (unchanged)';
          process.stdout.write(
            `${verb}: ${r.code} ${r.version} (${r.name}), licence expires ${r.licenceExpiresOn ?? 'never'}${r.usable ? '' : ' — EXPIRED: not usable for new administrations'}\nchecksum ${r.checksum}\n`,
          );
        } catch (err) {
          // Pack problems are about the file, never a person: list each with its code and where.
          const issues = isAppError(err) ? err.details?.['issues'] : undefined;
          if (Array.isArray(issues)) {
            for (const i of issues as { code: string; path: string; message: string }[]) process.stderr.write(`  [${i.code}] ${i.path}: ${i.message}\n`);
          }
          throw err;
        }
      }),
    );
  instruments
    .command('list')
    .description('built-in instruments and installed packs with their licence status')
    .action(() =>
      withDeps(async (deps) => {
        for (const i of await listInstruments(deps, systemActor())) {
          const d = i.definition;
          const status =
            d.licence.expiresOn === null
              ? d.licence.kind
              : d.licence.expiresOn < i.today
                ? `expired ${d.licence.expiresOn}`
                : `licensed until ${d.licence.expiresOn}`;
          process.stdout.write(`${d.code}\t${d.version}\t${i.source}\t${status}\t${d.name}\n`);
        }
      }),
    );
  // The community service directory: `import` and `taxonomy load` (Open Referral UK feeds), `match`.
  const directory = program.command('directory').description('the community service directory (Open Referral UK)');
  addDirectoryImportCommands(directory, withDeps);
  addDirectoryMatchCommand(directory, withDeps);

  const jobs = program.command('jobs').description('scheduled jobs (the server also runs them; cron can too)');
  jobs
    .command('expire-referrals')
    .description('community referrals unanswered past their expiry become "no response" and the link worker is told')
    .action(() =>
      withDeps(async (deps) => {
        const r = await expireCommunityReferrals(deps);
        process.stdout.write(`Expired ${r.expired} community referral(s) with no response\n`);
      }),
    );
  return program;
}

/**
 * Commander quotes an unknown option as typed, so `--password=secret` or `--emial=a@b` would echo
 * the value; keep the option name and drop what follows `=`.
 */
export function redactUsageError(text: string): string {
  return text.replace(/(unknown option '[^'=]*)=[^']*'/g, "$1=…'");
}

/** Entry point: coded errors become one line on stderr and a non-zero exit. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed the usage error (or the help that was asked for).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isAppError(err)) {
      process.stderr.write(`error [${err.code}]: ${err.message}\n`);
      process.exitCode = err.code === 'invalid_input' ? 2 : 1;
      return;
    }
    const e = err as { name?: unknown; code?: unknown };
    // Unknown errors: name and code only (driver messages can quote personal data).
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? ` (${e.code})` : '';
    process.stderr.write(`error [internal]: ${name}${code}\n`);
    process.exitCode = 1;
  }
}

// Run when executed directly (npm start uses `tsx src/cli/main.ts`); bin/linkwork.js imports it.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await runCli(process.argv);
}
