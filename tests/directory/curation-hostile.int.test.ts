import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { curationWorld, type CurationWorld, type Who } from './curation-support.ts';

/**
 * Garbage at every directory curation route, as a provider, a lead, a link worker and nobody:
 * never a 5xx or an `internal` error, and the listing is untouched afterwards.
 */
describe.each(TEST_DIALECTS)('directory curation routes under hostile input on %s', (dialect) => {
  let w: CurationWorld;
  beforeAll(async () => {
    w = await curationWorld(dialect, { LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL: '1' });
  });
  afterAll(async () => w.t.close());

  it('answers every malformed request with a coded 4xx and leaves the content of the listing as it was', async () => {
    const NIL = '01900000-0000-7000-8000-000000000000';
    const s = w.service.singing;
    const routes = [
      ['GET', '/api/v1/directory/services'],
      ['GET', `/api/v1/services/${s}`],
      ['GET', '/api/v1/services/abc'],
      ['PATCH', `/api/v1/services/${s}`],
      ['PATCH', `/api/v1/services/${NIL}`],
      ['PUT', `/api/v1/services/${s}/needs`],
      ['POST', `/api/v1/services/${s}/verify`],
      ['POST', `/api/v1/services/${NIL}/archive`],
      ['POST', `/api/v1/services/${NIL}/restore`],
      ['POST', `/api/v1/services/${s}/problems`],
      ['GET', '/api/v1/service-problems'],
      ['POST', `/api/v1/service-problems/${NIL}/resolve`],
      ['GET', '/api/v1/service-edits'],
      ['POST', `/api/v1/service-edits/${NIL}/approve`],
      ['POST', `/api/v1/service-edits/abc/reject`],
    ] as const;
    const bodies = [
      'null',
      '[]',
      '"x"',
      '1e999',
      '{"__proto__":{"admin":true}}',
      '{"expectedVersion":"1","name":[]}',
      '{"expectedVersion":1,"minimumAge":-5,"waitingWeeks":1e9}',
      '{"expectedVersion":1,"needs":["flying"]}',
      '{"kind":"closed","note":"' + 'x'.repeat(600) + '"}',
      '{"reason":""}',
      '\u0000',
      '{'.repeat(3000),
    ];
    const queries = [
      '',
      '?limit=0',
      '?limit=abc',
      '?offset=-1',
      '?need=flying',
      '?capacity[]=open',
      '?stale=maybe',
      '?q=' + 'a'.repeat(200),
      '?status=x',
      '?x=%E0%A4%A',
    ];
    const who: (Who | undefined)[] = ['provider', 'lead', 'jo', undefined];
    for (const actor of who) {
      for (const [method, url] of routes) {
        for (const q of method === 'GET' ? queries : ['', '?x=%E0%A4%A']) {
          for (const body of method === 'GET' ? [undefined] : bodies) {
            const res = await w.t.app.inject({
              method,
              url: url + q,
              headers: { ...(actor === undefined ? {} : w.s[actor].headers), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
              ...(body === undefined ? {} : { payload: body }),
            });
            expect(res.statusCode, `${actor ?? 'anonymous'} ${method} ${url}${q} ${body?.slice(0, 40) ?? ''}`).toBeLessThan(500);
            expect(res.json().error?.code ?? 'ok').not.toBe('internal');
          }
        }
      }
    }
    // The only write that can succeed here is verify (it takes no body), which changes freshness, not content.
    const after = (await w.get('lead', `/api/v1/services/${s}`)).json();
    expect(after).toMatchObject({ version: 1, name: 'Tuesday Singing for Wellbeing', archived: false, pendingEdit: null, openProblems: 0 });
  }, 180_000);
});
