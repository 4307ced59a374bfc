import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDirectory } from '../../src/services/demo/seed-demo-directory.ts';
import { makeReferral } from '../support/factories.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { signInAs, type Session } from '../support/test-app.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The directory's "Done when" story in the browser: from Ada Hartley's case (78, widowed), Jo (link worker)
 * describes what would help in her own words — "lonely since her husband died, likes singing" —
 * reads why each suggestion fits, and refers her to the singing group in one click; the referral
 * shows on the case (with the suggestion she chose recorded) and in the provider's inbox.
 * Then curation: Jo reports a wrong phone number; the provider resolves it; the provider edits the
 * listing while a lead changes it too — the save is explained and keeps what was typed — and the
 * lead approves the edit (this deployment holds edits for approval).
 */

const SINGING = 'Tuesday Singing for Wellbeing';
const WALKING = 'Walking for Health Halifax';

/** Form controls without a label, fieldsets without a legend and repeated ids on the page. */
async function accessibilityGaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const gaps: string[] = [];
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('main input, main select, main textarea')) {
      if (el.labels === null || el.labels.length === 0) gaps.push(`no label: ${el.id || el.name}`);
    }
    for (const fs of document.querySelectorAll('main fieldset')) {
      if ((fs.querySelector(':scope > legend')?.textContent?.trim() ?? '') === '') gaps.push('fieldset without legend');
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) gaps.push(`duplicate id: ${id}`);
    return gaps;
  });
}

describe.skipIf(!HAS_CHROMIUM)('the directory in the browser', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let lead: Session;
  let caseId = '';
  let singingId = '';
  const problems: string[][] = [];

  // JSON answers are read loosely here: the API's own tests check their shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (who: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<any> => {
    const res = await server.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  const open = async (role: string) => {
    const { page, problems: p } = await chrome.newPage(server.baseUrl);
    problems.push(p);
    await signIn(page, demoEmail(role), role);
    return page;
  };

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer({ LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL: '1' }), launchBrowser()]);
    lead = await signInAs(server.app, demoEmail('lead'));
    // The directory a demo server has: the four demo services and the real Bristol sample.
    await seedDemoDirectory(server.deps);
    const db = server.database.db;
    singingId = (await db.selectFrom('service').select('id').where('name', '=', SINGING).executeTakeFirstOrThrow()).id;
    // One listing nobody has checked for a year, so the directory shows what stale looks like.
    await db
      .updateTable('service')
      .set({ created_at: new Date(Date.now() - 365 * 86_400_000).toISOString() })
      .where('name', '=', WALKING)
      .execute();
    const person = await db.selectFrom('person').select(['id', 'practice_id']).where('family_name', '=', 'Hartley').executeTakeFirstOrThrow();
    const jo = await db.selectFrom('app_user').select('id').where('email', '=', demoEmail('link_worker')).executeTakeFirstOrThrow();
    caseId = (
      await makeReferral(server.deps, { id: person.id, practiceId: person.practice_id }, { status: 'active', linkWorkerId: jo.id, needs: ['loneliness'] })
    ).id;
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('from a case, Jo finds a service for "lonely since her husband died, likes singing", reads the reasons, and refers; it shows on the case and in the provider\'s inbox', async () => {
    const page = await open('link_worker');
    await page.goto(`/cases/${caseId}`);
    const find = page.getByTestId('find-service');
    const words = find.getByLabel('What would help? In your words');
    await expect(words.inputValue()).resolves.toBe('loneliness and isolation');
    await words.fill('lonely since her husband died, likes singing');
    await find.getByRole('button', { name: 'Find services' }).click();
    await find.getByTestId('match-results').waitFor();
    const summary = await find.getByTestId('match-summary').textContent();
    expect(summary).toMatch(/suggestion/);
    // What Linkwork heard in her words, so Jo can check it understood.
    await expect(find.getByTestId('match-heard').textContent()).resolves.toMatch(/bereavement/);

    const singing = find.getByTestId('match-result').filter({ hasText: SINGING });
    await singing.waitFor();
    const reasons = await singing.getByTestId('match-reasons').locator('li').allTextContents();
    expect(reasons.length, 'the suggestion says why it fits').toBeGreaterThan(0);
    expect(reasons.join(' ').toLowerCase()).toMatch(/lonel|bereave|sing/);
    const rank = Number((await singing.locator('h4').textContent())?.split('.')[0]);
    expect(rank, 'among the first suggestions').toBeGreaterThanOrEqual(1);
    expect(rank).toBeLessThanOrEqual(3);
    expect(await accessibilityGaps(page)).toEqual([]);
    await singing.scrollIntoViewIfNeeded();
    await screenshot(page, 'directory-find-service');

    await find.getByLabel('Note for the provider (optional)').fill('Widowed this year; sang in a church choir for years.');
    await singing.getByRole('button', { name: `Refer to ${SINGING}` }).click();
    await page.getByText(`Referred to ${SINGING}. The provider has been asked to accept.`).waitFor();
    await expect(page.getByTestId('community-referral-row').filter({ hasText: SINGING }).count()).resolves.toBe(1);
    await screenshot(page, 'directory-referred-from-case');

    // Which suggestion was chosen is recorded with the referral.
    const row = await server.database.db
      .selectFrom('community_referral')
      .select(['match_id', 'match_rank', 'kind', 'status'])
      .where('referral_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'refer', status: 'sent', match_rank: rank });
    expect(row.match_id).not.toBeNull();

    const provider = await open('provider');
    await provider.goto('/inbox');
    await provider.getByText('Widowed this year; sang in a church choir for years.').waitFor();
    await expect(provider.getByText(SINGING).first().isVisible()).resolves.toBe(true);
    await screenshot(provider, 'directory-provider-inbox');
  });

  it('Jo searches the directory, sees what is stale, reads a listing and reports a wrong number; the provider resolves it', async () => {
    const page = await open('link_worker');
    await page.goto('/directory');
    await page.getByTestId('directory-table').waitFor();
    await screenshot(page, 'directory-list-page-1');
    // more services than a page holds: the pagination goes to page 2 and back
    const pager = page.getByRole('navigation', { name: 'Pages of services' });
    await pager.getByRole('link', { name: /Next/ }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await page
      .getByTestId('directory-total')
      .filter({ hasText: /, page 2 of \d+$/ })
      .waitFor();
    await pager.getByRole('link', { name: /Previous/ }).click();
    await page.waitForURL((u) => !u.searchParams.has('page'));
    await page
      .getByTestId('directory-total')
      .filter({ hasText: /, page 1 of \d+$/ })
      .waitFor();
    // An imported listing: where it came from, and the classifier's confidence and trigger words.
    const imported = await server.database.db
      .selectFrom('service')
      .select(['id', 'name'])
      .where('source', '=', 'bristol-sample')
      .where('needs_source', '=', 'classified')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    await page.goto(`/directory/services/${imported.id}`);
    await page.getByRole('heading', { level: 1, name: imported.name }).waitFor();
    await expect(page.getByTestId('service-needs').textContent()).resolves.toMatch(/\d+%/);
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'directory-service-page-imported');
    await page.goto('/directory');
    const search = async (words: string) => {
      await page.getByLabel('Search by name, organisation or words in the description').fill(words);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((u) => u.search.includes(`q=${encodeURIComponent(words).replace(/%20/g, '+')}`));
      await page.getByTestId('directory-table').waitFor();
    };
    await search('Halifax');
    const walking = page.getByTestId('directory-row').filter({ hasText: WALKING });
    await expect(walking.getByText('Not checked recently').isVisible()).resolves.toBe(true);
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'directory-list');
    // On a tablet the table stacks: nothing scrolls sideways.
    await page.setViewportSize({ width: 768, height: 1024 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).resolves.toBe(true);
    await screenshot(page, 'directory-list-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    await search('singing');
    await page.getByRole('link', { name: SINGING, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: SINGING }).waitFor();
    await expect(page.getByTestId('service-needs').textContent()).resolves.toContain('Loneliness and isolation');
    await expect(page.getByTestId('owner-actions').count()).resolves.toBe(0);

    const report = page.getByTestId('report-problem');
    await report.getByRole('button', { name: 'Report the problem' }).click();
    await page.getByTestId('error-summary').getByText('Choose what is wrong').waitFor();
    await report.getByLabel('The contact details are wrong').check();
    await report.getByLabel('Anything the owner should know (optional)').fill('The number rings out; the chapel office says 01632 960 222.');
    await report.getByRole('button', { name: 'Report the problem' }).click();
    await page.getByText('The problem has been sent to the people who look after this listing.').waitFor();
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'directory-service-page-link-worker');

    const provider = await open('provider');
    await screenshot(provider, 'directory-provider-home');
    await provider.goto('/reported-problems');
    const problem = provider.getByTestId('problem-row').filter({ hasText: SINGING });
    await expect(problem.textContent()).resolves.toContain('The contact details are wrong');
    await screenshot(provider, 'directory-problems-queue');
    await problem.getByRole('button', { name: /Mark resolved/ }).click();
    await provider.getByTestId('no-problems').waitFor();
    await expect(provider.getByTestId('problems-flash').textContent()).resolves.toContain(SINGING);

    // The provider's own services say which listing needs attention.
    await provider.goto('/services');
    const walkingRow = provider.getByTestId('service-row').filter({ hasText: WALKING });
    await expect(walkingRow.getByTestId('listing-flags').textContent()).resolves.toContain('Not checked recently');
    await screenshot(provider, 'directory-provider-services');
  });

  it('the provider edits the listing; a change saved meanwhile is explained and what was typed is kept; the lead approves the edit', async () => {
    const provider = await open('provider');
    await provider.goto(`/directory/services/${singingId}`);
    await provider.getByTestId('owner-actions').waitFor();
    await screenshot(provider, 'directory-service-page-owner');
    await provider.getByTestId('edit-listing').click();
    const form = provider.getByTestId('edit-service-form');
    await form.waitFor();
    const typed = 'A friendly community choir on Tuesday and Thursday afternoons at the Square Chapel. No experience needed; tea afterwards.';
    await form.getByLabel('What it offers').fill(typed);
    await form.getByLabel('Phone (optional)').fill('01632 960 222');

    // Meanwhile a lead changes the listing (a lead's own edits apply at once).
    const now = await call(lead, 'GET', `/api/v1/services/${singingId}`);
    await call(lead, 'PATCH', `/api/v1/services/${singingId}`, { expectedVersion: now.version, feesDescription: 'Free; tea 50p' });

    await form.getByRole('button', { name: 'Save and send for approval' }).click();
    await provider.getByTestId('conflict-message').waitFor();
    await expect(form.getByLabel('What it offers').inputValue()).resolves.toBe(typed);
    await screenshot(provider, 'directory-edit-conflict');
    await provider.getByRole('button', { name: 'Reload the listing, keep what I typed' }).click();
    await provider.getByTestId('conflict-message').waitFor({ state: 'detached' });
    await expect(form.getByLabel('What it offers').inputValue()).resolves.toBe(typed);
    // Fields the provider did not touch now show the lead's change, so saving keeps it.
    await expect(form.getByLabel('Costs (optional)').inputValue()).resolves.toBe('Free; tea 50p');
    expect(await accessibilityGaps(provider)).toEqual([]);
    await form.getByRole('button', { name: 'Save and send for approval' }).click();
    await provider.getByText('Your change was sent to a lead for approval.').waitFor();
    await provider.getByTestId('pending-edit').waitFor();

    const leadPage = await open('lead');
    await leadPage.goto('/listing-changes');
    const card = leadPage.getByTestId('edit-card').filter({ hasText: SINGING });
    await expect(card.textContent()).resolves.toContain('Tuesday and Thursday');
    expect(await accessibilityGaps(leadPage)).toEqual([]);
    await screenshot(leadPage, 'directory-approval-queue');
    await card.getByRole('button', { name: `Approve the change to ${SINGING}` }).click();
    await leadPage.getByTestId('no-edits').waitFor();

    const live = await call(lead, 'GET', `/api/v1/services/${singingId}`);
    expect(live).toMatchObject({ description: typed, feesDescription: 'Free; tea 50p', phones: [{ number: '01632 960 222' }], pendingEdit: null });

    // The owner confirms the listing is right, then archives it (after saying yes) and restores it.
    await provider.goto(`/directory/services/${singingId}`);
    await provider.getByRole('button', { name: 'Confirm it is still right' }).click();
    await provider.getByTestId('service-flash').getByText('marked as checked today').waitFor();
    await expect(provider.getByTestId('last-checked').textContent()).resolves.toContain('by Marcus Dean');
    await provider.getByRole('button', { name: 'Archive…' }).click();
    await provider.getByTestId('confirm-archive').getByRole('button', { name: 'Yes, archive it' }).click();
    await provider.getByTestId('service-flash').getByText('Listing archived').waitFor();
    await screenshot(provider, 'directory-service-archived');
    const listed = async (): Promise<string[]> => (await call(lead, 'GET', '/api/v1/directory/services?q=singing')).services.map((x: { id: string }) => x.id);
    expect(await listed()).not.toContain(singingId);
    await provider.getByRole('button', { name: 'Restore to the directory' }).click();
    await provider.getByTestId('service-flash').getByText('Listing restored').waitFor();
    expect(await listed()).toContain(singingId);
    expect(problems.flat()).toEqual([]);
  });
});
