import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { newId } from '../../src/services/kernel/ids.ts';
import { forgetMatchIndex, matchServicesForNeed, warmMatchIndex } from '../../src/services/directory/match-services.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../support/databases.ts';
import { makeDirectoryOrganisation } from '../support/directory-factories.ts';

// A directory past the size (10,000 services) at which the matcher's index is kept fresh in the
// background: built by the server as it starts, never waited for inside a transaction (on SQLite
// a background read would wait for that transaction: a deadlock), and rebuilt behind the scenes
// when a listing is added while searches go on being answered from the previous index.

const AT = '2026-11-01T09:00:00.000Z';
const FILLER = 10_050;
const NEED = 'lonely and likes singing';

async function addServices(t: TestDatabase, organisationId: string, names: readonly string[]): Promise<string[]> {
  const ids = names.map(() => newId());
  for (let i = 0; i < names.length; i += 500) {
    await t.db
      .insertInto('service')
      .values(
        names.slice(i, i + 500).map((name, k) => ({
          id: ids[i + k]!,
          organisation_id: organisationId,
          name,
          description: `${name}: advice and support in the community.`,
          needs: '[]',
          takes_referrals: 1,
          archived: 0,
          created_at: AT,
          updated_at: AT,
          status: 'active',
          last_verified_at: AT,
        })),
      )
      .execute();
  }
  return ids;
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(TEST_DIALECTS)('the matcher index of a large directory on %s', (dialect) => {
  let t: TestDatabase;
  let deps: ServiceDeps;
  let organisationId: string;
  const actor = systemActor('test');
  const match = () => matchServicesForNeed(deps, actor, { text: NEED, limit: 5 });

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    deps = { db: t.db, dialect: t.dialect, clock: fixedClock(new Date('2026-11-21T10:00:00Z')), config: DEFAULT_SERVICE_CONFIG };
    organisationId = (await makeDirectoryOrganisation(t.db, 'Filler Trust')).id;
    await addServices(
      t,
      organisationId,
      Array.from({ length: FILLER }, (_, i) => `Benefits advice point ${i}`),
    );
    await addServices(t, organisationId, ['Lonely hearts singing circle']);
  }, 120_000);
  afterAll(async () => {
    forgetMatchIndex(t.db);
    await t.drop();
  });

  it('answers a search that arrives while the start-up build is under way, without deadlock', async () => {
    forgetMatchIndex(t.db);
    const warming = warmMatchIndex(t.db);
    const answer = await match();
    await warming;
    expect(answer.results[0]?.service.name).toBe('Lonely hearts singing circle');
  }, 120_000);

  it('keeps answering from the previous index while a new listing is indexed in the background, then finds it', async () => {
    await warmMatchIndex(t.db);
    const [choirId] = await addServices(t, organisationId, ['Lonely singers choir and singing club']);
    // the search that notices the change is answered at once, from the index it had
    const first = await match();
    expect(first.results.map((r) => r.service.id)).not.toContain(choirId);
    // and the rebuild it started brings the new listing in
    const later = await eventually(match, (a) => a.results.some((r) => r.service.id === choirId));
    expect(later.results.map((r) => r.service.id)).toContain(choirId);
  }, 120_000);

  it('takes an archive into account after the background freshness check', async () => {
    await warmMatchIndex(t.db);
    const before = await match();
    const top = before.results[0]!.service.id;
    await t.db.updateTable('service').set({ archived: 1, updated_at: '2026-11-21T10:00:01.000Z' }).where('id', '=', top).execute();
    const later = await eventually(match, (a) => !a.results.some((r) => r.service.id === top), 30_000);
    expect(later.results.map((r) => r.service.id)).not.toContain(top);
  }, 120_000);
});
