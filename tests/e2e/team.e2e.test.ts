import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { insertEpisode, insertPerson } from '../reports/report-support.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The lead's team view in the browser: an administrator records Jo's contracted hours (22.5 a
 * week, 0.6 FTE) on the users page; the lead opens Team, sees Jo's FTE, opens Jo's open cases and
 * moves one (at a practice Kieran also covers) to Kieran.
 */
describe.skipIf(!HAS_CHROMIUM)('the team view: contracted hours and reassigning a case', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let reference = '';

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.deps.db;
    const idOf = async (email: string) => (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const jo = await idOf(demoEmail('link_worker'));
    const kieran = await idOf('link_worker3@demo.linkwork.test');
    const scope = async (id: string) =>
      (await db.selectFrom('user_scope').select('organisation_id').where('user_id', '=', id).execute()).map((r) => r.organisation_id);
    const kieranCovers = new Set(await scope(kieran));
    const shared = (await scope(jo)).find((p) => kieranCovers.has(p));
    if (shared === undefined) throw new Error('the demo has no practice covered by both Jo and Kieran');
    const id = await insertEpisode(server.deps, {
      personId: await insertPerson(server.deps, { practiceId: shared }),
      practiceId: shared,
      createdAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      linkWorkerId: jo,
      status: 'allocated',
    });
    reference = (await db.selectFrom('referral').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;
  });
  afterAll(async () => {
    await context?.close();
    await chrome?.close();
    await server?.close();
  });

  it('an administrator records hours; the lead sees the FTE and moves one of Jo’s cases to Kieran', async () => {
    ({ context, page, problems } = await chrome.newPage(server.baseUrl));
    await signIn(page, demoEmail('admin'), 'admin');
    await page.goto('/users');
    await page.getByRole('link', { name: 'Set hours for Jo Barker' }).click();
    await page.getByLabel('Contracted hours a week').fill('22.5');
    await page.getByRole('button', { name: 'Save hours' }).click();
    expect(await page.getByTestId('users-flash').textContent()).toContain('Jo Barker: 22.5 hours a week recorded.');
    const joRow = page.getByTestId('user-row').filter({ hasText: 'Jo Barker' });
    expect(await joRow.textContent()).toContain('22.5 (0.6 FTE)');
    await context.clearCookies();

    await signIn(page, demoEmail('lead'), 'lead');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Team', exact: true }).click();
    const row = page.getByTestId('team-row').filter({ hasText: 'Jo Barker' });
    await row.waitFor();
    expect(await row.locator('td').nth(0).textContent()).toContain('0.6');
    await row.getByRole('button', { name: 'Reassign a case of Jo Barker' }).click();
    const open = page.getByTestId('open-case').filter({ hasText: reference });
    await open.getByRole('button', { name: `Move ${reference}` }).click();
    const form = page.getByTestId('reassign-form');
    await form.getByLabel('Move the case to').selectOption({ label: 'Kieran Walsh' });
    await form.getByLabel('Why (optional)').selectOption({ label: 'Balancing caseloads' });
    await screenshot(page, 'team-reassign');
    await form.getByRole('button', { name: 'Move the case' }).click();
    expect(await page.getByTestId('team-flash').textContent()).toContain(`${reference} moved from Jo Barker to Kieran Walsh. Both have been notified.`);
    await screenshot(page, 'team-reassigned');
    expect(problems).toEqual([]);
  });
});
