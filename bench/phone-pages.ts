/**
 * The public pages on a slow phone connection: a real Linkwork server on a socket (demo data on a
 * throwaway SQLite file), Debian's Chromium at 390×844 with Chromium's own network throttling
 * (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) and an empty cache each run. For each page it
 * prints the bytes on the wire (headers and compressed bodies, every request until the form shows),
 * the first contentful paint, when the form became visible and the load event. Not a test: figures.
 *
 *   BENCH_ONLY=phone npm run bench
 *   BENCH_PHONE_RUNS=10 BENCH_ONLY=phone npm run bench
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { systemClock } from '../src/domain/clock.ts';
import { parseConfig } from '../src/domain/schemas/config.ts';
import { buildApp } from '../src/server/app.ts';
import { openMigrated, serviceDeps, WEB_ROOT } from '../src/server/runtime.ts';
import { seedDemo } from '../src/services/demo/seed-demo.ts';
import { systemActor } from '../src/services/kernel/context.ts';
import { createOutcomeLink } from '../src/services/outcomes/create-outcome-link.ts';
import { createPerson } from '../src/services/people/create-person.ts';
import { makeReferral } from '../tests/support/factories.ts';
import { ensureWebBuilt } from '../scripts/build-web.ts';

const RUNS = Number(process.env['BENCH_PHONE_RUNS'] ?? 5);
/** Chromium's DevTools throttling: the "slow phone" link. */
const SLOW_LINK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

interface Run {
  bytes: number;
  requests: number;
  fcp: number;
  form: number;
  load: number;
}

/** Opens `path` once in a fresh context on the slow link; resolves when `button` shows. */
async function measure(browser: Browser, baseUrl: string, path: string, button: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', baseURL: baseUrl });
  try {
    // When the form's button is first drawn, on the page's own clock (checked every frame). A string,
    // not a function: tsx's compiled functions call a helper (__name) that the page does not have.
    await context.addInitScript(`(() => {
      const name = ${JSON.stringify(button)};
      const check = () => {
        const shown = [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === name && b.getClientRects().length > 0);
        if (shown) window.__formAt = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })();`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      requests += 1;
    });
    await page.goto(path, { waitUntil: 'load', timeout: 60_000 });
    await page.getByRole('button', { name: button }).waitFor({ timeout: 60_000 });
    // (Not waitForFunction: it evaluates with eval, which the page's CSP refuses.)
    for (let i = 0; i < 100 && !(await page.evaluate(() => (window as unknown as { __formAt?: number }).__formAt !== undefined)); i++)
      await page.waitForTimeout(50);
    const times = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        form: (window as unknown as { __formAt: number }).__formAt,
        load: nav?.loadEventEnd ?? NaN,
      };
    });
    return { bytes, requests, ...times };
  } finally {
    await context.close();
  }
}

const range = (xs: number[], f: (n: number) => string): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${f(s[0] ?? NaN)}–${f(s[s.length - 1] ?? NaN)} (median ${f(s[Math.floor(s.length / 2)] ?? NaN)})`;
};
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Builds the web app if it changed, serves it with demo data and measures each public page RUNS times. */
export async function runPhonePagesBench(): Promise<void> {
  await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'linkwork-phone-bench-'));
  const config = parseConfig({ LINKWORK_DB: join(dir, 'bench.db'), LINKWORK_DEMO: '1', LINKWORK_LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' });
  const database = await openMigrated(config);
  const deps = { ...serviceDeps(database, config), clock: systemClock };
  await seedDemo(deps);
  // A person with an open case and a questionnaire link, as a link worker would send one.
  const practice = await deps.db.selectFrom('organisation').select(['id']).where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
  const person = await createPerson(deps, systemActor('bench'), { givenName: 'Ada', familyName: 'Quill', dateOfBirth: '1950-01-01', practiceId: practice.id });
  const open = await makeReferral(deps, person, { status: 'active', needs: ['loneliness'] });
  const link = await createOutcomeLink(deps, systemActor('bench'), open.id, { instrument: 'ons4', timepoint: 'review' });

  const app = await buildApp({ database, clock: systemClock, config, webRoot: WEB_ROOT });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const scratch = mkdtempSync(join(tmpdir(), 'linkwork-chromium-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
    ],
    env: { ...process.env, HOME: scratch },
  });
  process.stdout.write(
    `\nPublic pages on a slow phone link (${SLOW_LINK.latency} ms, ${(SLOW_LINK.downloadThroughput * 8e-6).toFixed(1)} Mbit/s down), 390×844, empty cache, ${RUNS} runs each; ` +
      `${cpus().length} CPU(s), load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n` +
      '  page             bytes on the wire until the form shows (all requests, headers included)\n',
  );
  try {
    for (const [name, path, button] of [
      ['self-referral', '/self-referral', 'Send my referral'],
      ['questionnaire', `/q/${link.token}`, 'Send my answers'],
      ['sign-in (staff)', '/sign-in', 'Sign in'],
    ] as const) {
      const runs: Run[] = [];
      let failed = 0;
      for (let i = 0; i < RUNS; i++) {
        // One stalled run on a busy machine should not lose the others' figures: it is counted instead.
        await measure(browser, baseUrl, path, button).then(
          (r) => runs.push(r),
          (err: unknown) => {
            failed += 1;
            process.stdout.write(`  ${name}: run ${i + 1} failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''}\n`);
          },
        );
      }
      if (failed > 0) process.stdout.write(`  ${name}: ${failed} of ${RUNS} runs failed; figures from the others\n`);
      const requests = range(
        runs.map((r) => r.requests),
        String,
      );
      process.stdout.write(
        `  ${name.padEnd(16)} ${range(
          runs.map((r) => r.bytes),
          kb,
        )} in ${requests} requests\n` +
          `  ${''.padEnd(16)} first contentful paint ${range(
            runs.map((r) => r.fcp),
            sec,
          )}; form visible ${range(
            runs.map((r) => r.form),
            sec,
          )}; load ${range(
            runs.map((r) => r.load),
            sec,
          )}\n`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}
