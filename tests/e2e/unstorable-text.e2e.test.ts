import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UNSTORABLE_TEXT_MESSAGE } from '../../src/domain/schemas/text.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { launchBrowser, screenshot, startServer, type E2EBrowser, type E2EServer } from './support.ts';

const PHONE = { width: 390, height: 844 };

/**
 * Text pasted from a broken document can carry a NUL character. A member of the public sending the
 * self-referral form with one is told which answer to fix, and nothing is sent; before, the server
 * took it on SQLite and answered 500 on PostgreSQL ("something went wrong", the form lost).
 */
describe.skipIf(!HAS_CHROMIUM)('text a database cannot store, in the browser', () => {
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

  it('a self-referral with a NUL in “your own words” names that answer and sends nothing', async () => {
    const referrals = async () =>
      Number(
        (
          await server.database.db
            .selectFrom('referral')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await referrals();
    await page.setViewportSize(PHONE);
    await page.goto('/self-referral');
    const form = page.getByTestId('self-referral-form');
    await form.waitFor();
    await form.getByLabel('First name').fill('Dawn');
    await form.getByLabel('Last name').fill('Mitchell');
    const dob = form.getByRole('group', { name: 'Date of birth' });
    await dob.getByLabel('Day').fill('27');
    await dob.getByLabel('Month').fill('3');
    await dob.getByLabel('Year').fill('1957');
    await form.getByLabel('Your GP surgery').selectOption({ label: 'King Cross Medical Centre (demo)' });
    await form.getByLabel('Debt and money worries').check();
    await form.getByLabel('Tell us in your own words (optional)').fill('Since my hours were cut\u0000 I cannot keep up with the bills.');
    await form.getByLabel('Phone number').fill('07700 900123');
    await form.getByLabel('Text message').check();
    await form.getByLabel('I agree to the social prescribing team contacting me and reading what I have written here').check();
    await page.getByRole('button', { name: 'Send my referral' }).click();

    await page.getByText(UNSTORABLE_TEXT_MESSAGE).first().waitFor();
    await screenshot(page, 'unstorable-text-self-referral');
    expect(await page.getByTestId('self-referral-sent').count()).toBe(0);
    expect(await referrals()).toBe(before);
  });
});
