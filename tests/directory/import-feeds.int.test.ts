import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importDirectory, type DirectoryImportSummary } from '../../src/services/directory/import-directory.ts';
import { verifyAuditChain } from '../../src/services/audit/verify-audit-chain.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { BRISTOL, NORTH_LINCS, openImportTest, readFeed, type ImportTest } from './import-support.ts';

// What the importer should make of the two real feeds, worked out here from the files themselves.
const bristol = readFeed(BRISTOL);
const northLincs = readFeed(NORTH_LINCS);
const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
const firstWithId = (feed: typeof bristol) => feed.filter((r, i) => feed.findIndex((x) => x['id'] === r['id']) === i);
const bristolUsable = firstWithId(bristol).filter((r) => !blank(r['name']) && (r['organization'] ?? null) !== null);
const orgIds = (rows: typeof bristol) => new Set(rows.map((r) => (r['organization'] as { id: string }).id));

const file = (path: string) => ({ kind: 'file', path }) as const;
const importFile = (t: ImportTest, path: string, source: string) => importDirectory(t.deps, systemActor(), { location: file(path), source });

async function failure(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected the import to fail');
}

describe('the real feeds the tests rely on', () => {
  it('are the documented Bristol and North Lincolnshire exports', () => {
    expect(bristol).toHaveLength(819);
    expect(northLincs).toHaveLength(738);
    expect(bristolUsable).toHaveLength(811);
    expect(orgIds(bristolUsable).size).toBe(594);
    expect(orgIds(northLincs).size).toBe(239);
  });
});

describe.each(TEST_DIALECTS)('importing the real ORUK feeds on %s', (dialect) => {
  let t: ImportTest;
  let first: { bristol: DirectoryImportSummary; northLincs: DirectoryImportSummary };
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    t = await openImportTest(dialect);
    let started = performance.now();
    const b = await importFile(t, BRISTOL, 'bristol');
    timings['bristol'] = performance.now() - started;
    started = performance.now();
    const n = await importFile(t, NORTH_LINCS, 'north-lincs');
    timings['north-lincs'] = performance.now() - started;
    first = { bristol: b, northLincs: n };
  });
  afterAll(async () => {
    process.stdout.write(
      `[directory import timings, ${dialect}] bristol ${Math.round(timings['bristol'] ?? 0)} ms, north-lincs ${Math.round(timings['north-lincs'] ?? 0)} ms\n`,
    );
    await t.close();
  });

  it('imports both cleanly with an honest summary', async () => {
    expect(first.bristol).toMatchObject({
      source: 'bristol',
      pages: 1,
      records: 819,
      created: 811,
      updated: 0,
      unchanged: 0,
      returned: 0,
      flaggedMissing: 0,
      skipped: { missing_name: 1, duplicate_id: 1, missing_organisation: 6 },
      // Three "web addresses" are names ("Warmley Community Centre"): dropped, counted.
      warnings: { invalid_url: 3 },
      organisations: { created: 594, updated: 0 },
      locations: { created: 0, updated: 0 },
    });
    expect(first.northLincs).toMatchObject({ records: 738, created: 738, skipped: {}, warnings: {}, organisations: { created: 239, updated: 0 } });
    expect(await t.count('service', { source: 'bristol' })).toBe(811);
    expect(await t.count('service', { source: 'north-lincs' })).toBe(738);
    expect(await t.count('organisation', { source: 'bristol' })).toBe(594);
    // Both feeds import in a few seconds.
    expect(timings['bristol']).toBeLessThan(15_000);
  });

  it('stores plain text, nulls for empty strings, and ids as text', async () => {
    const rows = await t.deps.db.selectFrom('service').selectAll().where('source', 'in', ['bristol', 'north-lincs']).execute();
    const texts = rows.flatMap((r) => [r.name, r.description, r.application_process, r.url, r.email, r.fees_description]);
    expect(texts.filter((v) => v !== null && /<\/?[a-z][^>]*>|&nbsp;|&amp;|&#\d+;/i.test(v))).toEqual([]);
    expect(texts.filter((v) => v === '')).toEqual([]);
    const orgs = await t.deps.db.selectFrom('organisation').select(['description', 'website', 'email']).where('source', '=', 'bristol').execute();
    expect(orgs.flatMap((o) => [o.description, o.website, o.email]).filter((v) => v === '')).toEqual([]);
    // Every web address is one (feeds' "www.example.org" gains its scheme).
    const urls = [...rows.map((r) => r.url), ...orgs.map((o) => o.website)].filter((u): u is string => u !== null);
    expect(urls.length).toBeGreaterThan(1_400);
    expect(urls.filter((u) => !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(u))).toEqual([]);
    expect(rows.find((r) => r.url === 'http://www.kateartereft.com')).toBeDefined();

    const wawy = rows.find((r) => r.external_id === '738f94e0-aa6c-6a5c-2395-7b64421ba2a5');
    expect(wawy).toMatchObject({
      name: '"We are with You" WAWY',
      email: 'victorhouse@northlincs.gov.uk',
      status: 'active',
      assured_date: '2024-12-10',
      fees_description: null,
      takes_referrals: 0,
      needs_source: 'classified',
      capacity: 'open',
      version: 1,
    });
    expect(wawy?.description).toMatch(/^Struggling with Drug & Alcohol Addiction\? We Are With You provide free and confidential Services/);
    expect(JSON.parse(wawy!.needs)).toContain('substance_use');
    const classification = JSON.parse(wawy!.classification) as { need: string; confidence: number; terms: string[] }[];
    expect(classification.find((c) => c.need === 'substance_use')?.terms.length).toBeGreaterThan(0);

    // The Bristol record with url "" and email "" has them as null.
    const emptyUrl = bristolUsable.find((r) => r['url'] === '' && r['email'] === '');
    const stored = rows.find((r) => r.external_id === emptyUrl?.['id']);
    expect(stored).toMatchObject({ url: null, email: null });
    // Bristol's services with no assured date keep null rather than ''.
    expect(rows.filter((r) => r.source === 'bristol' && r.assured_date === null)).toHaveLength(bristolUsable.filter((r) => r['assured_date'] === '').length);
  });

  it('turns the target audience into a taxonomy with linked terms', async () => {
    const taxonomies = await t.deps.db.selectFrom('taxonomy').select('name').orderBy('name').execute();
    expect(taxonomies.map((x) => x.name)).toEqual(expect.arrayContaining(['Target audience (bristol)', 'Attending type (north-lincs)']));
    const visual = await t.deps.db
      .selectFrom('taxonomy_term as t')
      .innerJoin('taxonomy_term as p', 'p.id', 't.parent_id')
      .innerJoin('taxonomy as x', 'x.id', 't.taxonomy_id')
      .select(['t.name', 'p.name as parent', 'x.name as taxonomy'])
      .where('t.name', '=', 'Visually Impaired')
      .where('x.name', '=', 'Target audience (bristol)')
      .executeTakeFirst();
    expect(visual).toEqual({ name: 'Visually Impaired', parent: 'Sensory Impaired', taxonomy: 'Target audience (bristol)' });
    const withAudience = bristolUsable.filter((r) => (r['pc_targetAudience'] as unknown[]).length > 0).length;
    const linked = await t.deps.db
      .selectFrom('attribute as a')
      .innerJoin('service as s', 's.id', 'a.link_id')
      .innerJoin('taxonomy_term as tt', 'tt.id', 'a.taxonomy_term_id')
      .innerJoin('taxonomy as x', 'x.id', 'tt.taxonomy_id')
      .select((eb) => eb.fn.count<number>('s.id').distinct().as('n'))
      .where('x.name', '=', 'Target audience (bristol)')
      .executeTakeFirstOrThrow();
    expect(Number(linked.n)).toBe(withAudience);
  });

  it('changes nothing when the same feeds are imported again, but audits the run', async () => {
    const before = await t.snapshot();
    const again = await importFile(t, BRISTOL, 'bristol');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 811, returned: 0, flaggedMissing: 0, organisations: { created: 0, updated: 0 } });
    const after = await t.snapshot();
    // Only the audit trail moved: one more event (and its chain head).
    expect({ ...after.counts, audit_event: 0 }).toEqual({ ...before.counts, audit_event: 0 });
    expect(after.counts['audit_event']).toBe((before.counts['audit_event'] ?? 0) + 1);
    const versions = await t.deps.db.selectFrom('service').select(['version', 'updated_at']).where('source', '=', 'bristol').execute();
    expect(new Set(versions.map((v) => v.version))).toEqual(new Set([1]));
    const events = await t.deps.db
      .selectFrom('audit_event')
      .select(['action', 'actor_role', 'entity_id', 'summary'])
      .where('action', '=', 'directory.imported')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.actor_role, e.entity_id])).toEqual([
      ['system:cli', 'bristol'],
      ['system:cli', 'north-lincs'],
      ['system:cli', 'bristol'],
    ]);
    const summary = JSON.parse(events[2]!.summary);
    expect(summary).toMatchObject({ records: 819, created: 0, unchanged: 811, skipped: 8 });
    expect([...summary.skippedReasons].sort()).toEqual(['duplicate_id:1', 'missing_name:1', 'missing_organisation:6']);
    expect((await verifyAuditChain(t.deps)).ok).toBe(true);
  });

  it('refuses a truncated file and leaves the directory byte for byte as it was', async () => {
    const before = await t.snapshot();
    const text = JSON.stringify(bristol);
    const truncated = t.write('truncated.json', text.slice(0, Math.floor(text.length * 0.6)));
    expect(await failure(importFile(t, truncated, 'bristol'))).toEqual({ code: 'invalid_input', details: { reason: 'not_json' } });
    expect(await t.snapshot()).toEqual(before);
  });

  it('refuses a feed with a broken record deep inside, rather than importing the rest', async () => {
    const before = await t.snapshot();
    const broken = bristol.map((r, i) => (i === 700 ? { ...r, organization: 'Acme' } : r));
    // The same feed minus many services and with one changed, so a partial write would show.
    const changed = broken.slice(100).map((r, i) => (i === 5 ? { ...r, name: 'Renamed' } : r));
    const e = await failure(importFile(t, t.write('broken.json', changed), 'bristol'));
    expect(e).toEqual({ code: 'invalid_input', details: { reason: 'malformed_record', record: 601, field: 'organization' } });
    expect(await t.snapshot()).toEqual(before);
  });

  it('rolls back everything when the import fails part-way through writing', async () => {
    const before = await t.snapshot();
    // A feed that creates, updates and flags at once; the "crash" comes after services were written.
    const changed = bristol.slice(50).map((r, i) => (i < 40 ? { ...r, name: `${String(r['name'])} (renamed)` } : r));
    const withNew = [...changed, { id: 'brand-new-1', name: 'New lunch club', organization: { id: 'new-org-1', name: 'New org' } }];
    const crash = () => {
      throw new Error('simulated crash while writing');
    };
    await expect(
      importDirectory(
        t.deps,
        systemActor(),
        { location: file(t.write('crash.json', withNew)), source: 'bristol' },
        { onProgress: (p) => (p.phase === 'write' && p.done > 0 ? crash() : undefined) },
      ),
    ).rejects.toThrow('simulated crash while writing');
    expect(await t.snapshot()).toEqual(before);
  });

  it('refuses files that are missing, empty feeds and the wrong shape, writing nothing', async () => {
    const before = await t.snapshot();
    expect(await failure(importFile(t, `${t.dir}/nope.json`, 'bristol'))).toMatchObject({
      code: 'invalid_input',
      details: { reason: 'file_not_found', systemCode: 'ENOENT' },
    });
    expect(await failure(importFile(t, t.write('empty.json', []), 'bristol'))).toMatchObject({ details: { reason: 'empty_feed' } });
    expect(await failure(importFile(t, t.write('shape.json', { services: bristol.slice(0, 3) }), 'bristol'))).toMatchObject({
      details: { reason: 'wrong_shape' },
    });
    // Records that are all unusable would flag every Bristol service as gone: refused instead.
    const nameless = bristol.map((r) => ({ ...r, name: '' }));
    expect(await failure(importFile(t, t.write('nameless.json', nameless), 'bristol'))).toEqual({
      code: 'invalid_input',
      details: { reason: 'no_usable_records', skipped: { missing_name: 819 } },
    });
    expect(await failure(importFile(t, BRISTOL, 'no spaces please'))).toMatchObject({ code: 'invalid_input' });
    expect(await t.snapshot()).toEqual(before);
  });

  it('flags services dropped from the feed (not deleted) and unflags them when they return', async () => {
    const dropped = bristolUsable.slice(10, 13).map((r) => r['id'] as string);
    const smaller = bristol.filter((r) => !dropped.includes(r['id'] as string));
    const r1 = await importFile(t, t.write('smaller.json', smaller), 'bristol');
    expect(r1).toMatchObject({ created: 0, updated: 0, unchanged: 808, flaggedMissing: 3 });
    const flagged = await t.deps.db
      .selectFrom('service')
      .select(['external_id', 'missing_from_source_at', 'archived'])
      .where('missing_from_source_at', 'is not', null)
      .execute();
    expect(flagged.map((f) => f.external_id).sort()).toEqual([...dropped].sort());
    expect(flagged.every((f) => f.missing_from_source_at === t.deps.clock.now().toISOString() && f.archived === 0)).toBe(true);
    // Still missing next time: not flagged again.
    expect(await importFile(t, t.write('smaller.json', smaller), 'bristol')).toMatchObject({ flaggedMissing: 0, unchanged: 808 });
    // Another source's import never flags Bristol's services.
    expect(await importFile(t, NORTH_LINCS, 'north-lincs')).toMatchObject({ unchanged: 738, flaggedMissing: 0 });
    const back = await importFile(t, BRISTOL, 'bristol');
    expect(back).toMatchObject({ unchanged: 811, returned: 3, flaggedMissing: 0 });
    expect(await t.deps.db.selectFrom('service').select('id').where('missing_from_source_at', 'is not', null).execute()).toEqual([]);
  });

  it('updates changed services but never what curators decided', async () => {
    const target = bristolUsable[20]!;
    const id = target['id'] as string;
    const row = await t.deps.db.selectFrom('service').selectAll().where('external_id', '=', id).executeTakeFirstOrThrow();
    await t.deps.db
      .updateTable('service')
      .set({
        capacity: 'waiting_list',
        waiting_weeks: 3,
        last_verified_at: '2026-11-01T10:00:00.000Z',
        last_verified_by: 'someone',
        archived: 1,
        takes_referrals: 1,
        needs_source: 'corrected',
        needs: '["food"]',
        classification: '[]',
      })
      .where('id', '=', row.id)
      .execute();
    const other = bristolUsable[21]!;
    const edited = bristol.map((r) =>
      r['id'] === id
        ? { ...r, description: '<p>Now a <b>lunch club</b> for lonely older people.</p>', url: '' }
        : r['id'] === other['id']
          ? { ...r, name: 'Renamed service' }
          : r,
    );
    const summary = await importFile(t, t.write('edited.json', edited), 'bristol');
    expect(summary).toMatchObject({ created: 0, updated: 2, unchanged: 809 });
    const after = await t.deps.db.selectFrom('service').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      description: 'Now a lunch club for lonely older people.',
      url: null,
      version: row.version + 1,
      capacity: 'waiting_list',
      waiting_weeks: 3,
      last_verified_at: '2026-11-01T10:00:00.000Z',
      last_verified_by: 'someone',
      archived: 1,
      takes_referrals: 1,
      needs_source: 'corrected',
      needs: '["food"]',
      classification: '[]',
    });
    // A service whose needs are still the classifier's is re-classified from its new text.
    const renamed = await t.deps.db
      .selectFrom('service')
      .select(['name', 'needs_source', 'version'])
      .where('external_id', '=', other['id'] as string)
      .executeTakeFirstOrThrow();
    expect(renamed).toEqual({ name: 'Renamed service', needs_source: 'classified', version: 2 });
  });

  it('two imports of one source at once: one imports, the other is refused (conflict) or finds nothing to do', async () => {
    const results = await Promise.allSettled([importFile(t, NORTH_LINCS, 'twice'), importFile(t, NORTH_LINCS, 'twice')]);
    const done = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.map((d) => d.created).sort()).toEqual(done.length === 2 ? [0, 738] : [738]);
    for (const e of refused) expect(isAppError(e) && e.code).toBe('conflict');
    expect(await t.count('service', { source: 'twice' })).toBe(738);
  });

  it('lets only holders of directory:import run it, and audits the refusal', async () => {
    const linkWorker = await makeUser(t.deps, 'link_worker', [(await makeHierarchy(t.deps)).a1]);
    const actor = { kind: 'user', userId: linkWorker.id, role: 'link_worker', meta: { requestId: null, ip: null } } as const;
    const before = await t.count('service');
    expect(await failure(importDirectory(t.deps, actor, { location: file(BRISTOL), source: 'bristol' }))).toMatchObject({ code: 'forbidden' });
    expect(await t.count('service')).toBe(before);
    const denied = await t.deps.db.selectFrom('audit_event').select(['summary']).where('action', '=', 'access.denied').execute();
    expect(denied.map((d) => JSON.parse(d.summary))).toContainEqual({ attempted: 'directory.imported', permission: 'directory:import', reason: 'forbidden' });
  });
});
