import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { systemClock } from '../../src/domain/clock.ts';
import { parseConfig } from '../../src/domain/schemas/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { serviceDeps } from '../../src/server/runtime.ts';
import type { ServiceDeps } from '../../src/services/kernel/context.ts';
import { DEMO_PASSWORD } from '../../src/services/identity/shared/demo-accounts.ts';
import { seedDemo, type DemoAccount } from '../../src/services/demo/seed-demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { CHROMIUM_PATH } from '../support/env.ts';

export { DEMO_PASSWORD };

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_ROOT = join(REPO, 'dist', 'web');
const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');

/**
 * Which host the browser uses. Chromium treats http://127.0.0.1 and http://localhost as
 * "potentially trustworthy" origins, so it keeps the `Secure; __Host-` session cookie there
 * (checked by the shell test: the cookie is set and sent back over plain http).
 */
export const HOST = '127.0.0.1';

export interface E2EServer {
  baseUrl: string;
  /** The seeded demo accounts (email, role, display name). */
  accounts: DemoAccount[];
  app: FastifyInstance;
  database: TestDatabase;
  deps: ServiceDeps;
  close(): Promise<void>;
}

/** A real Linkwork server on a fresh SQLite file with the demo data, on a free port. */
export async function startServer(env: Record<string, string> = {}): Promise<E2EServer> {
  // The demo data comes from the browser project's template, seeded on the real clock as this run began.
  const database = await createTestDatabase('sqlite', { demo: true });
  const config = parseConfig({ NODE_ENV: 'test', LINKWORK_DEMO: '1', LINKWORK_DB: 'unused', LINKWORK_LOG_LEVEL: 'silent', ...env });
  const deps: ServiceDeps = { ...serviceDeps(database, config), clock: systemClock };
  // On a seeded database seedDemo changes nothing and answers the demo accounts.
  const { accounts } = await seedDemo(deps);
  const app = await buildApp({ database, clock: systemClock, config, webRoot: WEB_ROOT });
  await app.listen({ host: HOST, port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return {
    baseUrl: `http://${HOST}:${address.port}`,
    accounts,
    app,
    database,
    deps,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export interface E2EBrowser {
  browser: Browser;
  /** A fresh context (cookies, storage) and page on the server, collecting page errors. */
  newPage(baseUrl: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a throwaway profile. */
export async function launchBrowser(): Promise<E2EBrowser> {
  // Playwright refuses --user-data-dir with launch(); it already gives each launch its own fresh
  // temporary profile. The temp dir here is for Chromium's crash dumps and caches, removed after.
  const scratch = mkdtempSync(join(tmpdir(), 'linkwork-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // British date inputs (dd/mm/yyyy) in screenshots, as users see them; fill() takes ISO dates either way.
      '--lang=en-GB',
      `--disk-cache-dir=${join(scratch, 'cache')}`,
      `--crash-dumps-dir=${join(scratch, 'crashes')}`,
    ],
    env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: join(scratch, 'config'), XDG_CACHE_HOME: join(scratch, 'cache') },
  });
  return {
    browser,
    async newPage(baseUrl) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const problems: string[] = [];
      // Any script error or CSP violation is a defect: collect them and let tests assert none.
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        // A refused request (401 for a wrong password, 404 for /api/v1/status) is logged by Chromium
        // as "Failed to load resource"; those are expected answers, not page faults.
        if (text.startsWith('Failed to load resource')) return;
        problems.push(`console: ${text}`);
      });
      return { context, page, problems };
    },
    async close() {
      await browser.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A record for people to look at, not an assertion: on a loaded machine a full page can take longer than 10 s.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, timeout: 60_000 });
}

/** Fills and submits the sign-in form (the page must be on /sign-in). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the sign-in page and signs in; resolves when the home page for that role shows. */
export async function signIn(page: Page, email: string, role: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, email, password);
  await page.getByTestId(`home-${role}`).waitFor();
}

export const demoEmail = (role: string): string => `${role}@demo.linkwork.test`;

/** Fills NHS day/month/year date boxes (a group labelled by its legend) with an ISO date. */
export async function fillIsoDate(group: Locator, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-') as [string, string, string];
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

/** The UTC date `days` days before now, YYYY-MM-DD. */
export const isoDaysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
