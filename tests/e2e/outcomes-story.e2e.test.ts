import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/services/people/create-person.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { makeReferral } from '../support/factories.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The "Done when" story of issue 5, in the browser: Jo, a link worker, records Beatrice's ONS4
 * baseline on her case, makes a one-time link for the final questionnaire, and Beatrice answers it
 * on her phone (a new browser with no staff session, 375×740); the case then shows the change on
 * each item with its bands, the chart and its table. Her used link no longer works.
 */

const PHONE = { width: 375, height: 740 };
const NARROW_PHONE = { width: 360, height: 740 };

const noSidewaysScroll = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

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

/** A calendar date `days` from today (UTC), YYYY-MM-DD. */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!HAS_CHROMIUM)('outcomes in the browser: baseline, self-completion on a phone, change with bands', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let caseId: string;
  const problems: string[][] = [];

  const open = async (viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> => {
    const { context, page, problems: p } = await chrome.newPage(server.baseUrl);
    problems.push(p);
    if (viewport !== undefined) await page.setViewportSize(viewport);
    return { context, page };
  };

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.deps.db;
    const practice = await db.selectFrom('organisation').select(['id']).where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
    const jo = await db.selectFrom('app_user').select('id').where('email', '=', demoEmail('link_worker')).executeTakeFirstOrThrow();
    const person = await createPerson(server.deps, systemActor('test'), {
      givenName: 'Beatrice',
      familyName: 'Sutcliffe',
      dateOfBirth: '1948-03-02',
      practiceId: practice.id,
      nhsNumber: '9990001235',
    });
    caseId = (await makeReferral(server.deps, person, { status: 'active', linkWorkerId: jo.id, needs: ['loneliness'] })).id;
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    // No script errors and no CSP violations (inline scripts or styles) on any page visited.
    expect(problems.flat()).toEqual([]);
  });

  it('Jo records a baseline, sends a link; Beatrice answers on her phone; the case shows the change with bands', async () => {
    // 1. Jo records the ONS4 baseline, answered face to face a month ago.
    const { context, page } = await open();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: /Beatrice Sutcliffe/ }).waitFor();
    const section = page.locator('#outcomes');
    await section.getByTestId('outcomes-none').waitFor();
    await section.getByText('Record their answers to a questionnaire').click();
    const form = section.getByTestId('record-outcome-form');
    await form.getByLabel('Questionnaire').selectOption({ label: 'ONS4 personal wellbeing' });
    // Nothing answered yet: an NHS error summary whose links lead to the questions.
    await form.getByRole('button', { name: 'Record answers' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Choose baseline, review or final',
      'Choose how it was completed',
      'Choose an answer for question 1 (life satisfaction)',
      'Choose an answer for question 2 (worthwhile)',
      'Choose an answer for question 3 (happiness)',
      'Choose an answer for question 4 (anxiety)',
    ]);
    expect(await page.title()).toBe('Error: Beatrice Sutcliffe – Linkwork');
    await form.getByRole('group', { name: 'When in their support' }).getByLabel('Baseline').check();
    await form.getByRole('group', { name: 'How it was completed' }).getByLabel('Face to face').check();
    // The date in the NHS day, month and year boxes, whatever the browser's locale.
    const [year, month, day] = inDays(-30).split('-').map(Number);
    const completed = form.getByRole('group', { name: 'Date completed' });
    expect(await completed.getByText(/^For example, \d{1,2} \d{1,2} \d{4}$/).count()).toBe(1);
    await completed.getByLabel('Day').fill(String(day));
    await completed.getByLabel('Month').fill(String(month));
    await completed.getByLabel('Year').fill(String(year));
    const baseline = { 1: '4', 2: '5', 3: '3', 4: '7' } as const;
    for (const [n, value] of Object.entries(baseline))
      await form
        .getByRole('group', { name: new RegExp(`^${n}\\. `) })
        .getByLabel(value, { exact: true })
        .check();
    await form.getByRole('button', { name: 'Record answers' }).click();
    await page.getByTestId('case-flash').getByText('ONS4 personal wellbeing recorded (baseline, face to face).').waitFor();
    const ons4 = section.getByTestId('outcome-ons4');
    await ons4.getByTestId('outcome-ons4-no-change').getByText('No follow-up yet').waitFor();
    expect(await ons4.getByTestId('outcome-0-administrations').textContent()).toContain(
      'Life satisfaction 4 (Low); Worthwhile 5 (Medium); Happiness 3 (Low); Anxiety 7 (High)',
    );

    // 2. Jo makes a link for the final questionnaire: shown as text to copy and as a QR code.
    await section.getByText('Send a link for them to answer on their phone').click();
    const linkForm = section.getByTestId('outcome-link-form');
    await linkForm.getByLabel('Questionnaire').selectOption({ label: 'ONS4 personal wellbeing' });
    await linkForm.getByLabel('Final').check();
    await linkForm.getByRole('button', { name: 'Make a link' }).click();
    const made = section.getByTestId('outcome-link');
    await made.waitFor();
    const url = await made.getByLabel('Questionnaire link').inputValue();
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/q/[A-Za-z0-9_-]{43}$`));
    const qr = made.getByTestId('outcome-link-qr');
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await section.getByTestId('outcome-links').getByText('Waiting for answers').waitFor();
    expect(await accessibilityGaps(page)).toEqual([]);
    await section.screenshot({ path: 'test-results/screenshots/outcomes-01-case-link.png' });

    // 3. Beatrice opens the link on her phone: no sign-in, her first name only.
    const phone = await open(PHONE);
    await phone.page.goto(url);
    await phone.page.getByTestId('questionnaire-greeting').getByText('Hello Beatrice').waitFor();
    expect(await phone.page.title()).toBe('Your wellbeing questionnaire – Linkwork');
    const text = (await phone.page.locator('body').textContent()) ?? '';
    for (const secret of ['Sutcliffe', '999 000 1235', '9990001235', 'Bankfield', '1948']) expect(text).not.toContain(secret);
    expect(await phone.page.getByRole('navigation', { name: 'Menu' }).count()).toBe(0);
    expect(await noSidewaysScroll(phone.page)).toBe(true);
    expect(await accessibilityGaps(phone.page)).toEqual([]);
    // Sending nothing explains what is missing.
    await phone.page.getByRole('button', { name: 'Send my answers' }).click();
    await phone.page.getByTestId('error-summary').waitFor();
    expect(await phone.page.getByTestId('error-summary').getByRole('link').count()).toBe(4);
    expect(await phone.page.title()).toBe('Error: Your wellbeing questionnaire – Linkwork');
    await screenshot(phone.page, 'outcomes-02-phone-errors');
    await phone.page.getByTestId('error-summary').getByRole('link', { name: 'Choose an answer for question 2' }).click();
    expect(await phone.page.evaluate(() => document.activeElement?.id)).toBe('question-2');
    const final = { 1: '8', 2: '7', 3: '7', 4: '2' } as const;
    for (const [n, value] of Object.entries(final))
      await phone.page
        .getByRole('group', { name: new RegExp(`^Question ${n}:`) })
        .getByLabel(value, { exact: true })
        .check();
    await screenshot(phone.page, 'outcomes-03-phone-answered');
    await phone.page.setViewportSize(NARROW_PHONE);
    expect(await noSidewaysScroll(phone.page)).toBe(true);
    await phone.page.setViewportSize(PHONE);
    await phone.page.getByRole('button', { name: 'Send my answers' }).click();
    await phone.page.getByTestId('questionnaire-thanks').getByText('Thank you, Beatrice').waitFor();
    expect(await phone.page.title()).toBe('Thank you – Linkwork');
    await screenshot(phone.page, 'outcomes-04-phone-thanks');
    // The link works once.
    await phone.page.reload();
    await phone.page.getByTestId('questionnaire-unusable').getByText('This link cannot be used').waitFor();
    await screenshot(phone.page, 'outcomes-05-phone-used');
    await phone.context.close();

    // 4. Jo's case shows the change on each item with its bands, a chart and its table.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Beatrice Sutcliffe/ }).waitFor();
    const change = page.locator('#outcomes').getByTestId('outcome-ons4-change');
    await change.waitFor();
    const lines = (await change.getByRole('listitem').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'Better Life satisfaction: improved by 4 (4 → 8); Low → High',
      'Better Worthwhile: improved by 2 (5 → 7); Medium → High',
      'Better Happiness: improved by 4 (3 → 7); Low → High',
      'Better Anxiety: improved by 5 (7 → 2); High → Low',
    ]);
    await change.getByText('No meaningful change is established for this measure, so any change is shown.').waitFor();
    const table = page.getByTestId('outcome-0-table');
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^Baseline, .*4537$/);
    expect(rows[1]).toMatch(/^Final, .*8772$/);
    expect(await page.getByTestId('outcome-0-administrations').textContent()).toContain('Self-completed online');
    expect(await page.getByTestId('outcome-links').locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^ONS4 personal wellbeing, final.*Answered/),
    ]);
    // Chart.js drew on the canvas (non-blank pixels) without any CSP complaint.
    const canvas = page.getByTestId('outcome-0-canvas');
    await expect
      .poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.toDataURL() !== document.createElement('canvas').toDataURL()))
      .toBe(true);
    expect(await accessibilityGaps(page)).toEqual([]);
    await page.locator('#outcomes').scrollIntoViewIfNeeded();
    await page.locator('#outcomes').screenshot({ path: 'test-results/screenshots/outcomes-06-case-change.png' });

    // Jo was told in the app.
    await page.goto('/today');
    await page.getByTestId('notification').filter({ hasText: 'A person answered the questionnaire you sent them' }).first().waitFor();
    await context.close();
  });
});
