import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalAuditText } from '../../src/domain/audit.ts';
import type { Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { AuditEventTable } from '../../src/db/schema.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor } from '../../src/services/kernel/context.ts';
import { createOrganisation } from '../../src/services/organisations/create-organisation.ts';
import { AUDIT_CSV_COLUMNS } from '../../src/services/audit/export-audit-events.ts';
import { sha256 } from '../../src/services/kernel/ids.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createCliDatabase, linkwork, type CliDatabase } from './cli-support.ts';

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

    const ok = await verify();
    expect(ok).toMatchObject({ code: 0, stderr: '', stdout: 'Audit trail intact: 7 event(s) verified\n' });
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
    expect(intact).toMatchObject({ code: 0, stdout: 'Audit trail intact: 6 event(s) verified\n' });
  }, 120_000);
});
