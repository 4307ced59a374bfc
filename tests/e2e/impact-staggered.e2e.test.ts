import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { loadPracticeRows, observableReferralWorld } from '../support/practice-data-load.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The impact page's secondary card for whole practices: the staggered difference-in-differences
 * with its interval and the line explaining it, shown only when the extract holds the whole list
 * (list size set to the people loaded); nothing scrolls sideways at 390 px.
 */
describe.skipIf(!HAS_CHROMIUM)('impact page, whole practices', () => {
  let server: E2EServer;
  let browser: E2EBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const practices = await server.deps.db.selectFrom('organisation').select(['id', 'ods_code']).where('ods_code', 'in', ['X99001']).execute();
    const data = observableReferralWorld({
      seed: 29,
      practices: [{ ods: 'X99001', people: 3000 }],
      extractDate: '2026-11-30',
      removeAppointments: 0.3,
      removeFitNotes: 0.5,
    });
    await loadPracticeRows(server.deps, new Map(practices.map((p) => [p.ods_code ?? '', p.id])), data);
    await server.deps.db.updateTable('organisation').set({ list_size: 3000 }).where('ods_code', '=', 'X99001').execute();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the whole-practice comparison as a secondary card, and fits 390 px', async () => {
    const { page, problems } = await browser.newPage(server.baseUrl);
    await signIn(page, demoEmail('lead'), 'lead');
    await page.goto('/reports/impact?outcome=gp_appointments&practice=X99001');
    await page.getByTestId('impact-estimate').waitFor({ timeout: 60_000 });
    const card = page.getByTestId('impact-staggered');
    expect(await card.textContent()).toMatch(
      /Whole-practice comparison \(staggered difference-in-differences\)-?\d+\.\d\d .*95% interval -?\d+\.\d\d to -?\d+\.\d\d/,
    );
    expect(await card.textContent()).toMatch(/regression to the mean/);
    await screenshot(page, 'impact-staggered-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await card.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'impact-staggered-390');
    expect(problems).toEqual([]);
  }, 120_000);
});
