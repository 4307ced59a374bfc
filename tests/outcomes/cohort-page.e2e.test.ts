import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from '../e2e/support.ts';
import { seedCase, seedOns4 } from './cohort-support.ts';

/**
 * The outcomes report in the browser, on the demo data plus 14 ONS4 cases at Bankfield (Halifax
 * Central PCN): the lead sees exact figures for every ONS4 question with the chart, its table and
 * the band tables; filters go into the address; the commissioner sees the suppressed version with
 * the rule explained. No script errors and no CSP violations on any page.
 */
describe.skipIf(!HAS_CHROMIUM)('outcomes report page', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    const bankfield = await server.database.db.selectFrom('organisation').selectAll().where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
    const practice = {
      id: bankfield.id,
      kind: 'practice' as const,
      name: bankfield.name,
      odsCode: bankfield.ods_code,
      parentId: bankfield.parent_id,
      listSize: null,
    };
    for (let i = 0; i < 14; i++) {
      const c = await seedCase(server.deps, practice, { linkWorkerId: null, needs: ['loneliness'], acceptedOn: '2026-03-02' });
      const base = { life_satisfaction: 3 + (i % 4), worthwhile: 5, happiness: 4 + (i % 3), anxiety: 7 - (i % 3) };
      await seedOns4(server.deps, c, 'baseline', '2026-03-03', base);
      if (i < 12) {
        await seedOns4(server.deps, c, 'final', '2026-07-01', {
          life_satisfaction: base.life_satisfaction + (i % 3),
          worthwhile: 6,
          happiness: base.happiness + 1,
          anxiety: base.anxiety - (i % 4),
        });
      }
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

  it('a lead reads exact figures, each ONS4 question separately, with a table beside the chart', async () => {
    await signIn(page, demoEmail('lead'), 'lead');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Outcomes report' }).click();
    await page.waitForURL((u) => u.pathname === '/reports/outcomes');
    await page.getByTestId('analysis').first().waitFor();
    expect(await page.title()).toBe('Outcomes report – Linkwork');
    expect(await page.getByTestId('analysis').count()).toBe(4);
    expect(await page.getByTestId('change-table').locator('tbody tr').count()).toBe(4);
    expect(await page.getByTestId('change-chart').count()).toBe(1);
    expect(await page.getByTestId('suppression-note').count()).toBe(0);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('without a comparison group');
    expect(text).toContain('People with a baseline');
    expect(await page.getByTestId('band-table-0').count()).toBe(1);
    await screenshot(page, 'outcomes-report-lead');

    // Filter to one question: the address holds it, and only that question is shown.
    await page.getByLabel('Question').selectOption('anxiety');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL((u) => u.searchParams.get('item') === 'anxiety');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="analysis"]').length === 1);
    expect(await page.getByTestId('analysis').textContent()).toContain('Lower scores are better');
    const csv = await page.getByTestId('outcomes-csv').getAttribute('href');
    expect(csv).toContain('/api/v1/reports/outcomes.csv?');
    expect(csv).toContain('item=anxiety');
  });

  it('a commissioner sees suppressed figures and why', async () => {
    await signIn(page, demoEmail('commissioner'), 'commissioner');
    await page.goto('/reports/outcomes?instrument=ons4&item=life_satisfaction');
    await page.getByTestId('suppression-note').waitFor();
    const text = (await page.getByTestId('analysis').textContent()) ?? '';
    // 14 with a baseline → 15; 12 followed up → 10.
    expect(text).toMatch(/People with a baseline\s*15/);
    expect(text).toMatch(/Followed up\s*10/);
    expect(await page.getByLabel('Figures').count()).toBe(0);
    await screenshot(page, 'outcomes-report-commissioner');
  });
});
