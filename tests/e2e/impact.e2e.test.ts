import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { loadPracticeRows, observableReferralWorld } from '../support/practice-data-load.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The impact page (/reports/impact) for the demo lead, on generated practice data for two demo
 * practices: the controlled estimate and its interval with the before/after figure beside it and
 * the regression-to-the-mean warning, the quarters as a chart and a table, and the value section
 * recomputed when the unit cost is edited; nothing scrolls sideways at 390 px.
 */
describe.skipIf(!HAS_CHROMIUM)('impact page', () => {
  let server: E2EServer;
  let browser: E2EBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const practices = await server.deps.db.selectFrom('organisation').select(['id', 'ods_code']).where('ods_code', 'in', ['X99001', 'X99002']).execute();
    const data = observableReferralWorld({
      seed: 21,
      practices: [
        { ods: 'X99001', people: 2500 },
        { ods: 'X99002', people: 2500 },
      ],
      extractDate: '2026-11-30',
      removeAppointments: 0.3,
      removeFitNotes: 0.5,
    });
    await loadPracticeRows(server.deps, new Map(practices.map((p) => [p.ods_code ?? '', p.id])), data);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the estimate beside the before/after figure with its warning, and recomputes the value', async () => {
    const { page, problems } = await browser.newPage(server.baseUrl);
    await signIn(page, demoEmail('lead'), 'lead');
    await page.goto('/reports');
    await page.getByTestId('card-report-impact').click();
    await page.getByTestId('impact-estimate').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('impact-estimate').textContent()).toMatch(/95% interval -?\d+\.\d\d to -?\d+\.\d\d/);
    expect(await page.getByTestId('impact-prepost').textContent()).toMatch(/Before and after alone-\d+\.\d\d/);
    expect(await page.getByTestId('impact-rtm-warning').textContent()).toMatch(/regression to the mean/);
    await page.getByTestId('impact-chart').waitFor();
    expect(await page.getByTestId('impact-quarters').locator('tbody tr').count()).toBe(8);
    const costRow = page.locator('.nhsuk-summary-list__row', { hasText: 'Their cost' });
    const before = await costRow.textContent();
    await page.getByLabel('Cost of one GP appointment (£)').fill('10');
    await expect.poll(() => costRow.textContent()).not.toBe(before);
    expect(await page.getByTestId('impact-wellbeing').textContent()).toMatch(/No paired life satisfaction data/);
    await screenshot(page, 'impact-desktop');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/reports/impact?outcome=fit_notes');
    await page.getByTestId('impact-estimate').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'impact-390');
    expect(problems).toEqual([]);
  }, 120_000);
});
