import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from '../e2e/support.ts';
import { insertEpisode, insertPerson } from './report-support.ts';

/**
 * The insight reports in the browser, on the demo PCN plus 60 referrals this year spread over its
 * four practices: the PCN lead's home page answers "how are we doing?" with links to the reports;
 * each report page has charts with the same figures in tables and the definition beneath; the
 * commissioner sees the suppressed version with the rule explained; at phone width the page does
 * not scroll sideways. No script errors and no CSP violations on any page.
 */
describe.skipIf(!HAS_CHROMIUM)('insight report pages', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    const practices = await server.database.db
      .selectFrom('organisation')
      .select(['id', 'ods_code'])
      .where('ods_code', 'in', ['X99001', 'X99002', 'X99003', 'X99004'])
      .execute();
    const today = new Date();
    for (let i = 0; i < 60; i++) {
      const practice = practices[i % practices.length];
      if (practice === undefined) continue;
      const person = await insertPerson(server.deps, {
        practiceId: practice.id,
        sex: i % 2 === 0 ? 'female' : 'male',
        dateOfBirth: i % 3 === 0 ? '1950-05-05' : '1985-05-05',
      });
      const created = new Date(today.getTime() - (5 + (i % 150)) * 86_400_000).toISOString();
      const contact = new Date(Date.parse(created) + (1 + (i % 6)) * 86_400_000).toISOString();
      await insertEpisode(server.deps, {
        personId: person,
        practiceId: practice.id,
        createdAt: created,
        source: ['gp', 'self', 'partner', 'clinician'][i % 4] ?? 'gp',
        needs: [['loneliness'], ['debt', 'housing'], ['physical_activity'], ['low_mood']][i % 4] ?? ['loneliness'],
        status: i % 5 === 0 ? 'discharged' : 'active',
        statusReason: i % 5 === 0 ? 'goals_met' : null,
        closedAt: i % 5 === 0 ? new Date(Date.parse(contact) + 2 * 86_400_000).toISOString() : null,
        contacts: [[contact, true, 'phone']],
        conversationAt: contact,
      });
    }
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });
  beforeEach(async () => {
    ({ context, page, problems } = await chrome.newPage(server.baseUrl));
  });
  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  it('a PCN lead sees headlines at home and reads a report with charts, tables and definitions', async () => {
    await signIn(page, demoEmail('pcn_lead'), 'pcn_lead');
    await page.getByTestId('headlines').waitFor();
    expect(await page.getByTestId('headline-referrals').textContent()).toContain('60');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);
    await screenshot(page, 'reports-home-pcn-lead');
    await page.getByTestId('headline-referrals').getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/reports/demand');
    await page.getByTestId('report-demand').waitFor();
    expect(await page.title()).toBe('Demand report – Linkwork');
    const sources = page.getByTestId('panel-D1-source');
    expect(await sources.locator('svg').count()).toBe(1);
    expect(await sources.locator('table tbody tr').count()).toBeGreaterThan(3);
    expect(await sources.getByTestId('definition').textContent()).toContain('D1 Referrals received');
    await screenshot(page, 'reports-demand-pcn-lead');

    await page.goto('/reports/reach');
    await page.getByTestId('report-reach').waitFor();
    expect(await page.getByTestId('completeness').count()).toBeGreaterThan(0);
    await screenshot(page, 'reports-reach-pcn-lead');

    await page.goto('/reports/pathway');
    await page.getByTestId('panel-F1-stage').waitFor();
    expect(await page.getByTestId('panel-F1-stage').locator('svg').count()).toBe(1);
  });

  it('a commissioner sees suppressed figures and why, and the page fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, demoEmail('commissioner'), 'commissioner');
    await page.getByTestId('headlines').waitFor();
    await page.goto('/reports/demand');
    await page.getByTestId('suppression-note').waitFor();
    expect(await page.getByLabel('Figures').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'reports-demand-commissioner-phone');
  });
});
