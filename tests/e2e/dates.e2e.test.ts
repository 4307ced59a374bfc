import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * Dates in the British order whatever the browser: a PCN lead whose Chromium is set to American
 * English used to see mm/dd/yyyy in every date field (the browser's own picker follows its locale,
 * not the page). Every date is now the NHS day, month and year boxes with an en-GB hint.
 */
describe.skipIf(!HAS_CHROMIUM)('dates in an American-English browser', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let page: Page;

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('asks for day, month and year with a British example, and says a bad date in words', async () => {
    const context = await chrome.browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'Europe/London',
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await signIn(page, demoEmail('pcn_lead'), 'pcn_lead');
    await page.goto('/reports/outcomes');
    await page.getByRole('heading', { level: 1, name: /Wellbeing outcomes/ }).waitFor();
    expect(await page.locator('main input[type="date"]').count()).toBe(0);

    const from = page.getByRole('group', { name: 'Support started from' });
    const today = new Date();
    expect(await from.locator('.nhsuk-hint').textContent()).toBe(`For example, ${today.getDate()} ${today.getMonth() + 1} ${today.getFullYear()}`);
    expect(await from.getByRole('textbox').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels?.[0]?.textContent))).toEqual([
      'Day',
      'Month',
      'Year',
    ]);

    // 30 February: refused, in words, linked from the summary to the day box.
    await from.getByLabel('Day').fill('30');
    await from.getByLabel('Month').fill('2');
    await from.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show figures' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter a real date, with a day, month and year');
    await screenshot(page, 'dates-en-us-browser');

    // 1 March 2026: the report is filtered from that day (the address carries the ISO date).
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('3');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL(/from=2026-03-01/);
    // Coming back to the address shows the date in the boxes again.
    await page.reload();
    const again = page.getByRole('group', { name: 'Support started from' });
    await again.getByLabel('Day').waitFor();
    expect([await again.getByLabel('Day').inputValue(), await again.getByLabel('Month').inputValue(), await again.getByLabel('Year').inputValue()]).toEqual([
      '1',
      '3',
      '2026',
    ]);
    await context.close();
  });
});
