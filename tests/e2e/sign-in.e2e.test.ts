import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMING_SOON } from '../../src/web/nav.ts';
import { ROLE_LABELS, ROLES } from '../../src/domain/roles.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { DEMO_PASSWORD, demoEmail, launchBrowser, screenshot, startServer, submitSignIn, type E2EBrowser, type E2EServer } from './support.ts';

describe.skipIf(!HAS_CHROMIUM)('the web shell: signing in', () => {
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
    // No script errors and no CSP violations (inline styles or scripts) on any page visited.
    expect(problems).toEqual([]);
  });

  it('keeps the Secure __Host- session cookie on plain http://127.0.0.1 and sends it back', async () => {
    await page.goto('/sign-in');
    await submitSignIn(page, demoEmail('admin'), DEMO_PASSWORD);
    await page.getByTestId('home-admin').waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-lw_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    // A reload proves the browser sent it back: the app asks /me and stays signed in.
    await page.reload();
    await page.getByTestId('home-admin').waitFor();
  });

  it.each(ROLES)('%s signs in through the form and lands on their own home page', async (role) => {
    const account = server.accounts.find((a) => a.role === role && a.email === demoEmail(role));
    if (account === undefined) throw new Error(`no demo account for ${role}`);
    await page.goto('/');
    // Signed out, any page sends you to sign in.
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.title()).toBe('Sign in – Linkwork');
    await submitSignIn(page, account.email, DEMO_PASSWORD);
    const home = page.getByTestId(`home-${role}`);
    await home.waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.title()).toBe('Home – Linkwork');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(`Hello, ${account.displayName}`);
    expect(await home.textContent()).toContain(ROLE_LABELS[role]);
    expect(await page.getByTestId('account-name').textContent()).toBe(account.displayName);
    // Navigation follows permissions: only roles that may read the audit trail are offered it.
    const menu = page.getByRole('navigation', { name: 'Menu' });
    expect(await menu.getByRole('link', { name: 'Audit trail' }).count()).toBe(role === 'admin' || role === 'auditor' ? 1 : 0);
    expect(await menu.getByRole('link', { name: 'Users' }).count()).toBe(role === 'admin' || role === 'lead' ? 1 : 0);
    expect(await menu.getByRole('link', { name: 'People', exact: true }).count()).toBe(role === 'link_worker' || role === 'lead' ? 1 : 0);
    // Roles with work still to come say so; PCN leads and commissioners see their headline figures instead.
    if (COMING_SOON[role].length > 0) await page.getByTestId('coming-soon').waitFor();
    else expect(await page.getByTestId('coming-soon').count()).toBe(0);
    // …and never promise what is built: the message back is in My referrals, the team view under Team.
    expect(await home.textContent()).not.toMatch(/reading the message back|team reports/);
    if (role === 'pcn_lead' || role === 'commissioner') await page.getByTestId('headlines').waitFor();
    await screenshot(page, `home-${role}`);
  });

  it('shows the error summary, focused, for a wrong password', async () => {
    await page.goto('/sign-in');
    await submitSignIn(page, demoEmail('referrer'), 'not-the-right-password');
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('alert').textContent()).toContain('Email address or password is incorrect');
    // The summary takes focus so the problem is announced, and its link leads to the field.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    expect(await page.title()).toBe('Error: Sign in – Linkwork');
    await summary.getByRole('link', { name: 'Email address or password is incorrect' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await screenshot(page, 'sign-in-wrong-password');
  });

  it('says what is missing when the form is sent empty, inline and in the summary', async () => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter your email address');
    expect(await summary.textContent()).toContain('Enter your password');
    expect(await page.locator('#email-error').textContent()).toContain('Enter your email address');
    expect(await page.getByLabel('Email address').getAttribute('aria-describedby')).toContain('email-error');
  });

  it('locks the account after 5 wrong passwords, then refuses even the right one and says when to retry', async () => {
    const email = demoEmail('link_worker3');
    await page.goto('/sign-in');
    for (let i = 0; i < 5; i++) {
      await submitSignIn(page, email, `wrong-password-${i}`);
      // Each refusal re-renders the summary; wait for the password box to be cleared for the next try.
      await page.getByTestId('error-summary').getByText('Email address or password is incorrect').waitFor();
      await page.waitForFunction(() => (document.getElementById('password') as HTMLInputElement | null)?.value === '');
    }
    await submitSignIn(page, email, DEMO_PASSWORD);
    const locked = page.getByTestId('lockout-message');
    await locked.waitFor();
    const text = await locked.textContent();
    expect(text).toBe('Too many failed sign-in attempts. You can try again in 15 minutes.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-locked');
  });

  it('makes the skip link the first Tab stop, and it moves focus to the main content', async () => {
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent, href: document.activeElement?.getAttribute('href') }));
    expect(first).toEqual({ text: 'Skip to main content', href: '#maincontent' });
    await screenshot(page, 'skip-link-focused');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('maincontent');
    // The next Tab lands inside the main content (the email field), past the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
  });

  it('shows the demo sign-ins because the server says it is in demo mode', async () => {
    const status = (await (await fetch(`${server.baseUrl}/api/v1/status`)).json()) as { demo?: unknown };
    expect(status.demo).toBe(true);
    await page.goto('/sign-in');
    const hint = page.getByTestId('demo-hint');
    await hint.getByText('Demo sign-ins').click();
    await hint.getByText('link_worker@demo.linkwork.test', { exact: true }).waitFor();
    expect(await hint.textContent()).toContain(DEMO_PASSWORD);
    // Every demo account in the database is named, not one per role: the second GP and link workers too.
    const seeded = await server.deps.db.selectFrom('app_user').select('email').where('email', 'like', '%@demo.linkwork.test').execute();
    const listed = await hint.locator('code').allTextContents();
    expect(seeded.length).toBeGreaterThan(9);
    expect(listed.filter((t) => t.endsWith('@demo.linkwork.test')).sort()).toEqual(seeded.map((u) => u.email).sort());
    await screenshot(page, 'sign-in');
  });
});

describe.skipIf(!HAS_CHROMIUM)('the web shell outside demo mode', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer({ LINKWORK_DEMO: '0' }), launchBrowser()]);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('says nothing about demo sign-ins', async () => {
    const { context, page, problems } = await chrome.newPage(server.baseUrl);
    // The hint depends on the status answer: wait for it (listening before the page asks).
    const status = page.waitForResponse((r) => r.url().endsWith('/api/v1/status'));
    await page.goto('/sign-in');
    expect(await (await status).json()).toMatchObject({ demo: false });
    await page.getByRole('heading', { level: 1, name: 'Sign in to Linkwork' }).waitFor();
    expect(await page.getByTestId('demo-hint').count()).toBe(0);
    expect(await page.getByText('demo.linkwork.test').count()).toBe(0);
    await context.close();
    expect(problems).toEqual([]);
  });
});
