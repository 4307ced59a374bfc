import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { createService } from '../../src/services/directory/create-service.ts';
import { referToService } from '../../src/services/community/refer-to-service.ts';
import { createCliDatabase, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeOrg, makePerson, makeReferral, makeUser } from '../support/factories.ts';

const DAY = 86_400_000;

describe.each(TEST_DIALECTS)('linkwork jobs expire-referrals on %s', (dialect) => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await createCliDatabase(dialect);
  });
  afterEach(async () => db.drop());

  it('expires referrals unanswered for 14 days (by the real clock), tells the link worker, and is idempotent', async () => {
    const database = db.open();
    try {
      await migrateToLatest(database.db);
      // Referrals sent 15 days and 2 days ago: only the first is due.
      const clock = fixedClock(new Date(Date.now() - 15 * DAY));
      const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock, config: DEFAULT_SERVICE_CONFIG };
      const pcn = await makeOrg(deps, 'pcn', await makeOrg(deps, 'icb'));
      const practice = await makeOrg(deps, 'practice', pcn);
      const vcse = await makeOrg(deps, 'vcse');
      const lw = await makeUser(deps, 'link_worker', [practice]);
      await makeUser(deps, 'provider', [vcse]);
      const service = await createService(deps, systemActor('test'), {
        organisationId: vcse.id,
        name: 'Knit and natter',
        needs: ['loneliness'],
        takesReferrals: true,
      });
      const refer = async () => {
        const person = await makePerson(deps, practice);
        const kase = await makeReferral(deps, person, { status: 'active', linkWorkerId: lw.id });
        return referToService(deps, systemActor('test'), kase.id, { serviceId: service.id, kind: 'refer' });
      };
      const old = await refer();
      clock.advance(13 * DAY);
      const recent = await refer();
      expect([old.status, recent.status]).toEqual(['sent', 'sent']);
      await database.close();

      const first = await linkwork(db, ['jobs', 'expire-referrals']);
      expect(first, first.stderr).toMatchObject({ code: 0, stdout: 'Expired 1 community referral(s) with no response\n', stderr: '' });
      const second = await linkwork(db, ['jobs', 'expire-referrals']);
      expect(second).toMatchObject({ code: 0, stdout: 'Expired 0 community referral(s) with no response\n' });
    } finally {
      await database.close().catch(() => {});
    }

    const after = db.open();
    try {
      const rows = await after.db.selectFrom('community_referral').select(['id', 'status', 'decline_reason']).orderBy('sent_at').execute();
      expect(rows.map((r) => [r.status, r.decline_reason])).toEqual([
        ['no_response', 'no_response'],
        ['sent', null],
      ]);
      const expired = await after.db.selectFrom('audit_event').select(['actor_role', 'entity_id']).where('action', '=', 'community_referral.expired').execute();
      expect(expired).toEqual([{ actor_role: 'system:expiry-job', entity_id: rows[0]?.id }]);
      const notes = await after.db.selectFrom('notification').select('kind').where('kind', '=', 'community_referral_no_response').execute();
      expect(notes).toHaveLength(1);
    } finally {
      await after.close();
    }
  }, 60_000);
});
