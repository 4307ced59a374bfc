import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/domain/audit.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

describe.skipIf(!HAS_CHROMIUM)('the audit trail in words, filtered by a person', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
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

  /** The Action column of every row shown (less the column name the narrow-screen layout puts in each cell). */
  const actionsShown = async () => (await page.locator('[data-testid="audit-row"] td:nth-child(3)').allTextContents()).map((t) => t.replace(/^Action\s*/, ''));

  it('an auditor finds who looked at Ada Hartley by her NHS number, then by name, and reads the actions in words', async () => {
    // A link worker opens Ada Hartley's record: the event the auditor will look for.
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.goto('/people');
    await page.getByRole('link', { name: 'HARTLEY, Ada' }).click();
    await page.getByRole('heading', { level: 1, name: /Ada Hartley/ }).waitFor();
    await context.clearCookies();

    await signIn(page, demoEmail('auditor'), 'auditor');
    await page.goto('/audit');
    await page.getByTestId('audit-table').waitFor();
    await page.getByLabel('Person', { exact: true }).fill('999 007 9196');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('person') === '999 007 9196');
    expect(await page.getByTestId('audit-person-matches').textContent()).toBe('Showing events about the 1 person with that name or NHS number.');
    await page.getByTestId('audit-table').waitFor();
    const byNhs = await actionsShown();
    expect(byNhs).toContain('Person record viewed');
    expect(byNhs.length).toBeGreaterThan(0);
    // Words, never the stored codes.
    for (const text of byNhs) expect(AUDIT_ACTIONS as readonly string[]).not.toContain(text);
    expect((await page.getByTestId('audit-table').textContent()) ?? '').not.toMatch(/\b[a-z_]+\.[a-z_]+\b/);
    await screenshot(page, 'audit-by-nhs-number');

    // By name: every word must match, in any case.
    await page.getByLabel('Person', { exact: true }).fill('ada HARTLEY');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('person') === 'ada HARTLEY');
    await page.getByTestId('audit-person-matches').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="audit-person-matches"]')?.textContent?.includes('1 person') === true);
    // The auditor's own search by NHS number is now part of Ada Hartley's trail too.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-row"]')].some((r) => r.getAttribute('data-action') === 'audit.viewed'));
    const byName = await actionsShown();
    expect(byName).toContain('Person record viewed');
    expect(byName).toContain('Audit trail viewed or searched');

    // Nobody by that name: said in words.
    await page.getByLabel('Person', { exact: true }).fill('Zzyzx Nobody');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByTestId('audit-empty').waitFor();
    expect(await page.getByTestId('audit-person-matches').textContent()).toBe('No one on the system has that name or NHS number.');

    // The action filter offers words too.
    const options = await page.getByLabel('Action').locator('option').allTextContents();
    expect(options).toContain('GP record entries exported');
    expect(options.some((o) => o.includes('.'))).toBe(false);
  });
});
