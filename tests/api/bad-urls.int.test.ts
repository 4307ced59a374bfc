import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// A marker in each address: if an answer quotes the address back, the marker shows it.
const MARK = 'HX30BJ-Zebedee';

/** A raw HTTP/1.1 exchange over a real socket, so Node's own parser (and its limits) sees it. */
function rawRequest(port: number, target: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

/**
 * Malformed and over-long addresses get the app's own error shape and security headers, and the
 * answer never quotes the address. Before, Fastify's router answered them itself: its own body
 * (`FST_ERR_BAD_URL`, `'/…' is not a valid url component`) quoting the whole address, and no
 * CSP, nosniff or request id, because none of the app's hooks run for them.
 */
describe('malformed and over-long addresses', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t.close());

  const expectOwnError = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, message: string, what: string) => {
    expect(res.statusCode, what).toBe(400);
    expect(JSON.parse(res.body), what).toEqual({ error: { code: 'invalid_input', message } });
    expect(res.body, what).not.toContain(MARK);
    expect(res.headers['content-security-policy'], what).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    expect(res.headers['x-request-id'], what).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['cache-control'], what).toBe('no-store');
  };

  it('answers a malformed percent-encoding with its own error, on any method and path', async () => {
    for (const [method, url] of [
      ['GET', '/%'],
      ['GET', `/${MARK}/%`],
      ['GET', `/api/cases/${MARK}%E0%A4%A`],
      ['GET', `/api/v1/persons/${MARK}%E0%A4%A`],
      ['GET', `/api/v1/persons/${MARK}%E0%A4%A?limit=1`],
      ['GET', `/api/v1/public/questionnaires/${MARK}%`],
      ['POST', `/api/v1/referrals/${MARK}%ZZ/allocate`],
      ['DELETE', `/api/v1/${MARK}%C0`],
    ] as const) {
      const res = await t.app.inject({ method, url, ...(method === 'POST' ? { payload: { a: 1 } } : {}) });
      expectOwnError(res, 'The address is malformed', `${method} ${url}`);
    }
  });

  it('answers over-long addresses with its own error: a long parameter, a 100 kB path or query', async () => {
    for (const url of [
      `/api/v1/geo/postcodes/${MARK}${'A'.repeat(300)}`,
      `/api/v1/persons/${MARK}${'x'.repeat(250)}`,
      `/${MARK}${'a'.repeat(100_000)}`,
      `/api/v1/persons?q=${MARK}${'x'.repeat(100_000)}`,
    ]) {
      expectOwnError(await t.app.inject({ method: 'GET', url }), 'The address is too long', url.slice(0, 40));
    }
  });

  it('reads bad query strings without failing or quoting them', async () => {
    for (const q of ['%', '%ZZ', `a=${MARK}%E0%A4%A`, `${MARK}[]=1&${MARK}[x]=2`, '&&&==&', `limit=${MARK}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/status?${q}` });
      expect(res.statusCode, q).toBeLessThan(500);
      expect(res.body, q).not.toContain(MARK);
      expect(res.headers['x-content-type-options'], q).toBe('nosniff');
    }
  });

  it('over a real socket: a 6 kB address reaches the app; a 100 kB one is refused by Node (431) in the same shape', async () => {
    const mid = await rawRequest(port, `/api/v1/persons/${MARK}${'y'.repeat(6_000)}`);
    expectOwnError({ statusCode: mid.status, headers: mid.headers, body: mid.body }, 'The address is too long', '6 kB');

    const malformed = await rawRequest(port, `/api/v1/persons/${MARK}%E0%A4%A`);
    expectOwnError({ statusCode: malformed.status, headers: malformed.headers, body: malformed.body }, 'The address is malformed', 'socket %');

    // Node's HTTP parser refuses request lines and headers over 16 KB before Fastify sees them.
    const huge = await rawRequest(port, `/${MARK}${'z'.repeat(100_000)}`);
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toEqual({ error: { code: 'invalid_input', message: 'The address or headers are too long' } });
    expect(huge.body).not.toContain(MARK);
    expect(huge.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(huge.headers['x-content-type-options']).toBe('nosniff');
    expect(huge.headers['cache-control']).toBe('no-store');
  });
});
