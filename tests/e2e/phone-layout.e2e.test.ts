import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPerson } from '../../src/services/people/create-person.ts';
import { recordOutcome } from '../../src/services/outcomes/record-outcome.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { makeReferral } from '../support/factories.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * Staff use Linkwork on phones too (a link worker between visits): at 390 px nothing on the case page
 * or the services pages scrolls sideways, and the header's navigation folds into a menu button.
 */

const PHONE = { width: 390, height: 844 };

/** How wide the page is: more than the screen means the whole page scrolls sideways. */
const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

/** Elements that reach past the right edge of the screen, for a readable failure. */
const overflowing = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && el.closest('.lw-table-scroll') === null)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  );

describe.skipIf(!HAS_CHROMIUM)('Linkwork on a 390 px phone', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let caseId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.deps.db;
    const practice = await db.selectFrom('organisation').select(['id']).where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
    const jo = await db.selectFrom('app_user').select('id').where('email', '=', demoEmail('link_worker')).executeTakeFirstOrThrow();
    const person = await createPerson(server.deps, systemActor('test'), {
      givenName: 'Marguerite-Anastasia',
      familyName: 'Featherstonehaugh-Whittingham',
      dateOfBirth: '1951-06-09',
      practiceId: practice.id,
    });
    caseId = (await makeReferral(server.deps, person, { status: 'active', linkWorkerId: jo.id, needs: ['loneliness', 'debt'] })).id;
    // Two administrations, so the case shows the wellbeing table with its change columns.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const [timepoint, offset, answers] of [
      ['baseline', -40, { life_satisfaction: 3, worthwhile: 4, happiness: 2, anxiety: 8 }],
      ['review', -1, { life_satisfaction: 7, worthwhile: 7, happiness: 6, anxiety: 3 }],
    ] as const) {
      await recordOutcome(server.deps, systemActor('test'), caseId, {
        instrument: 'ons4',
        timepoint,
        mode: 'face_to_face',
        administeredOn: day(offset),
        answers,
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const phonePage = async (role: string) => {
    const opened = await browser.newPage(server.baseUrl);
    await opened.page.setViewportSize(PHONE);
    await signIn(opened.page, demoEmail(role), role);
    return opened;
  };

  it('the case page, with its wellbeing outcomes, does not scroll sideways', async () => {
    const { context, page, problems } = await phonePage('link_worker');
    try {
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('outcome-ons4').waitFor();
      await screenshot(page, 'phone-390-case');
      expect(await overflowing(page)).toEqual([]);
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const [role, path] of [
    ['provider', '/services'],
    ['link_worker', '/services'],
    ['link_worker', '/directory'],
  ] as const) {
    it(`${path} does not scroll sideways (${role})`, async () => {
      const { context, page, problems } = await phonePage(role);
      try {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await screenshot(page, `phone-390-${role}${path.replace(/\//g, '-')}`);
        expect(await overflowing(page)).toEqual([]);
        expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('the header folds its navigation into a menu that opens, works from the keyboard and navigates', async () => {
    const { context, page, problems } = await phonePage('link_worker');
    try {
      const header = page.getByRole('banner');
      const menu = header.getByRole('button', { name: 'Menu' });
      const nav = header.getByRole('navigation', { name: 'Menu' });
      // Folded: a button, and no row of links pushing the page sideways.
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.isVisible()).toBe(false);
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await nav.getByRole('link', { name: 'Caseload' }).waitFor();
      await screenshot(page, 'phone-390-menu-open');
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // Escape closes it and gives focus back to the button.
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);

      // From the keyboard: Enter opens it, Tab reaches the links, Enter follows one; the menu closes.
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
      await nav.getByRole('link', { name: 'Caseload' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL('**/cases');
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.isVisible()).toBe(false);

      // On a desktop the links show in a row, with no button.
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await menu.isVisible()).toBe(false);
      expect(await nav.getByRole('link', { name: 'Caseload' }).isVisible()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
