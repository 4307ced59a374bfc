import { Command, CommanderError } from 'commander';
import { isAppError } from '../domain/errors.ts';
import { CliExit, helpWidth, processIo, type CliContext, type CliIo, type CommandModule } from './io.ts';

export { processIo, type CliIo } from './io.ts';

interface CommandEntry {
  name: string;
  description: string;
  isDefault?: true;
  /** The module that fills the command in, imported only when the command line names it. */
  load: () => Promise<CommandModule>;
}

/**
 * The top-level commands in the order `linkwork --help` lists them. Their names and descriptions
 * live here so the help needs none of the modules (which import the database drivers and services).
 */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    description: 'migrate, seed demo data in demo mode, and serve the app',
    isDefault: true,
    load: () => import('./commands/serve.ts'),
  },
  { name: 'migrate', description: 'bring the database schema up to date', load: () => import('./commands/migrate.ts') },
  {
    name: 'seed-demo',
    description: 'load the fictional demo PCN, users and geography (demo mode only)',
    load: () => import('./commands/seed-demo.ts'),
  },
  { name: 'users', description: 'manage staff accounts', load: () => import('./commands/users.ts') },
  { name: 'orgs', description: 'manage organisations', load: () => import('./commands/orgs.ts') },
  { name: 'audit', description: 'the tamper-evident audit trail', load: () => import('./commands/audit.ts') },
  { name: 'report', description: 'the federated quarterly return: suppressed figures for a hub', load: () => import('./commands/report.ts') },
  { name: 'geo', description: 'postcode and deprivation lookups', load: () => import('./commands/geo.ts') },
  {
    name: 'denominators',
    description: 'practice list sizes by age, sex and LSOA (NHS England), the denominators of reach',
    load: () => import('./commands/denominators.ts'),
  },
  {
    name: 'practice-data',
    description: "a practice's own search (people and events CSV files): import, list, purge, generate",
    load: () => import('./commands/practice-data.ts'),
  },
  {
    name: 'instruments',
    description: 'outcome instruments: built in and licensed packs (docs/instrument-packs.md)',
    load: () => import('./commands/instruments.ts'),
  },
  // The community service directory: `import` and `taxonomy load` (Open Referral UK feeds), `match`.
  { name: 'directory', description: 'the community service directory (Open Referral UK)', load: () => import('./commands/directory.ts') },
  { name: 'backup', description: 'copy the SQLite database to a file, safely while the server runs', load: () => import('./commands/backup.ts') },
  { name: 'restore', description: 'replace the SQLite database with a backup (stop the server first)', load: () => import('./commands/backup.ts') },
  { name: 'jobs', description: 'scheduled jobs (the server also runs them; cron can too)', load: () => import('./commands/jobs.ts') },
  {
    name: 'cohort',
    description: 'proactive cohorts from practice data: run the rules, check fairness, record a reason',
    load: () => import('./commands/cohort.ts'),
  },
  {
    name: 'impact',
    description: 'impact of social prescribing on GP appointments and fit notes (matched controls, from practice data)',
    load: () => import('./commands/impact.ts'),
  },
];

/**
 * The top-level command a command line runs, so only its module is loaded. Commander dispatches
 * to a command only when the first argument names it (`help <command>` asks it for its help); an
 * option first, or any other word, goes to the default command, `serve`.
 */
function commandNamed(argv: readonly string[]): CommandEntry {
  const name = argv[0] === 'help' ? argv[1] : argv[0];
  const named = COMMANDS.find((c) => c.name === name) ?? COMMANDS.find((c) => c.isDefault === true);
  if (named === undefined) throw new Error('linkwork has no default command');
  return named;
}

/**
 * The `linkwork` program for one command line: every top-level command is listed (for help and
 * for commander's suggestions), and only the one the command line names is filled in.
 */
export async function buildCli(argv: readonly string[], ctx: CliContext): Promise<Command> {
  const { io } = ctx;
  const program = new Command('linkwork')
    .description('Linkwork: social prescribing, end to end')
    .showHelpAfterError()
    // Usage errors throw (and runCli returns 2) instead of commander exiting 1; set before any
    // subcommand is added, because subcommands copy these settings when they are created.
    .exitOverride()
    .configureOutput({
      // commander's defaults, on these streams instead of the process's
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      outputError: (text, write) => write(redactUsageError(text)),
    });

  const wanted = commandNamed(argv);
  for (const entry of COMMANDS) {
    const command = program.command(entry.name, entry.isDefault === true ? { isDefault: true } : {}).description(entry.description);
    if (entry === wanted) (await entry.load()).register(command, ctx);
  }
  return program;
}

/**
 * Commander quotes an unknown option as typed, so `--password=secret` or `--emial=a@b` would echo
 * the value; keep the option name and drop what follows `=`.
 */
export function redactUsageError(text: string): string {
  return text.replace(/(unknown option '[^'=]*)=[^']*'/g, "$1=…'");
}

/**
 * Runs one `linkwork` command line (the arguments after the program name) with these streams and
 * this environment, and returns the exit code: 0 done; 1 refused or failed; 2 a usage error,
 * invalid input or a bad environment. Coded errors become one line on stderr. Nothing on this
 * path exits the process, so tests call it in-process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  try {
    await (await buildCli(argv, ctx)).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed the usage error (or the help that was asked for).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliExit) {
      for (const line of err.lines) io.stderr.write(`${line}\n`);
      return err.exitCode;
    }
    if (isAppError(err)) {
      io.stderr.write(`error [${err.code}]: ${err.message}\n`);
      return err.code === 'invalid_input' ? 2 : 1;
    }
    const e = err as { name?: unknown; code?: unknown };
    // Unknown errors: name and code only (driver messages can quote personal data).
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? ` (${e.code})` : '';
    io.stderr.write(`error [internal]: ${name}${code}\n`);
    return 1;
  }
}

// Run when executed directly (npm start uses `tsx src/cli/main.ts`); bin/linkwork.js imports it.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
