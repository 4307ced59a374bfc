import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { insertExtract, insertRun, testNhsNumber } from '../proactive/outreach-support.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The outreach worklist on a 390 px phone (a link worker between visits): every group, a card with
 * its actions open and the accept form, all without sideways scrolling; and a run whose fairness
 * check is unresolved shows the server's refusal, not a started outreach.
 */
const PHONE = { width: 390, height: 844 };
const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

describe.skipIf(!HAS_CHROMIUM)('the outreach worklist on a 390 px phone', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let runId: string;
  let blockedRunId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.deps.db;
    const practice = (await db.selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow()).id;
    const specs = Array.from({ length: 6 }, (_, i) => ({
      key: String(i),
      nhsNumber: testNhsNumber(930_000 + i * 11),
      dateOfBirth: '1978-04-0' + String(i + 1),
      postcode: 'HX1 2AB',
    }));
    const pp = await insertExtract(db, practice, new Date().toISOString().slice(0, 10), specs);
    const members = specs.map((s) => ({ practicePersonId: pp[s.key] as string, practiceId: practice, nhsNumber: s.nhsNumber, rules: 'FN-1;LTC-2;DEP-1' }));
    runId = await insertRun(db, { practiceIds: [practice], members: members.slice(0, 5) });
    blockedRunId = await insertRun(db, { practiceIds: [practice], members: members.slice(5), blocked: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts outreach for a cohort, refuses a blocked one, and fits a phone', async () => {
    const { context, page, problems } = await browser.newPage(server.baseUrl);
    try {
      await page.setViewportSize(PHONE);
      await signIn(page, demoEmail('lead'), 'lead');

      await page.goto(`/proactive/outreach?run=${blockedRunId}`);
      await page.getByRole('button', { name: 'Start outreach for this cohort' }).click();
      await page.getByRole('alert').filter({ hasText: 'Record why' }).waitFor();
      expect(await page.getByTestId('outreach-item').count()).toBe(0);

      await page.goto(`/proactive/outreach?run=${runId}`);
      await page.getByRole('button', { name: 'Start outreach for this cohort' }).click();
      await page.getByTestId('outreach-item').first().waitFor();
      expect(await page.getByTestId('outreach-item').count()).toBe(5);
      expect(await page.getByTestId('group-review').isVisible()).toBe(true);
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // Clear the first person and open the invitation and accept forms: still no sideways scroll.
      const first = page.getByTestId('outreach-item').first();
      const nhs = (await first.locator('h3').innerText()).trim();
      const item = () => page.getByTestId('outreach-item').filter({ hasText: nhs });
      await item().getByTestId('action-review').locator('summary').click();
      await item().getByLabel('Yes: cleared to invite').check();
      await item().getByRole('button', { name: 'Record review' }).click();
      await item().getByTestId('action-invite').locator('summary').click();
      await item().getByLabel('Language').fill('ur');
      await item().getByLabel('Easy read').check();
      await item()
        .getByRole('button', { name: /Record invitation 1 of 3/ })
        .click();
      await page.getByTestId('group-await_reply').waitFor();
      await item().getByTestId('action-accept').locator('summary').click();
      await item().getByLabel('First name').waitFor();
      await screenshot(page, 'outreach-390-accept');
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
