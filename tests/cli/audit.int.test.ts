import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalAuditText, GENESIS_HASH } from '../../src/domain/audit.ts';
import type { Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { AuditEventTable } from '../../src/db/schema.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor } from '../../src/services/kernel/context.ts';
import { createOrganisation } from '../../src/services/organisations/create-organisation.ts';
import { AUDIT_CSV_COLUMNS } from '../../src/services/audit/export-audit-events.ts';
import { bindAuditKey, hmacSha256 } from '../../src/services/kernel/audit-key.ts';
import { sha256 } from '../../src/services/kernel/ids.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { PG_URL } from '../support/env.ts';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase, type RunOptions } from './cli-support.ts';

describe.each(TEST_DIALECTS)('linkwork audit verify and export on %s', (dialect) => {
  let db: CliDatabase;
  let database: Database;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
    database = db.open();
    await migrateToLatest(database.db);
    // A short trail written the ordinary way: six organisations, six events.
    const deps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
    for (let i = 1; i <= 6; i++) await createOrganisation(deps, systemActor('test'), { kind: 'vcse', name: `Community group ${i}` });
  });
  afterEach(async () => {
    await database.close();
    await db.drop();
  });

  const verify = () => linkwork(db, ['audit', 'verify']);
  const row = (seq: number): Promise<AuditEventTable> => database.db.selectFrom('audit_event').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
  const idOf = async (seq: number): Promise<string> => (await row(seq)).id;
  const put = (r: AuditEventTable) => database.db.insertInto('audit_event').values(r).execute();
  const set = (seq: number, change: Partial<Pick<AuditEventTable, 'action' | 'summary' | 'hash'>>) =>
    database.db.updateTable('audit_event').set(change).where('seq', '=', seq).execute();
  /** The hash an attacker would compute for an edited row, to make it self-consistent. */
  const forgedHash = (r: AuditEventTable): string =>
    sha256(
      canonicalAuditText({
        seq: Number(r.seq),
        id: r.id,
        at: r.at,
        actorUserId: r.actor_user_id,
        actorRole: r.actor_role,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        personId: r.person_id,
        requestId: r.request_id,
        ip: r.ip,
        outcome: r.outcome,
        summary: r.summary,
        prevHash: r.prev_hash,
      }),
    );

  it('exports the trail as CSV and verifies it intact', async () => {
    const exported = await linkwork(db, ['audit', 'export']);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const lines = exported.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    const records = parse<Record<string, string>>(exported.stdout, { columns: true });
    // One line per event: the six, then the export itself (audited before the first byte leaves).
    expect(records.map((r) => Number(r['seq']))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(lines).toHaveLength(8);
    expect(records.map((r) => r['action'])).toEqual([...Array<string>(6).fill('organisation.created'), 'audit.exported']);
    expect(records[0]).toMatchObject({ id: await idOf(1), hash: (await row(1)).hash, actor_role: 'system:test', outcome: 'success' });

    // Written with no audit key (demo mode off, LINKWORK_AUDIT_KEY unset): intact, but it says so.
    const ok = await verify();
    expect(ok).toMatchObject({
      code: 0,
      stderr: '',
      stdout:
        'Audit trail intact: 7 event(s) verified\nNone of its events is keyed: set LINKWORK_AUDIT_KEY so that nobody with only database access can rewrite it.\n',
    });
  }, 60_000);

  it('names the first bad event when rows are edited, re-hashed, deleted from the middle or from the end', async () => {
    const originals = new Map<number, AuditEventTable>();
    for (const seq of [2, 3, 4, 5, 6]) originals.set(seq, await row(seq));
    const restore = async (seq: number) => {
      const o = originals.get(seq);
      if (o === undefined) throw new Error(`no original for ${seq}`);
      await database.db.deleteFrom('audit_event').where('seq', '=', seq).execute();
      await put(o);
    };

    // (a) An edited action on event 5 …
    await set(5, { action: 'organisation.viewed' });
    const one = await verify();
    expect(one.code).toBe(1);
    expect(one.stdout).toBe('');
    expect(one.stderr).toBe(
      `Audit trail BROKEN at event seq 5 (id ${await idOf(5)}): altered (the event was edited: it no longer matches its own hash); 4 event(s) before it verified\n`,
    );
    // … and an edited summary on event 3 as well: the report names 3, the first.
    await set(3, { summary: '{"kind":"icb","odsCode":null}' });
    const two = await verify();
    expect(two.code).toBe(1);
    expect(two.stderr).toMatch(new RegExp(`^Audit trail BROKEN at event seq 3 \\(id ${await idOf(3)}\\): altered .*; 2 event\\(s\\) before it verified\\n$`));
    await restore(3);
    await restore(5);

    // An edit given a fresh, self-consistent hash is caught by the next event's link: event 2 is named.
    const edited = { ...(await row(2)), summary: '{"kind":"vcse","odsCode":"FORGED"}' };
    await set(2, { summary: edited.summary, hash: forgedHash(edited) });
    // A later deletion too; the first bad event still wins.
    await database.db.deleteFrom('audit_event').where('seq', '=', 4).execute();
    const rehashed = await verify();
    expect(rehashed.code).toBe(1);
    expect(rehashed.stderr).toMatch(
      new RegExp(`^Audit trail BROKEN at event seq 2 \\(id ${await idOf(2)}\\): rehashed .*; 1 event\\(s\\) before it verified\\n$`),
    );
    await restore(2);

    // (b) Event 4 deleted from the middle: named as missing.
    const missing = await verify();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Audit trail BROKEN at event seq 4: missing (no event has this number: it was deleted); 3 event(s) before it verified\n');
    await restore(4);

    // (c) The last event deleted: the trail no longer reaches the chain head.
    await database.db.deleteFrom('audit_event').where('seq', '=', 6).execute();
    const truncated = await verify();
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/^Audit trail BROKEN at event seq 6: truncated .*; 5 event\(s\) before it verified\n$/);
    await restore(6);

    // Put back exactly as it was, the trail verifies again (so each check above saw only its own damage).
    const intact = await verify();
    expect(intact).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Audit trail intact: 6 event\(s\) verified\n/) as unknown });
  }, 120_000);
});

describe.each(TEST_DIALECTS)('audit checkpoints against tampering on %s', (dialect) => {
  const KEY = 'test-audit-key-0123456789abcdef0123456789abcdef';
  const withKey: RunOptions = { env: { LINKWORK_AUDIT_KEY: KEY } };
  let db: CliDatabase;
  let database: Database;
  let dir: string;
  let file: string;
  let original: { rows: AuditEventTable[]; head: { seq: number; hash: string } };

  const rows = async (): Promise<AuditEventTable[]> => database.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  const setHead = (seq: number, hash: string) => database.db.updateTable('audit_chain_head').set({ seq, hash }).where('id', '=', 1).execute();
  /** Puts the trail back exactly as it was before the tampering. */
  const restore = async () => {
    await database.db.deleteFrom('audit_event').execute();
    for (const r of original.rows) await database.db.insertInto('audit_event').values(r).execute();
    await setHead(original.head.seq, original.head.hash);
  };
  /** What someone with database access but not the key can compute: plain SHA-256 over the canonical text. */
  const plainHash = (r: AuditEventTable): string => sha256(canonicalAuditText(contentOf(r)));
  const verify = (checkpoint = true, opts = withKey) => linkwork(db, ['audit', 'verify', ...(checkpoint ? ['--checkpoint', file] : [])], opts);

  beforeEach(async () => {
    db = await createCliDatabase(dialect);
    database = db.open();
    await migrateToLatest(database.db);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-checkpoint-'));
    file = join(dir, 'checkpoint.json');
    const deps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
    // Events 1–4 from before the trail was keyed (plain SHA-256), 5–7 keyed, 8 the checkpoint, 9–10 after it.
    for (let i = 1; i <= 4; i++) await createOrganisation(deps, systemActor('test'), { kind: 'vcse', name: `Before the key ${i}` });
    bindAuditKey(database.db, KEY);
    for (let i = 1; i <= 3; i++) await createOrganisation(deps, systemActor('test'), { kind: 'vcse', name: `Keyed ${i}` });
    const taken = await linkwork(db, ['audit', 'checkpoint', '--out', file], withKey);
    expect(taken).toMatchObject({ code: 0, stdout: '', stderr: `Checkpoint of event seq 8 written to ${file}\n` });
    for (let i = 1; i <= 2; i++) await createOrganisation(deps, systemActor('test'), { kind: 'vcse', name: `After the checkpoint ${i}` });
    const head = await database.db.selectFrom('audit_chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    original = { rows: await rows(), head: { seq: Number(head.seq), hash: head.hash } };
  });
  afterEach(async () => {
    await database.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a checkpoint of the head, and verifies the keyed trail against it', async () => {
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(checkpoint).toMatchObject({
      format: 'linkwork-audit-checkpoint/1',
      seq: 8,
      hash: original.rows[7]?.hash,
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(original.rows.map((r) => r.hash_kind)).toEqual([...Array<string>(4).fill('sha256'), ...Array<string>(6).fill('hmac-sha256')]);
    expect(original.rows[7]?.action).toBe('audit.checkpointed');
    const ok = await verify();
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toBe(`Audit trail intact: 10 event(s) verified\nIt still holds the checkpoint of event seq 8 taken at ${String(checkpoint['at'])}.\n`);
    // To stdout, for an external store.
    const out = await linkwork(db, ['audit', 'checkpoint'], withKey);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ seq: 11 });
  }, 120_000);

  it('detects a deleted tail even when the chain head is reset to match', async () => {
    const last = original.rows[6];
    if (last === undefined) throw new Error('no event 7');
    await database.db.deleteFrom('audit_event').where('seq', '>', 7).execute();
    await setHead(7, last.hash);
    // The database alone is consistent again …
    expect((await verify(false)).code).toBe(0);
    // … the checkpoint is not fooled.
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^Audit trail BROKEN at event seq 8: shortened \(the checkpoint records events up to here and beyond, and the trail no longer has them/,
    );
  }, 120_000);

  it('detects an event rewritten with every later hash recomputed consistently without the key', async () => {
    // Event 3 edited; 3 to 10 given fresh plain hashes, each linked to the one before, and the head moved.
    let prevHash = original.rows[1]?.hash ?? '';
    for (const r of original.rows.slice(2)) {
      const forged = { ...r, summary: r.seq === 3 ? '{"kind":"icb","odsCode":null}' : r.summary, prev_hash: prevHash, hash_kind: 'sha256' };
      forged.hash = plainHash(forged);
      await database.db
        .updateTable('audit_event')
        .set({ summary: forged.summary, prev_hash: forged.prev_hash, hash: forged.hash, hash_kind: 'sha256' })
        .where('seq', '=', r.seq)
        .execute();
      prevHash = forged.hash;
    }
    await setHead(10, prevHash);
    expect((await verify(false)).code).toBe(0);
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Audit trail BROKEN at event seq 8: rewritten \(the checkpoint recorded another hash for this event: the history up to it was rewritten\)/,
    );

    // Left marked as keyed, with an HMAC under a guessed key, the rewrite is caught without a checkpoint too.
    await restore();
    const victim = original.rows[5];
    if (victim === undefined) throw new Error('no event 6');
    const edited = { ...victim, outcome: 'failure' };
    await database.db
      .updateTable('audit_event')
      .set({ outcome: 'failure', hash: hmacSha256('a-guessed-key-that-is-not-the-real-one', canonicalAuditText(contentOf(edited))) })
      .where('seq', '=', 6)
      .execute();
    const forged = await verify(false);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(
      new RegExp(`^Audit trail BROKEN at event seq 6 \\(id ${victim.id}\\): forged \\(the event is keyed but its HMAC does not match`),
    );
  }, 120_000);

  it('detects a forged event appended after the checkpoint, plain or keyed with a guess', async () => {
    const tail = original.rows[9];
    if (tail === undefined) throw new Error('no event 10');
    const forged: AuditEventTable = {
      ...tail,
      seq: 11,
      id: '019aforged0000000000000000000000',
      action: 'user.disabled',
      prev_hash: tail.hash,
      hash_kind: 'sha256',
    };
    forged.hash = plainHash(forged);
    await database.db.insertInto('audit_event').values(forged).execute();
    await setHead(11, forged.hash);
    const plain = await verify();
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      `Audit trail BROKEN at event seq 11 (id ${forged.id}): downgraded (the event has a plain hash after keyed ones: it was written without the audit key (forged, or by a process with no LINKWORK_AUDIT_KEY)); 10 event(s) before it verified\n`,
    );
    const keyedGuess = hmacSha256('a-guessed-key-that-is-not-the-real-one', canonicalAuditText(contentOf(forged)));
    await database.db.updateTable('audit_event').set({ hash_kind: 'hmac-sha256', hash: keyedGuess }).where('seq', '=', 11).execute();
    await setHead(11, keyedGuess);
    const guessed = await verify();
    expect(guessed.code).toBe(1);
    expect(guessed.stderr).toMatch(/^Audit trail BROKEN at event seq 11 \(id 019aforged0+\): forged /);
  }, 120_000);

  it('detects an emptied trail', async () => {
    await database.db.deleteFrom('audit_event').execute();
    await setHead(0, GENESIS_HASH);
    expect(await verify(false)).toMatchObject({ code: 0, stdout: 'Audit trail intact: 0 event(s) verified\n' });
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Audit trail BROKEN at event seq 1: shortened .*; 0 event\(s\) before it verified\n$/);
  }, 120_000);

  it('refuses a checkpoint that was edited, signed with another key, or not a checkpoint; and needs the key', async () => {
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...checkpoint, seq: 7, hash: original.rows[6]?.hash }));
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^Audit trail BROKEN at event seq 7: checkpoint_unsigned \(the checkpoint's signature does not match/);
    writeFileSync(file, JSON.stringify(checkpoint));
    expect((await verify(true, { env: { LINKWORK_AUDIT_KEY: 'another-audit-key-0123456789abcdef0123456789' } })).stderr).toMatch(/checkpoint_unsigned/);
    // Without the key the keyed events cannot be checked, and no checkpoint can be signed.
    const noKey = await verify(false, { env: {} });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^Audit trail BROKEN at event seq 5 \(id [^)]+\): key_missing \(it is keyed and LINKWORK_AUDIT_KEY is not set/);
    const cannotCheck = await verify(true, { env: {} });
    expectCodedError(cannotCheck, 'invalid_input', 2);
    expect(cannotCheck.stderr).toMatch(/set LINKWORK_AUDIT_KEY to check a checkpoint/);
    const cannotSign = await linkwork(db, ['audit', 'checkpoint'], { env: {} });
    expectCodedError(cannotSign, 'invalid_input', 2);
    expect(cannotSign.stderr).toMatch(/set LINKWORK_AUDIT_KEY/);
    writeFileSync(file, '{"not":"a checkpoint"}');
    const notOne = await verify();
    expectCodedError(notOne, 'invalid_input', 2);
    expect(notOne.stderr).toMatch(/not a Linkwork audit checkpoint/);
    // A short key is a configuration error naming the variable, never its value.
    const short = await linkwork(db, ['audit', 'verify'], { env: { LINKWORK_AUDIT_KEY: 'too-short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/LINKWORK_AUDIT_KEY/);
    expect(short.stderr).not.toContain('too-short');
  }, 120_000);
});

/** The hashed content of a stored row. */
function contentOf(r: AuditEventTable) {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    personId: r.person_id,
    requestId: r.request_id,
    ip: r.ip,
    outcome: r.outcome,
    summary: r.summary,
    prevHash: r.prev_hash,
  };
}

describe.skipIf(PG_URL === undefined)('PostgreSQL: the application role of docs/design/audit.md can only add to the trail', () => {
  const role = `lw_app_${randomBytes(5).toString('hex')}`;
  let db: CliDatabase;
  let admin: pg.Client;

  /** The SQL block of the design note, for this database and role (the owner is the test's superuser). */
  function documentedGrants(dbName: string): string[] {
    const note = readFileSync(new URL('../../docs/design/audit.md', import.meta.url), 'utf8');
    const block = /```sql\n([\s\S]*?)```/.exec(note.slice(note.indexOf('## PostgreSQL')))?.[1];
    if (block === undefined) throw new Error('no SQL block in docs/design/audit.md');
    return block
      .split('\n')
      .map((l) => l.replace(/--.*$/, '').trim())
      .join('\n')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '' && !s.includes('linkwork_owner'))
      .map((s) => s.replaceAll('linkwork_app', role).replace("PASSWORD '…'", "PASSWORD 'unused'").replace('DATABASE linkwork ', `DATABASE ${dbName} `));
  }

  beforeAll(async () => {
    db = await createCliDatabase('postgres');
    const owner = db.open();
    await migrateToLatest(owner.db);
    await owner.close();
    admin = new pg.Client({ connectionString: db.target.kind === 'postgres' ? db.target.url : '' });
    await admin.connect();
    const dbName = new URL(db.target.kind === 'postgres' ? db.target.url : 'postgres://x/x').pathname.slice(1);
    for (const statement of documentedGrants(dbName)) await admin.query(statement);
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${role}`);
    await c.end();
  });

  it('runs the app (start-up migration check, a use case, verify) but cannot update or delete audit rows', async () => {
    const url = new URL(db.target.kind === 'postgres' ? db.target.url : '');
    url.username = role;
    const asApp: RunOptions = { env: { DATABASE_URL: url.toString(), LINKWORK_AUDIT_KEY: 'x'.repeat(40) } };
    const added = await linkwork(db, ['orgs', 'add', '--kind', 'vcse', '--name', 'Role test group'], asApp);
    expect(added.code, added.stderr).toBe(0);
    const checkpoint = await linkwork(db, ['audit', 'checkpoint'], asApp);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    expect((await linkwork(db, ['audit', 'verify'], asApp)).code).toBe(0);

    const app = new pg.Client({ connectionString: url.toString() });
    await app.connect();
    try {
      const refused = async (statement: string) => expect(app.query(statement)).rejects.toThrow(/permission denied for table/);
      await refused(`UPDATE audit_event SET outcome = 'failure'`);
      await refused('DELETE FROM audit_event');
      await refused('TRUNCATE audit_event');
      await refused('DELETE FROM audit_event_person');
      await refused('DELETE FROM audit_chain_head');
      await refused(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (2, 0, 'x')`);
      // Other tables stay read-write for the app.
      await app.query(`UPDATE organisation SET name = name WHERE false`);
    } finally {
      await app.end();
    }
    expect(Number((await admin.query('SELECT count(*) AS n FROM audit_event')).rows[0]?.n)).toBe(2);
  }, 120_000);
});
