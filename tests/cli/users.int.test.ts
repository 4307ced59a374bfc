import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, expectCodedError, expectNoEcho, linkwork, type CliDatabase } from './cli-support.ts';

const EMAIL = 'Jo.Barker@Practice.example';
const FIRST_PASSWORD = 'kettle orchard lantern 7';
const NEW_PASSWORD = 'quarry velvet honest 42';

describe.each(TEST_DIALECTS)('linkwork organisations and users on %s', (dialect) => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => db.drop());

  const run = (args: string[], input?: string) => linkwork(db, args, input === undefined ? {} : { input });
  const idFrom = (stdout: string): string => {
    const m = /\(([0-9a-f-]{36})\)/.exec(stdout);
    if (m?.[1] === undefined) throw new Error(`no id in: ${stdout}`);
    return m[1];
  };

  it('an operator migrates a fresh database, builds the organisation tree, and manages a link worker', async () => {
    const migrated = await run(['migrate']);
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    expect(migrated.stdout).toBe(`Database (${dialect}) is up to date\n`);

    // ICB → PCN → practice with an ODS code.
    const icb = await run(['orgs', 'add', '--kind', 'icb', '--name', 'Test ICB', '--ods', 'QTE']);
    expect(icb.stdout).toMatch(/^Created icb Test ICB \(/);
    const pcn = await run(['orgs', 'add', '--kind', 'pcn', '--name', 'Riverside PCN', '--ods', 'U12345', '--parent', idFrom(icb.stdout)]);
    expect(pcn.stdout).toMatch(/^Created pcn Riverside PCN \(/);
    const practice = await run([
      'orgs',
      'add',
      '--kind',
      'practice',
      '--name',
      'Mill Lane Surgery',
      '--ods',
      'B86001',
      '--parent',
      idFrom(pcn.stdout),
      '--list-size',
      '9000',
    ]);
    expect(practice).toMatchObject({ code: 0, stderr: '' });
    const practiceId = idFrom(practice.stdout);

    const orgList = await run(['orgs', 'list']);
    expect(orgList.code).toBe(0);
    const rows = orgList.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.map((r) => r.slice(1)).sort()).toEqual([
      ['icb', 'QTE', 'Test ICB'],
      ['pcn', 'U12345', 'Riverside PCN'],
      ['practice', 'B86001', 'Mill Lane Surgery'],
    ]);
    expect(rows.find((r) => r[1] === 'practice')?.[0]).toBe(practiceId);

    // A link worker, password piped on stdin (never on the command line, never printed).
    const added = await run(
      ['users', 'add', '--email', EMAIL, '--name', 'Jo Barker', '--role', 'link_worker', '--org', practiceId, '--password-stdin'],
      `${FIRST_PASSWORD}\n`,
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Created link_worker jo\.barker@practice\.example \(/);
    expect(added.stdout).not.toContain(FIRST_PASSWORD);

    // Refusals: weak passwords (exit 2), a duplicate email (conflict), an unknown role (usage error).
    const tooShort = await run(['users', 'add', '--email', 'short@practice.example', '--name', 'Short', '--role', 'admin', '--password-stdin'], 'Tiny-pass1\n');
    expectCodedError(tooShort, 'invalid_input', 2);
    expect(tooShort.stderr).toContain('at least 12 characters');
    expectNoEcho(tooShort, 'short@practice.example', 'Tiny-pass1');
    const common = await run(
      ['users', 'add', '--email', 'common@practice.example', '--name', 'Common', '--role', 'admin', '--password-stdin'],
      'Password123456!\n',
    );
    expectCodedError(common, 'invalid_input', 2);
    expect(common.stderr).toContain('too common');
    expectNoEcho(common, 'common@practice.example', 'Password123456!');
    const duplicate = await run(
      ['users', 'add', '--email', EMAIL.toUpperCase(), '--name', 'Jo Again', '--role', 'admin', '--password-stdin'],
      'another fine passphrase 9\n',
    );
    expectCodedError(duplicate, 'conflict', 1);
    expectNoEcho(duplicate, EMAIL, 'another fine passphrase 9', 'Jo Again');
    const wizard = await run(
      ['users', 'add', '--email', 'wizard@practice.example', '--name', 'Wizard', '--role', 'wizard', '--password-stdin'],
      'spell book candle tower\n',
    );
    expect(wizard.code).toBe(2);
    expect(wizard.stderr).toMatch(/^error: option '--role <role>' argument 'wizard' is invalid/m);
    expectNoEcho(wizard, 'wizard@practice.example', 'spell book candle tower');
    // A password typed as an unknown option is not echoed back in the usage error.
    const typed = await run(['users', 'add', '--email', 'typed@practice.example', '--name', 'Typed', '--role', 'admin', '--password=Hunter2-swordfish']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("unknown option '--password=…'");
    expectNoEcho(typed, 'Hunter2-swordfish', 'typed@practice.example');

    // Only the one account exists.
    const listed = await run(['users', 'list']);
    expect(listed.stdout).toBe('jo.barker@practice.example\tlink_worker\tactive\tJo Barker\n1 user(s)\n');

    // Disable hides it from the default list; --all shows it disabled; enable brings it back.
    const disabled = await run(['users', 'disable', EMAIL]);
    expect(disabled).toMatchObject({ code: 0, stdout: 'jo.barker@practice.example is now disabled\n' });
    const afterDisable = await run(['users', 'list', '--all', '--role', 'link_worker']);
    expect(afterDisable.stdout).toBe('jo.barker@practice.example\tlink_worker\tdisabled\tJo Barker\n1 user(s)\n');
    const enabled = await run(['users', 'enable', 'jo.barker@practice.example']);
    expect(enabled).toMatchObject({ code: 0, stdout: 'jo.barker@practice.example is now active\n' });

    // An unknown account is not_found, without echoing the address typed.
    const unknown = await run(['users', 'disable', 'nobody.here@practice.example']);
    expectCodedError(unknown, 'not_found', 1);
    expectNoEcho(unknown, 'nobody.here@practice.example');

    // Reset: a weak new password is refused (and not echoed), a good one is accepted.
    const weakReset = await run(['users', 'reset-password', EMAIL, '--password-stdin'], 'short-one\n');
    expectCodedError(weakReset, 'invalid_input', 2);
    expectNoEcho(weakReset, 'short-one', EMAIL);
    const reset = await run(['users', 'reset-password', EMAIL, '--password-stdin'], `${NEW_PASSWORD}\n`);
    expect(reset).toMatchObject({ code: 0, stderr: '', stdout: 'Password reset for jo.barker@practice.example; their sessions have ended\n' });

    // The new password signs in through the real API on the same database; the old one no longer does.
    const database = db.open();
    const config = parseConfig({ NODE_ENV: 'test', ...db.env, LINKWORK_DEMO: '0', LINKWORK_LOG_LEVEL: 'silent' });
    const app = await buildApp({ database, clock: systemClock, config, webRoot: null });
    try {
      const signIn = (password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: EMAIL, password } });
      expect((await signIn(FIRST_PASSWORD)).statusCode).toBe(401);
      const ok = await signIn(NEW_PASSWORD);
      expect(ok.statusCode, ok.body).toBe(200);
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: ok.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
      expect(me.json()).toMatchObject({ user: { email: 'jo.barker@practice.example', role: 'link_worker' } });

      // Every change above is in the trail; the refusals changed nothing.
      const events = await database.db.selectFrom('audit_event').select(['action', 'summary']).orderBy('seq').execute();
      expect(events.map((e) => e.action)).toEqual([
        'organisation.created',
        'organisation.created',
        'organisation.created',
        'user.created',
        'user.listed',
        'user.disabled',
        'user.listed',
        'user.enabled',
        'user.password_reset',
        'session.sign_in_failed',
        'session.signed_in',
      ]);
      expect(JSON.stringify(events)).not.toContain(FIRST_PASSWORD);
      expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
    } finally {
      await app.close();
      await database.close();
    }
  }, 180_000);
});
