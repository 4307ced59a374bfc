import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Permission } from '../../src/domain/permissions.ts';
import { ROLES, type Role } from '../../src/domain/roles.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { createService } from '../../src/services/directory/create-service.ts';
import { importDirectory } from '../../src/services/directory/import-directory.ts';
import { importNspl } from '../../src/services/geo/import-nspl.ts';
import { importPracticeData } from '../../src/services/proactive/import-practice-data.ts';
import { DEMO_DIRECTORY_FILES } from '../../src/services/demo/seed-demo-directory.ts';
import { DEMO_GEO_FILES } from '../../src/services/demo/seed-demo.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeReferral } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

/**
 * Walks the whole role × permission matrix through real HTTP requests: each permission has a
 * request that needs it; a role holding it gets a 2xx, a role without it a coded 403 that is
 * itself audited. geo:import, directory:import and practice_data:import have no HTTP route (command line only) and are
 * checked on their use cases.
 */
describe.each(TEST_DIALECTS)('role × permission matrix on %s', (dialect) => {
  let t: TestApp;
  const sessions = new Map<Role, Session>();
  let practiceOf: Record<string, string>;
  let counter = 0;
  let caseId = '';

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { demo: true });
    for (const role of ROLES) sessions.set(role, await sessionFor(t, `${role}@demo.linkwork.test`));
    const orgs = await t.database.db.selectFrom('organisation').select(['id', 'ods_code']).execute();
    practiceOf = Object.fromEntries(orgs.map((o) => [o.ods_code ?? o.id, o.id]));
    // A case at King Cross (X99002): in scope for the demo link worker and the lead.
    const qureshi = await t.database.db.selectFrom('person').select(['id', 'practice_id']).where('family_name', '=', 'Qureshi').executeTakeFirstOrThrow();
    const jo = await t.database.db.selectFrom('app_user').select('id').where('email', '=', 'link_worker@demo.linkwork.test').executeTakeFirstOrThrow();
    caseId = (await makeReferral(t.deps, { id: qureshi.id, practiceId: qureshi.practice_id }, { status: 'contacting', linkWorkerId: jo.id })).id;
  });
  afterAll(async () => t.close());

  const requestFor = (p: Permission, role: Role) => {
    const n = ++counter;
    const s = sessions.get(role);
    if (s === undefined) throw new Error('no session');
    const h = s.headers;
    // Each permission's representative request. A permission with no entry fails its test: every
    // permission must be reachable and checked over HTTP (geo:import is command-line only).
    const requests: Partial<Record<Permission, () => Promise<{ statusCode: number; body: string; json(): { error?: { code: string } } }>>> = {
      'organisation:read': () => t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: h }),
      'organisation:manage': () =>
        t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: h, payload: { kind: 'vcse', name: `Matrix VCSE ${n}` } }),
      'user:read': () => t.app.inject({ method: 'GET', url: '/api/v1/users', headers: h }),
      'user:manage': () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: h,
          payload: { email: `m${n}@example.org`, displayName: 'M', role: 'auditor', password: 'matrix-pass-phrase-99' },
        }),
      'person:read': () => t.app.inject({ method: 'GET', url: '/api/v1/persons', headers: h }),
      // X99002 is covered by the demo link worker and lead (through the PCN).
      'person:create': () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/persons',
          headers: h,
          payload: { givenName: 'Test', familyName: `Matrix${n}`, dateOfBirth: '1980-02-02', practiceId: practiceOf['X99002'] },
        }),
      'audit:read': () => t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: h }),
      'audit:export': () => t.app.inject({ method: 'GET', url: '/api/v1/audit-events.csv', headers: h }),
      'geo:read': () => t.app.inject({ method: 'GET', url: '/api/v1/geo/postcodes/HX1%201AA', headers: h }),
      // Referral intake: the demo referrer refers from their one practice (X99001); partners name any
      // practice; link workers and leads record proactive outreach at King Cross (X99002).
      'referral:create': () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/referrals',
          headers: h,
          payload: {
            ...(role === 'referrer' ? {} : { practiceId: practiceOf['X99002'] }),
            ...(role === 'link_worker' || role === 'lead' ? { source: 'proactive' } : {}),
            person: { givenName: 'Matrix', familyName: `Referral${n}`, dateOfBirth: '1975-05-05' },
            needs: ['loneliness'],
            consentGiven: true,
          },
        }),
      'referral:read_own': () => t.app.inject({ method: 'GET', url: '/api/v1/my-referrals', headers: h }),
      'discharge_message:read': () => t.app.inject({ method: 'GET', url: '/api/v1/practice-messages', headers: h }),
      'referral:triage': () => t.app.inject({ method: 'GET', url: '/api/v1/triage', headers: h }),
      // Qureshi (King Cross) at the version just read, so each allowed role's change applies.
      'person:update': async () => {
        const p = await t.database.db.selectFrom('person').select(['id', 'version']).where('family_name', '=', 'Qureshi').executeTakeFirstOrThrow();
        return t.app.inject({
          method: 'PATCH',
          url: `/api/v1/persons/${p.id}`,
          headers: h,
          payload: { version: Number(p.version), phone: `01632 9601${String(n % 100).padStart(2, '0')}` },
        });
      },
      // Two fresh records at King Cross (registered by the lead), merged by the role under test.
      'person:merge': async () => {
        const lead = sessions.get('lead')?.headers ?? {};
        const make = async (familyName: string) =>
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/v1/persons',
              headers: lead,
              payload: { givenName: 'Merge', familyName, dateOfBirth: '1966-06-06', practiceId: practiceOf['X99002'] },
            })
          ).json<{ id: string }>().id;
        const keep = await make(`Kept${n}`);
        const dup = await make(`Dup${n}`);
        return t.app.inject({
          method: 'POST',
          url: `/api/v1/persons/${keep}/merge`,
          headers: h,
          payload: { mergePersonId: dup, version: 1, mergePersonVersion: 1 },
        });
      },
      'case:read': () => t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: h }),
      'case:update': () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/contacts`,
          headers: h,
          payload: { at: t.clock.now().toISOString(), type: 'phone', successful: false },
        }),
      'unmet_need:record': () =>
        t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/unmet-needs`, headers: h, payload: { need: 'transport', kind: 'no_service' } }),
      'gp_record:export': () => t.app.inject({ method: 'GET', url: '/api/v1/gp-record-entries.csv', headers: h }),
      'notification:read': () => t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: h }),
      'service:read': () => t.app.inject({ method: 'GET', url: '/api/v1/services', headers: h }),
      // The demo provider's own organisation, so providers as well as leads and admins may add to it.
      'service:manage': async () => {
        const org = await t.database.db
          .selectFrom('organisation')
          .select('id')
          .where('name', '=', 'Calder Befriending Network (demo)')
          .executeTakeFirstOrThrow();
        return t.app.inject({
          method: 'POST',
          url: '/api/v1/services',
          headers: h,
          payload: { organisationId: org.id, name: `Matrix service ${n}`, needs: ['loneliness'], takesReferrals: true },
        });
      },
      // A signpost (not a referral), so each allowed role can repeat it on the same open case.
      'community_referral:create': async () => {
        const org = await t.database.db.selectFrom('organisation').select('id').where('kind', '=', 'vcse').orderBy('name').executeTakeFirstOrThrow();
        const svc = await createService(t.deps, systemActor('test'), {
          organisationId: org.id,
          name: `Matrix signpost ${n}`,
          needs: ['loneliness'],
          takesReferrals: false,
        });
        return t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/community-referrals`,
          headers: h,
          payload: { serviceId: svc.id, kind: 'signpost' },
        });
      },
      'community_referral:respond': () => t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: h }),
      // Outcomes: the instrument list; installing the synthetic pack under a fresh version; a case's outcomes; an ONS4 answer set.
      'instrument:read': () => t.app.inject({ method: 'GET', url: '/api/v1/instruments', headers: h }),
      'instrument:manage': () => {
        const pack = JSON.parse(readFileSync(new URL('../../packs/synthetic-wellbeing-pack.json', import.meta.url), 'utf8')) as {
          instrument: { version: string };
        };
        pack.instrument.version = `matrix-${n}`;
        return t.app.inject({ method: 'POST', url: '/api/v1/instruments/packs', headers: h, payload: pack });
      },
      'outcome:read': () => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/outcomes`, headers: h }),
      'outcome:record': () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/outcomes`,
          headers: h,
          payload: {
            instrument: 'ons4',
            timepoint: 'baseline',
            mode: 'telephone',
            administeredOn: t.clock.now().toISOString().slice(0, 10),
            answers: { life_satisfaction: 6, worthwhile: 7, happiness: 5, anxiety: 4 },
          },
        }),
      // Cohort outcome analysis (aggregate; suppressed for commissioners).
      'outcome:analyse': () => t.app.inject({ method: 'GET', url: '/api/v1/reports/outcomes?instrument=ons4', headers: h }),
      'service:approve': () => t.app.inject({ method: 'GET', url: '/api/v1/service-edits', headers: h }),
      // Insight (issue 11): a report, the quarterly return (a complete quarter), the unmet-need register with notes.
      'report:view': () => t.app.inject({ method: 'GET', url: '/api/v1/reports/demand', headers: h }),
      'report:return': () => t.app.inject({ method: 'GET', url: '/api/v1/reports/return?period=2026-Q2', headers: h }),
      'unmet_need:read_notes': () => t.app.inject({ method: 'GET', url: '/api/v1/reports/unmet-need/register', headers: h }),
      // Proactive cohorts (issue 12): the list of runs and what a new run may choose (no extract needed).
      'cohort:run': () => t.app.inject({ method: 'GET', url: '/api/v1/proactive/cohort-runs', headers: h }),
      // Proactive outreach (issue 12): the link workers' worklist, and the clinicians' list of who waits for review.
      'outreach:manage': () => t.app.inject({ method: 'GET', url: '/api/v1/proactive/outreach', headers: h }),
      'outreach:review': () => t.app.inject({ method: 'GET', url: '/api/v1/proactive/outreach/reviews', headers: h }),
      // Impact (issue 12): aggregates over the practice extracts in scope (none in the demo: n = 0, withheld).
      'impact:view': () => t.app.inject({ method: 'GET', url: '/api/v1/proactive/impact?outcome=gp_appointments', headers: h }),
      // Practice data (issue 12): the extract summaries in scope (importing is command line only, below).
      'practice_data:read': () => t.app.inject({ method: 'GET', url: '/api/v1/proactive/practice-extracts', headers: h }),
      // Move the King Cross case between the two link workers who cover King Cross, at its current version.
      'case:reassign': async () => {
        const c = await t.database.db.selectFrom('referral').select(['link_worker_id', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();
        const covering = await t.database.db
          .selectFrom('app_user')
          .select('id')
          .where('email', 'in', ['link_worker@demo.linkwork.test', 'link_worker3@demo.linkwork.test'])
          .execute();
        const target = covering.find((u) => u.id !== c.link_worker_id)?.id ?? '';
        return t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/reassign`,
          headers: h,
          payload: { linkWorkerId: target, version: Number(c.version) },
        });
      },
      // A one-click problem report on a demo listing (repeatable: each report is its own row).
      'service:report': async () => {
        const svc = await t.database.db.selectFrom('service').select('id').where('name', '=', 'Tuesday Singing for Wellbeing').executeTakeFirstOrThrow();
        return t.app.inject({ method: 'POST', url: `/api/v1/services/${svc.id}/problems`, headers: h, payload: { kind: 'other' } });
      },
    };
    if (p === 'geo:import' || p === 'directory:import' || p === 'practice_data:import') return undefined;
    const request = requests[p];
    if (request === undefined) throw new Error(`No HTTP request for ${p} in the access matrix`);
    return request;
  };

  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = can({ role }, permission);
      it(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, async () => {
        const send = requestFor(permission, role);
        if (send === undefined) {
          const actor = { kind: 'user' as const, userId: 'x', role, meta: { requestId: null, ip: null } };
          if (permission === 'practice_data:import') {
            // The permission comes first: a holder gets as far as the (missing) files.
            const run = importPracticeData(t.deps, actor, { people: '/nonexistent/people.csv', events: '/nonexistent/events.csv' });
            await expect(run).rejects.toMatchObject(allowed ? { code: 'invalid_input', details: { reason: 'file_not_found' } } : { code: 'forbidden' });
            return;
          }
          if (permission === 'directory:import') {
            const run = importDirectory(t.deps, actor, { location: { kind: 'file', path: DEMO_DIRECTORY_FILES.bristol }, source: 'matrix' });
            if (allowed) await expect(run).resolves.toMatchObject({ source: 'matrix' });
            else await expect(run).rejects.toMatchObject({ code: 'forbidden' });
            return;
          }
          const run = importNspl(t.deps, actor, DEMO_GEO_FILES.postcodes);
          if (allowed) await expect(run).resolves.toMatchObject({ imported: expect.any(Number) });
          else await expect(run).rejects.toMatchObject({ code: 'forbidden' });
          return;
        }
        const before = await t.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'access.denied')
          .executeTakeFirstOrThrow();
        const res = await send();
        if (allowed) {
          expect(res.statusCode, res.body).toBeLessThan(300);
        } else {
          expect(res.statusCode).toBe(403);
          expect(res.json().error?.code).toBe('forbidden');
          const after = await t.database.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'access.denied')
            .executeTakeFirstOrThrow();
          expect(Number(after.n)).toBe(Number(before.n) + 1);
        }
      });
    }
  }
});
