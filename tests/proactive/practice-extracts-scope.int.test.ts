import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importPracticeData } from '../../src/services/proactive/import-practice-data.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type TestApp } from '../support/test-app.ts';
import { EVENTS_HEADER, eventLine, PEOPLE_HEADER, personLine, testNhs } from './practice-data-support.ts';

/**
 * Who sees which practice data extracts over HTTP: a practice's staff their own practice's; a link
 * worker the practices they cover; a lead their PCN's; a commissioner none (aggregates only).
 * Summaries only: no NHS number in any answer.
 */
describe.each(TEST_DIALECTS)('GET /api/v1/proactive/practice-extracts on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  const emails: Record<string, string> = {};
  const ods: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-practice-scope-'));
    const h = await makeHierarchy(t.deps);
    Object.assign(ods, { a1: h.a1.odsCode, a2: h.a2.odsCode, b1: h.b1.odsCode });
    emails['referrerA1'] = (await makeUser(t.deps, 'referrer', [h.a1])).email;
    emails['referrerB2'] = (await makeUser(t.deps, 'referrer', [h.b2])).email;
    emails['linkWorkerA2'] = (await makeUser(t.deps, 'link_worker', [h.a2])).email;
    emails['leadA'] = (await makeUser(t.deps, 'lead', [h.pcnA])).email;
    emails['commissioner'] = (await makeUser(t.deps, 'commissioner', [h.icb])).email;
    // One person at each of a1, a2 and b1.
    const people = join(dir, 'people.csv');
    const events = join(dir, 'events.csv');
    writeFileSync(
      people,
      [
        PEOPLE_HEADER,
        personLine({ nhs: testNhs(1), ods: h.a1.odsCode ?? '' }),
        personLine({ nhs: testNhs(2), ods: h.a2.odsCode ?? '' }),
        personLine({ nhs: testNhs(3), ods: h.b1.odsCode ?? '' }),
      ].join('\n'),
    );
    writeFileSync(events, [EVENTS_HEADER, eventLine(testNhs(1), '2026-02-02', 'appointment', { role: 'gp' })].join('\n'));
    await importPracticeData(t.deps, systemActor(), { people, events });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const extractsFor = async (who: string) => {
    const s = await sessionFor(t, emails[who] ?? '');
    return t.app.inject({ method: 'GET', url: '/api/v1/proactive/practice-extracts', headers: s.headers });
  };

  it('a practice’s staff see their own practice’s extract only; another practice’s staff see none', async () => {
    const mine = await extractsFor('referrerA1');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<{ extracts: { practice: { odsCode: string }; people: number; events: number; current: boolean }[] }>().extracts).toEqual([
      expect.objectContaining({ practice: expect.objectContaining({ odsCode: ods['a1'] }), extractDate: '2026-11-01', people: 1, events: 1, current: true }),
    ]);
    expect(mine.body).not.toMatch(/999\d{7}/);
    const other = await extractsFor('referrerB2');
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ extracts: [] });
  });

  it('a link worker sees the practices they cover; a lead their PCN’s; a commissioner is refused', async () => {
    const lw = await extractsFor('linkWorkerA2');
    expect(lw.json<{ extracts: { practice: { odsCode: string } }[] }>().extracts.map((e) => e.practice.odsCode)).toEqual([ods['a2']]);
    const lead = await extractsFor('leadA');
    expect(
      lead
        .json<{ extracts: { practice: { odsCode: string } }[] }>()
        .extracts.map((e) => e.practice.odsCode)
        .sort(),
    ).toEqual([ods['a1'], ods['a2']].sort());
    const commissioner = await extractsFor('commissioner');
    expect(commissioner.statusCode).toBe(403);
    expect(commissioner.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});
