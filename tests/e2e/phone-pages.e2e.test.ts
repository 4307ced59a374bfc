import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createOutcomeLink } from '../../src/services/outcomes/create-outcome-link.ts';
import { createPerson } from '../../src/services/people/create-person.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { makeReferral } from '../support/factories.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { launchBrowser, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The public pages (self-referral, a person's questionnaire link) are opened on phones over poor
 * connections: they download only what they need (not the staff app), compressed, with no source
 * maps, and the hashed files are cached for a year while the app shell is asked for afresh.
 * Sizes, not times: bench/phone-pages.ts measures the times on a throttled link.
 */

/**
 * What a public page may download as JS and CSS, compressed, headers included. The target
 * is 100 kB; the split build measures 170-184 kB (React 59 kB, zod 24 kB, nhsuk-frontend's CSS
 * 26 kB, react-hook-form 16 kB, TanStack Query 11 kB: see docs/design/http.md), against 1.07 MB
 * uncompressed before. This budget stops it growing back while the rest of the way is found.
 * Raised from 190 kB to 191 kB by issue 12: the employment-support phrases in the shared needs
 * vocabulary and the work fields in the case schemas the self-referral page imports took it to
 * 190,023 bytes. Splitting the needs phrases (only matching uses them) from their labels would win
 * that back and more.
 */
const PUBLIC_JS_CSS_BUDGET = 191_000;

interface Transfer {
  url: string;
  type: string;
  bytes: number;
  encoding: string | undefined;
}

/** Opens a page and records every response's bytes on the wire (headers and compressed body). */
async function load(page: Page, path: string, ready: () => Promise<unknown>): Promise<Transfer[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map<string, { url: string; type: string; encoding: string | undefined }>();
  const done: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => {
    seen.set(e.requestId, { url: e.response.url, type: e.type, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = seen.get(e.requestId);
    if (r !== undefined) done.push({ ...r, bytes: e.encodedDataLength });
  });
  await page.goto(path, { waitUntil: 'load' });
  await ready();
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return done;
}

describe.skipIf(!HAS_CHROMIUM)('public pages on a phone', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let questionnairePath: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const practice = await server.deps.db.selectFrom('organisation').select(['id']).where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
    const person = await createPerson(server.deps, systemActor('test'), {
      givenName: 'Ada',
      familyName: 'Quill',
      dateOfBirth: '1950-01-01',
      practiceId: practice.id,
    });
    const open = await makeReferral(server.deps, person, { status: 'active', needs: ['loneliness'] });
    const link = await createOutcomeLink(server.deps, systemActor('test'), open.id, { instrument: 'ons4', timepoint: 'review' });
    questionnairePath = `/q/${link.token}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages = [
    { name: 'self-referral', path: () => '/self-referral', ready: (page: Page) => page.getByRole('button', { name: 'Send my referral' }).waitFor() },
    { name: 'questionnaire', path: () => questionnairePath, ready: (page: Page) => page.getByRole('button', { name: 'Send my answers' }).waitFor() },
  ];

  for (const p of pages) {
    it(`the ${p.name} page downloads its own chunks compressed, within budget, and none of the staff app`, async () => {
      const { context, page, problems } = await browser.newPage(server.baseUrl);
      try {
        const transfers = await load(page, p.path(), () => p.ready(page));
        const assets = transfers.filter((t) => t.type === 'Script' || t.type === 'Stylesheet');
        const total = assets.reduce((sum, t) => sum + t.bytes, 0);
        expect(assets.length).toBeGreaterThan(0);
        // Every script and style sheet came compressed (brotli where the browser offers it).
        expect(assets.filter((t) => t.encoding !== 'br' && t.encoding !== 'gzip').map((t) => t.url)).toEqual([]);
        expect(total, assets.map((t) => `${new URL(t.url).pathname} ${t.bytes}`).join('\n')).toBeLessThanOrEqual(PUBLIC_JS_CSS_BUDGET);
        // Staff pages and the chart library are separate chunks that a public page never asks for.
        const names = assets.map((t) => new URL(t.url).pathname);
        expect(names.filter((n) => /\/(case|home-page|triage-page|report-page|score-chart-lib|sign-in-page)-[\w-]{8}\.js$/.test(n))).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('serves no source maps, caches hashed files for a year and asks again for the app shell', async () => {
    const { context, page } = await browser.newPage(server.baseUrl);
    try {
      const transfers = await load(page, '/self-referral', () => page.getByRole('heading', { level: 1 }).waitFor());
      const assetPaths = transfers.map((t) => new URL(t.url).pathname).filter((n) => n.startsWith('/assets/'));
      expect(assetPaths.length).toBeGreaterThan(0);
      for (const path of assetPaths) {
        const res = await server.app.inject({ url: path, headers: { 'accept-encoding': 'gzip, deflate, br' } });
        expect(res.statusCode, path).toBe(200);
        expect(res.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
        expect(res.headers['vary'], path).toMatch(/accept-encoding/i);
        if (/\.(js|css)$/.test(path)) {
          expect(res.headers['content-encoding'], path).toBe('br');
          // No pointer to a map in the file, and no map at the address it would have.
          const plain = await server.app.inject({ url: path, headers: { 'accept-encoding': 'identity' } });
          expect(plain.headers['content-encoding'], path).toBeUndefined();
          expect(plain.body, path).not.toContain('sourceMappingURL');
          const map = await server.app.inject({ url: `${path}.map` });
          expect(map.statusCode, `${path}.map`).toBe(404);
        }
      }
      // The shell, whichever page address answers with it, is never used from a cache unchecked.
      for (const path of ['/', '/index.html', '/self-referral', questionnairePath, '/cases/anything']) {
        const res = await server.app.inject({ url: path, headers: { 'accept-encoding': 'gzip' } });
        expect(res.statusCode, path).toBe(200);
        expect(res.headers['content-type'], path).toMatch(/^text\/html/);
        expect(res.headers['cache-control'], path).toBe('no-cache');
        expect(res.headers['content-encoding'], path).toBe('gzip');
        expect(res.headers['vary'], path).toMatch(/accept-encoding/i);
      }
      // A public page's shell names its own chunks, so a phone fetches them with the app, not after it.
      const shellOf = async (path: string) => (await server.app.inject({ url: path, headers: { 'accept-encoding': 'identity' } })).body;
      expect(await shellOf('/self-referral')).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/self-referral-page-[\w-]{8}\.js">/);
      expect(await shellOf(questionnairePath)).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/questionnaire-page-[\w-]{8}\.js">/);
      expect(await shellOf('/cases/anything')).not.toMatch(/self-referral-page|questionnaire-page/);
    } finally {
      await context.close();
    }
  });
});
