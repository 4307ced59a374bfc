import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSTORABLE_TEXT_MESSAGE } from '../../src/domain/schemas/text.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
};
type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: { in: string; name: string; schema?: JsonSchema }[] };

const NIL = '01900000-0000-7000-8000-000000000000';
const BAD = ['a\u0000b', '\uD800 lone high', 'lone low \uDC00'];

/** Every path to a string inside a JSON schema (`a.b.0.c`; arrays as index 0), at most 6 deep. */
function stringPaths(schema: JsonSchema | undefined, refs: Record<string, JsonSchema>, path: string[] = [], depth = 0): string[][] {
  if (schema === undefined || depth > 6) return [];
  if (schema.$ref !== undefined) return stringPaths(refs[schema.$ref.split('/').at(-1) ?? ''], refs, path, depth + 1);
  const out: string[][] = [];
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.includes('string') && path.length > 0) out.push(path);
  for (const [k, v] of Object.entries(schema.properties ?? {})) out.push(...stringPaths(v, refs, [...path, k], depth + 1));
  if (schema.items !== undefined) out.push(...stringPaths(schema.items, refs, [...path, '0'], depth + 1));
  for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) out.push(...stringPaths(alt, refs, path, depth + 1));
  return out;
}

/** A JSON value with `value` at `path` (index segments make arrays). */
function bodyWith(path: string[], value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

/**
 * NUL (which PostgreSQL cannot store in text) and lone UTF-16 surrogates (which drivers silently
 * turn into U+FFFD) are refused at the edge on every route: 400 invalid_input naming the field,
 * never a 500, and nothing stored. Before the guard, PostgreSQL answered 500 on free-text fields,
 * the public sign-in e-mail and self-referral text among them.
 */
describe.each(TEST_DIALECTS)('characters no database can store, on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let practiceId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { demo: true });
    admin = await sessionFor(t, 'admin@demo.linkwork.test');
    practiceId = (await t.database.db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99002').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  const rows = async () => {
    const out: Record<string, number> = {};
    for (const table of ['audit_event', 'referral', 'person', 'app_user', 'organisation'] as const) {
      const r = await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[table] = Number(r.n);
    }
    return out;
  };

  const expectRefused = (
    res: { statusCode: number; json: () => { error?: { code?: string; details?: { fields?: Record<string, string> } } } },
    field: string,
    what: string,
  ) => {
    expect(res.statusCode, what).toBe(400);
    const body = res.json();
    expect(body.error?.code, what).toBe('invalid_input');
    expect(body.error?.details?.fields?.[field], what).toBe(UNSTORABLE_TEXT_MESSAGE);
  };

  it('refuses them in the public forms (sign-in e-mail, self-referral text) with the field named, storing nothing', async () => {
    const before = await rows();
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'admin@demo.linkwork.test\u0000', password: 'x' } });
    expectRefused(signIn, 'email', 'sign-in');
    const form = {
      firstName: 'Maureen',
      lastName: 'Ibbotson',
      dateOfBirth: '1957-06-30',
      phone: '01632 960444',
      howToContactYou: ['phone'],
      gpPracticeId: practiceId,
      whatWouldHelp: ['loneliness'],
      consent: true,
    };
    for (const [field, value] of [
      ['inYourOwnWords', 'I hardly see anyone\u0000'],
      ['firstName', 'Maur\uD800een'],
      ['language', '\uDC00Polish'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/self-referrals',
        remoteAddress: '198.51.100.77',
        payload: { ...form, [field]: value },
      });
      expectRefused(res, field, `self-referral ${field}`);
    }
    expect(await rows()).toEqual(before);
  });

  it('refuses them in every string field of every POST, PUT and PATCH body, path and query in the API', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, Operation>>;
      components?: { schemas?: Record<string, JsonSchema> };
    }>();
    const refs = doc.components?.schemas ?? {};
    const before = await rows();
    let bodies = 0;
    let params = 0;
    let queries = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const upper = method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
        const url = template.replace(/\{[^}]+\}/g, NIL);
        const send = (u: string, payload?: unknown) =>
          t.app.inject({
            method: upper,
            url: u,
            headers: admin.headers,
            remoteAddress: `203.0.113.${(bodies + params + queries) % 250}`,
            ...(payload === undefined ? {} : { payload: payload as object }),
          });
        const body = op.requestBody?.content?.['application/json']?.schema;
        for (const path of stringPaths(body, refs)) {
          for (const bad of BAD) {
            const res = await send(url, bodyWith(path, bad));
            expectRefused(res, path.join('.'), `${upper} ${template} ${path.join('.')}`);
            bodies++;
          }
        }
        for (const p of op.parameters ?? []) {
          if (!stringPaths({ properties: { [p.name]: p.schema ?? {} } }, refs).some((s) => s.length === 1)) continue;
          if (p.in === 'path') {
            const res = await send(template.replace(`{${p.name}}`, 'a%00b').replace(/\{[^}]+\}/g, NIL));
            expectRefused(res, p.name, `${upper} ${template} :${p.name}`);
            params++;
          } else if (p.in === 'query') {
            const res = await send(`${url}?${encodeURIComponent(p.name)}=a%00b`);
            expectRefused(res, p.name, `${upper} ${template} ?${p.name}`);
            queries++;
          }
        }
      }
    }
    // The sweep really covered the API (figures from the OpenAPI document of 2026-12-07).
    expect(bodies).toBeGreaterThan(300);
    expect(params).toBeGreaterThan(3);
    expect(queries).toBeGreaterThan(20);
    // An address no route serves is not found, whatever its characters.
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here/%00', headers: admin.headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    expect(await rows()).toEqual(before);
  }, 120_000);
});
