import { fileURLToPath } from 'node:url';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { countGeo } from '../../src/db/repositories/geo/postcodes.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, expectNoEcho, linkworkProcess, REPO_ROOT, spawnCli, type CliDatabase } from './cli-support.ts';

/**
 * The other CLI tests run commands in-process through runCli; these run the real `linkwork`
 * process, so its entry points, its standard input and its exit codes stay proved: `node
 * bin/linkwork.js` (the installed command) and `tsx src/cli/main.ts` (what `npm start` runs).
 */

const IMD = fileURLToPath(new URL('../../../shared/data/geo/imd2019-lsoa.csv', import.meta.url));
const TSX = `${REPO_ROOT}node_modules/tsx/dist/cli.mjs`;
const COMMANDS = [
  'serve',
  'migrate',
  'seed-demo',
  'users',
  'orgs',
  'audit',
  'report',
  'geo',
  'denominators',
  'practice-data',
  'instruments',
  'directory',
  'backup',
  'restore',
  'jobs',
  'cohort',
  'impact',
  'help',
];

describe('the linkwork process', () => {
  it('prints its help from both entry points, as runCli does in-process, and exits 0', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS') env[k] = v;
    const [bin, npmStart] = await Promise.all([spawnCli(['bin/linkwork.js', '--help'], env), spawnCli([TSX, 'src/cli/main.ts', '--help'], env)]);
    expect(bin).toMatchObject({ code: 0, stderr: '' });
    expect(bin.stdout).toMatch(/^Usage: linkwork \[options\] \[command\]\n\nLinkwork: social prescribing, end to end\n/);
    const listed = [...(bin.stdout.split('\nCommands:\n')[1] ?? '').matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(COMMANDS);
    expect(npmStart).toEqual(bin);

    let stdout = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        stdout += chunk.toString('utf8');
        done();
      },
    });
    const code = await runCli(['--help'], { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
    expect({ code, stdout }).toEqual({ code: 0, stdout: bin.stdout });
  }, 60_000);
});

describe.each(TEST_DIALECTS)('the linkwork process on %s', (dialect) => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => db.drop());

  it('reads a password on stdin, imports a file, and exits 1 or 2 with the coded error or usage on stderr', async () => {
    // The database is migrated first, so the runs below can go side by side.
    expect(await linkworkProcess(db, ['migrate'])).toMatchObject({ code: 0, stderr: '', stdout: `Database (${dialect}) is up to date\n` });
    const [added, imd, unknown, typed, badEnv] = await Promise.all([
      linkworkProcess(db, ['users', 'add', '--email', 'Sam.Okafor@Practice.example', '--name', 'Sam Okafor', '--role', 'admin', '--password-stdin'], {
        input: 'copper meadow thistle 31\n',
      }),
      linkworkProcess(db, ['geo', 'import-imd', IMD]),
      linkworkProcess(db, ['users', 'disable', 'nobody.here@practice.example']),
      linkworkProcess(db, ['users', 'add', '--email', 'typed@practice.example', '--name', 'Typed', '--role', 'admin', '--password=Hunter2-swordfish']),
      linkworkProcess(db, ['migrate'], { env: { LINKWORK_SESSION_IDLE_MINUTES: 'soon' } }),
    ]);

    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Created admin sam\.okafor@practice\.example \([0-9a-f-]{36}\)\n$/);
    expect(added.stdout).not.toContain('copper meadow thistle 31');

    expect(imd.code, imd.stderr).toBe(0);
    expect(imd.stdout).toMatch(/^Read 32844 rows: imported 32844, skipped 0 in \d+\.\ds\n$/);
    expect(imd.stderr).toMatch(/^LSOAs: 32,844 rows \([\d,]+\/s\) done\n$/);

    expectCodedError(unknown, 'not_found', 1);
    expect(unknown.stdout).toBe('');
    expectNoEcho(unknown, 'nobody.here@practice.example');

    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("unknown option '--password=…'");
    expectNoEcho(typed, 'Hunter2-swordfish', 'typed@practice.example');

    expect(badEnv).toMatchObject({ code: 2, stdout: '', stderr: 'config error: LINKWORK_SESSION_IDLE_MINUTES: Expected a whole number\n' });

    const database = db.open();
    try {
      expect((await countGeo(database.db)).lsoas).toBe(32844);
      const users = await database.db.selectFrom('app_user').select(['email', 'role']).execute();
      expect(users).toEqual([{ email: 'sam.okafor@practice.example', role: 'admin' }]);
      const actions = await database.db.selectFrom('audit_event').select('action').execute();
      expect(actions.map((a) => a.action).sort()).toEqual(['geo.imd_imported', 'user.created']);
    } finally {
      await database.close();
    }
  }, 120_000);
});
