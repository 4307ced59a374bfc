import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { DEMO_PASSWORD, demoEmail, launchBrowser, screenshot, signIn, startServer, submitSignIn, type E2EBrowser, type E2EServer } from './support.ts';

describe.skipIf(!HAS_CHROMIUM)('the web shell: journeys by role', () => {
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

  const menuLink = (name: string) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true });

  it('an administrator creates a user (after fixing what the server refused) and sees it listed', async () => {
    await signIn(page, demoEmail('admin'), 'admin');
    await menuLink('Users').click();
    await page.getByTestId('users-table').waitFor();
    expect(await page.title()).toBe('Users – Linkwork');
    await screenshot(page, 'users');
    await page.getByRole('link', { name: 'Create a user' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create a user' }).waitFor();

    // Sent empty: the shared schema answers in the browser, in form order.
    await page.getByRole('button', { name: 'Create user' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const empty = await summary.getByRole('listitem').allTextContents();
    expect(empty[0]).toBe('Enter a name');
    expect(empty).toContain('Choose a role');

    await page.getByLabel('Full name').fill('Rosa Lindqvist');
    // An email address that is already taken: only the server can know.
    await page.getByLabel('Email address').fill(demoEmail('link_worker'));
    await page.getByLabel('Social prescribing link worker').check();
    await page.getByLabel('Bankfield Surgery (demo)').check();
    await page.getByLabel('Initial password').fill('copper kettle hillside lantern');
    await page.getByRole('button', { name: 'Create user' }).click();
    await summary.getByRole('link', { name: 'A user with that email address already exists' }).waitFor();
    expect(await page.locator('#email-error').textContent()).toContain('A user with that email address already exists');
    expect(await page.title()).toBe('Error: Create a user – Linkwork');
    await screenshot(page, 'create-user-error');

    await page.getByLabel('Email address').fill('rosa.lindqvist@example.org');
    // The password box keeps its value; send again.
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('users-flash').waitFor();
    expect(new URL(page.url()).pathname).toBe('/users');
    expect(await page.getByTestId('users-flash').textContent()).toContain('Account created for Rosa Lindqvist');
    const row = page.getByTestId('user-row').filter({ hasText: 'rosa.lindqvist@example.org' });
    expect(await row.textContent()).toContain('Social prescribing link worker');
    expect(await row.textContent()).toContain('Bankfield Surgery (demo)');
    expect(await row.textContent()).toContain('Active');
    await screenshot(page, 'users-after-create');

    // Disable, then enable again.
    await row.getByRole('button', { name: 'Disable Rosa Lindqvist' }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Enable Rosa Lindqvist' }).click();
    await row.getByText('Active', { exact: true }).waitFor();

    // Reset the password: the shared policy refuses a short one before the server is asked.
    await row.getByRole('link', { name: 'Reset password for Rosa Lindqvist' }).click();
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Reset password' }).click();
    expect(await page.getByTestId('error-summary').textContent()).toContain('Password must be at least 12 characters');
    await page.getByLabel('New password').fill('meadow violin pebble orchard');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByTestId('users-flash').getByText('Password reset for Rosa Lindqvist').waitFor();

    // And the new account works.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('signed-out-notice').waitFor();
    await submitSignIn(page, 'rosa.lindqvist@example.org', 'meadow violin pebble orchard');
    await page.getByTestId('home-link_worker').waitFor();
    expect(await page.getByTestId('scope').textContent()).toContain('Bankfield Surgery (demo)');
  });

  it('an auditor opens the audit trail, sees sign-in events, filters, pages back and exports', async () => {
    await signIn(page, demoEmail('auditor'), 'auditor');
    // Enough audited reads (each search of the trail is itself recorded) to need a second page.
    await page.evaluate(async () => {
      for (let i = 0; i < 55; i++) await fetch('/api/v1/audit-events?limit=1');
    });
    await page.getByTestId('card-audit').getByRole('link', { name: 'Audit trail' }).click();
    await page.getByTestId('audit-table').waitFor();
    expect(await page.title()).toBe('Audit trail – Linkwork');
    expect(await page.getByTestId('audit-row').count()).toBe(50);
    await page.getByRole('button', { name: 'Load older events' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 50);

    await page.getByLabel('Action').selectOption('session.signed_in');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'session.signed_in');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-action') === 'session.signed_in');
    });
    const rows = page.getByTestId('audit-row');
    expect(await rows.first().textContent()).toContain('Morgan Clay (IG)');
    expect(await rows.first().textContent()).toContain('Signed in');
    await screenshot(page, 'audit-trail');

    const exportLink = page.getByTestId('export-csv');
    expect(await exportLink.getAttribute('href')).toBe('/api/v1/audit-events.csv?action=session.signed_in');
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^seq,id,at,/);
    expect(csv).toContain('session.signed_in');
    expect(csv).not.toContain('audit.viewed');

    // A bad id in a filter is explained, not sent.
    await page.getByLabel('User ID').fill('not-an-id');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.getByTestId('error-summary').textContent()).toContain('Must be an id');
  });

  it('a link worker lists people at their practices and opens one, NHS number shown 3-3-4', async () => {
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await menuLink('People').click();
    await page.getByTestId('people-table').waitFor();
    const names = await page.getByTestId('people-table').getByRole('link').allTextContents();
    // Jo Barker covers Bankfield and King Cross only.
    expect(names).toEqual(['HARTLEY, Ada', 'QURESHI, Imran']);
    await screenshot(page, 'people');
    await page.getByRole('link', { name: 'HARTLEY, Ada' }).click();
    await page.getByRole('heading', { level: 1, name: /Ada Hartley/ }).waitFor();
    expect(await page.getByTestId('nhs-number').textContent()).toBe('999 007 9196');
    expect(await page.getByTestId('date-of-birth').textContent()).toContain('12 March 1948');
    expect(await page.title()).toBe('Ada Hartley – Linkwork');
    // Focus moved to the new page's heading after the in-app navigation.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await screenshot(page, 'person');
  });

  it('a commissioner sees organisations grouped by kind, and no person-level pages', async () => {
    await signIn(page, demoEmail('commissioner'), 'commissioner');
    await menuLink('Organisations').click();
    await page.getByTestId('organisation-groups').waitFor();
    const captions = await page.locator('caption').allTextContents();
    expect(captions[0]).toContain('Integrated care boards');
    await screenshot(page, 'organisations-commissioner');
    await page.goto('/people');
    await page.getByRole('heading', { level: 1, name: 'You cannot use this page' }).waitFor();
    await screenshot(page, 'not-allowed-commissioner');
  });

  it('when the session is revoked on the server, the next page asks to sign in again and then returns there', async () => {
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await menuLink('People').click();
    await page.getByTestId('people-table').waitFor();
    // End every session of this user on the server, as an administrator disabling them would.
    await server.database.db.updateTable('user_session').set({ revoked_at: new Date().toISOString() }).where('revoked_at', 'is', null).execute();
    await menuLink('Organisations').click();
    await page.getByTestId('session-ended-notice').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/organisations');
    expect(await page.getByTestId('session-ended-notice').textContent()).toContain('Your session has ended. Sign in again to continue.');
    await screenshot(page, 'session-ended');
    await submitSignIn(page, demoEmail('link_worker'), DEMO_PASSWORD);
    await page.getByTestId('organisation-groups').waitFor();
    expect(new URL(page.url()).pathname).toBe('/organisations');
  });

  it('when the session was ended elsewhere, a fresh page load also says so and returns there after signing in', async () => {
    await signIn(page, demoEmail('lead'), 'lead');
    await menuLink('People').click();
    await page.getByTestId('people-table').waitFor();
    // Sign out from another script in the page, behind the app's back.
    const status = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      return (await fetch('/api/v1/auth/sign-out', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } })).status;
    });
    expect(status).toBe(200);
    await page.goto('/people');
    await page.getByTestId('session-ended-notice').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/people');
    await submitSignIn(page, demoEmail('lead'), DEMO_PASSWORD);
    await page.getByTestId('people-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/people');
  });

  it('signing out ends the session and says so', async () => {
    await signIn(page, demoEmail('provider'), 'provider');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('signed-out-notice').waitFor();
    expect(await page.getByTestId('session-ended-notice').count()).toBe(0);
    // The cookie no longer opens anything.
    expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.getByTestId('session-ended-notice').count()).toBe(0);
  });
});
