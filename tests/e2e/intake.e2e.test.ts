import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../src/domain/reference.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { signInAs, type Session } from '../support/test-app.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * Intake and the closed loop in the browser: a GP refers in about a minute (field errors first,
 * then a possible duplicate explained and confirmed), a member of the public refers themselves on a
 * phone without signing in, the lead triages most pressing first (a conflict keeps the choice), and a
 * provider adds a service and works a community referral from the inbox. Steps that belong to other
 * pages (the link worker's case page) go through the API.
 */

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };
const DAY = 86_400_000;

/** A synthetic NHS number (999 range) with a valid Modulus 11 check digit. */
function nhsNumber(seed: number): string {
  for (let n = seed; ; n++) {
    const body = `999${String(n).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${body}${check === 11 ? 0 : check}`;
  }
}

/** Form controls without a label and fieldsets without a legend (the honeypot excepted: it is hidden from everyone). */
async function accessibilityGaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const gaps: string[] = [];
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('main input, main select, main textarea')) {
      if (el.id === 'website') continue;
      if (el.labels === null || el.labels.length === 0) gaps.push(`no label: ${el.id || el.name}`);
    }
    for (const fs of document.querySelectorAll('main fieldset')) {
      if (fs.querySelector(':scope > legend')?.textContent?.trim() === undefined || fs.querySelector(':scope > legend')?.textContent?.trim() === '')
        gaps.push('fieldset without legend');
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) gaps.push(`duplicate id: ${id}`);
    return gaps;
  });
}

/** The id of the focused element (or its test id). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null);

async function fillDate(group: Locator, day: string, month: string, year: string): Promise<void> {
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

describe.skipIf(!HAS_CHROMIUM)('intake in the browser: referrals, self-referral, triage, provider inbox', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let gp: Session;
  let lead: Session;
  let jo: Session;

  // JSON answers are read loosely here: the API's own tests check their shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (who: Session, method: 'GET' | 'POST', url: string, payload?: object): Promise<any> => {
    const res = await server.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    [gp, lead, jo] = await Promise.all([
      signInAs(server.app, demoEmail('referrer')),
      signInAs(server.app, demoEmail('lead')),
      signInAs(server.app, demoEmail('link_worker')),
    ]);
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

  const menuLink = (name: string) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true });
  const summary = () => page.getByTestId('error-summary');

  let ednaReference = '';
  let duplicateReference = '';

  it('a GP makes a referral in about a minute: errors first (focused summary, server field errors), then the reference and “Waiting to be allocated” in My referrals', async () => {
    await signIn(page, demoEmail('referrer'), 'referrer');
    const started = Date.now();
    await menuLink('Make a referral').click();
    await page.getByRole('heading', { level: 1, name: 'Make a referral' }).waitFor();
    expect(await page.getByTestId('practice').textContent()).toContain('Bankfield Surgery (demo)');
    expect(await accessibilityGaps(page)).toEqual([]);

    // Sent empty: the shared schema answers in the browser, in the order of the form; the summary takes focus.
    await page.getByRole('button', { name: 'Send referral' }).click();
    await summary().waitFor();
    expect(await focused(page)).toBe('error-summary');
    expect(await summary().getByRole('listitem').allTextContents()).toEqual([
      'Enter a first name',
      'Enter a last name',
      'Enter the person’s date of birth',
      'Choose at least one reason for the referral',
      'Record that the person agreed to be referred. Do not refer without their consent',
    ]);
    expect(await page.title()).toBe('Error: Make a referral – Linkwork');
    // Each message leads to its field (the needs link lands on the first checkbox).
    await summary().getByRole('link', { name: 'Choose at least one reason for the referral' }).click();
    expect(await focused(page)).toBe('needs');
    // Keyboard: Space ticks the focused checkbox.
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Loneliness and isolation').isChecked()).toBe(true);
    await screenshot(page, 'intake-refer-errors');

    // Ada Hartley's NHS number with another date of birth: only the server can know, and it says which fields.
    const form = page.getByTestId('referral-form');
    await form.getByLabel('NHS number').fill('999 007 9196');
    await form.getByLabel('First name').fill('Edna');
    await form.getByLabel('Last name').fill('Sowerby');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '3', '9', '1949');
    await form.getByLabel('Female', { exact: true }).check();
    await form.getByLabel('Address line 1 (optional)').fill('14 Saddleworth Road');
    await form.getByLabel('Postcode').fill('hx1 1aa');
    await form.getByLabel('Phone number (optional)').fill('01422 350123');
    await form.getByLabel('Bereavement').check();
    await form.getByLabel('In your own words (optional)').fill('Widowed in the spring; stopped going to chapel and rarely leaves the house.');
    await form.getByLabel('Soon (within a week)').check();
    await form.getByLabel('The person agreed to be referred').check();
    await form.getByLabel('There is a safeguarding concern or a risk to a visiting link worker').check();
    await form.getByLabel('What is the concern?').fill('Son visits and may be taking her pension. Please see her on her own.');
    await form.getByLabel('How best to contact them (optional)').fill('Mornings; hard of hearing, speak clearly');
    await page.getByRole('button', { name: 'Send referral' }).click();
    const wrongDob = 'This NHS number is recorded with a different date of birth. Check both against the GP record';
    await summary().getByRole('link', { name: wrongDob }).first().waitFor();
    expect(await page.locator('#nhsNumber-error').textContent()).toContain(wrongDob);
    expect(await page.locator('#dateOfBirth-error').textContent()).toContain(wrongDob);
    // Nothing typed was lost.
    expect(await form.getByLabel('What is the concern?').inputValue()).toContain('pension');
    await screenshot(page, 'intake-refer-server-errors');

    await form.getByLabel('NHS number').fill(nhsNumber(400100));
    await page.getByRole('button', { name: 'Send referral' }).click();
    const sent = page.getByTestId('referral-sent');
    await sent.waitFor();
    ednaReference = (await page.getByTestId('reference').textContent()) ?? '';
    expect(ednaReference).toMatch(REFERENCE_PATTERN);
    expect(await page.title()).toBe('Referral sent – Linkwork');
    expect(await page.locator('main').textContent()).toContain('flagged for safeguarding');
    const seconds = (Date.now() - started) / 1000;
    console.log(`[intake e2e] GP referral, errors included, took ${seconds.toFixed(1)} s of browser time`);
    expect(seconds).toBeLessThan(60);
    await screenshot(page, 'intake-refer-sent');

    await page.getByTestId('my-referrals-link').click();
    const row = page.locator(`[data-testid="my-referral-row"][data-reference="${ednaReference}"]`);
    await row.waitFor();
    expect(await row.getByTestId('status').textContent()).toContain('Waiting to be allocated');
    expect(await row.textContent()).toContain('Edna Sowerby');
    expect(await row.textContent()).toContain('Loneliness and isolation, Bereavement');
    // No notes: not even the referrer's own safeguarding words come back here.
    expect(await page.locator('main').textContent()).not.toContain('pension');
    await screenshot(page, 'intake-my-referrals');
  });

  it('a possible duplicate is explained (to a GP without naming anyone; to a link worker with the candidates) and can be confirmed or resolved', async () => {
    await signIn(page, demoEmail('referrer'), 'referrer');
    await page.goto('/refer');
    const form = page.getByTestId('referral-form');
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Hartly');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '12', '3', '1948');
    await form.getByLabel('Postcode').fill('HX1 1AA');
    await form.getByLabel('Loneliness and isolation').check();
    await form.getByLabel('The person agreed to be referred').check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    const warning = page.getByTestId('duplicate-warning');
    await warning.waitFor();
    expect(await focused(page)).toBe('error-summary');
    expect(await warning.textContent()).toContain(
      'Someone with a similar name, the same date of birth and the same postcode is already known at your practice',
    );
    expect(await warning.textContent()).toContain('Nothing has been sent yet');
    expect(await warning.textContent()).not.toContain('Hartley');
    await screenshot(page, 'intake-refer-duplicate-gp');
    await warning.getByRole('button', { name: 'This is a different person: send the referral' }).click();
    await page.getByTestId('referral-sent').waitFor();
    duplicateReference = (await page.getByTestId('reference').textContent()) ?? '';

    // A link worker keying in proactive outreach is shown the records and can choose one.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('signed-out-notice').waitFor();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.goto('/refer');
    await form.getByLabel('Proactive outreach').check();
    await form.getByLabel('The person’s GP practice').selectOption({ label: 'Bankfield Surgery (demo)' });
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Hartley');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '12', '3', '1948');
    await form.getByLabel('Postcode').fill('HX1 1AA');
    await form.getByLabel('Physical activity').check();
    expect(await accessibilityGaps(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send referral' }).click();
    await warning.waitFor();
    const candidates = page.getByTestId('duplicate-candidates');
    // Both the seeded record and the one just confirmed as someone different.
    expect(await candidates.textContent()).toContain('Ada Hartley, born 12 March 1948, HX1 1AA, Bankfield Surgery (demo)');
    expect(await candidates.textContent()).toContain('Ada Hartly');
    await screenshot(page, 'intake-refer-duplicate-staff');
    await candidates.getByRole('button', { name: 'Refer this person (Ada Hartley)' }).click();
    await page.getByTestId('referral-sent').waitFor();
    expect(await page.locator('main').textContent()).toContain('will contact Ada Hartley');
  });

  it('a partner organisation refers someone at any practice where the service runs, and follows it in My referrals', async () => {
    await signIn(page, demoEmail('partner_referrer'), 'partner_referrer');
    await menuLink('Make a referral').click();
    const form = page.getByTestId('referral-form');
    await form.waitFor();
    // Partners do not choose a source (always "partner") and may pick any served practice.
    expect(await form.getByRole('group', { name: 'Where the referral comes from' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Send referral' }).click();
    expect(await summary().getByRole('listitem').first().textContent()).toBe('Choose the person’s GP practice');
    await form.getByLabel('The person’s GP practice').selectOption({ label: 'Saville Park Practice (demo)' });
    await form.getByLabel('First name').fill('Kyle');
    await form.getByLabel('Last name').fill('Brennan');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '14', '11', '1988');
    await form.getByLabel('Homelessness or risk of it').check();
    await form.getByLabel('Employment and work').check();
    await form.getByLabel('The person agreed to be referred').check();
    await form.getByLabel('How the link worker can reach you (optional)').fill('Housing Options duty line 01422 288000');
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByTestId('referral-sent').waitFor();
    const reference = (await page.getByTestId('reference').textContent()) ?? '';
    await page.getByTestId('my-referrals-link').click();
    const row = page.locator(`[data-testid="my-referral-row"][data-reference="${reference}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Partner organisation');
    expect(await row.textContent()).toContain('Saville Park Practice (demo)');
    expect(await row.getByTestId('status').textContent()).toContain('Waiting to be allocated');
  });

  it('a member of the public refers themselves on a phone without signing in; the honeypot stays invisible', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Refer yourself to social prescribing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Refer yourself to social prescribing' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/self-referral');
    // A fresh load works too, signed out (no redirect to sign in).
    await page.reload();
    await page.getByTestId('self-referral-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/self-referral');
    expect(await page.title()).toBe('Refer yourself to social prescribing – Linkwork');
    expect(await accessibilityGaps(page)).toEqual([]);

    // The honeypot: off screen, out of the tab order and hidden from assistive technology.
    const honeypot = page.locator('#website');
    const box = await honeypot.boundingBox();
    expect(box === null || box.x + box.width <= 0).toBe(true);
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await honeypot.getAttribute('autocomplete')).toBe('off');
    expect(await page.locator('.lw-hp').getAttribute('aria-hidden')).toBe('true');
    expect(await page.locator('#website').getAttribute('style')).toBeNull();
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.getByRole('button', { name: 'Send my referral' }).click();
    await summary().waitFor();
    expect(await focused(page)).toBe('error-summary');
    const messages = await summary().getByRole('listitem').allTextContents();
    expect(messages).toContain('Enter your first name');
    expect(messages).toContain('Choose your GP surgery');
    expect(messages).toContain('Tick the box to say you agree, so that we can contact you');
    await screenshot(page, 'intake-self-referral-phone-errors');

    const form = page.getByTestId('self-referral-form');
    await form.getByLabel('First name').fill('Dawn');
    await form.getByLabel('Last name').fill('Mitchell');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '27', '3', '1957');
    await form.getByLabel('Your GP surgery').selectOption({ label: 'King Cross Medical Centre (demo)' });
    await form.getByLabel('Debt and money worries').check();
    await form.getByLabel('Tell us in your own words (optional)').fill('Since my hours were cut I cannot keep up with the bills.');
    await form.getByLabel('Phone number').fill('07700 900123');
    await form.getByLabel('Text message').check();
    await form.getByLabel('I agree to the social prescribing team contacting me and reading what I have written here').check();
    await screenshot(page, 'intake-self-referral-phone-form');
    await page.getByRole('button', { name: 'Send my referral' }).click();
    await page.getByTestId('self-referral-sent').waitFor();
    const reference = (await page.getByTestId('reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE_PATTERN);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'intake-self-referral-phone-sent');

    // It is real: the lead sees it waiting, from the person themselves.
    const triage = await call(lead, 'GET', '/api/v1/triage');
    const mine = (triage.referrals as { reference: string; source: string }[]).find((r) => r.reference === reference);
    expect(mine?.source).toBe('self');
  });

  it('the lead triages on a tablet: most pressing first, flags and days waiting; a conflict keeps the choice; allocates to a suggested link worker; rejects with a reason the GP then sees', async () => {
    // Age Edna's referral by five days so the board's order and days waiting have something to show.
    await server.database.db
      .updateTable('referral')
      .set({ created_at: new Date(Date.now() - 5 * DAY).toISOString() })
      .where('reference', '=', ednaReference)
      .execute();

    await page.setViewportSize(TABLET);
    await signIn(page, demoEmail('lead'), 'lead');
    await menuLink('Triage').click();
    await page.getByTestId('triage-list').waitFor();
    expect(await accessibilityGaps(page)).toEqual([]);
    const items = page.getByTestId('triage-item');
    const references = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-reference')));
    expect(references[0]).toBe(ednaReference);
    expect(references).toContain(duplicateReference);

    const edna = page.locator(`[data-testid="triage-item"][data-reference="${ednaReference}"]`);
    expect(await edna.getByTestId('days-waiting').textContent()).toBe('Waiting 5 days');
    const flags = await edna.getByTestId('flags').textContent();
    expect(flags).toContain('Safeguarding concern');
    expect(flags).toContain('Soon');
    expect(await edna.getByTestId('risk-details').textContent()).toContain('taking her pension');
    expect(await edna.getByRole('heading', { level: 2 }).textContent()).toContain('SOWERBY, Edna');
    expect(await edna.textContent()).toContain('Loneliness and isolation, Bereavement');
    // Link workers covering Bankfield, with their open caseloads.
    const choices = edna.getByRole('group', { name: 'Allocate to a link worker' });
    expect(await choices.textContent()).toContain('Jo Barker');
    expect(await choices.textContent()).toMatch(/\d+ open cases?/);
    expect(await page.getByTestId('triage-counts').textContent()).toMatch(/\d+ waiting/);
    await screenshot(page, 'intake-triage-tablet');

    // Someone else changes the referral while the lead is choosing: nothing saved, the choice kept.
    await edna.getByLabel('Jo Barker').check();
    await server.database.db
      .updateTable('referral')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('reference', '=', ednaReference)
      .execute();
    await edna.getByRole('button', { name: `Allocate ${ednaReference}` }).click();
    const conflict = page.getByTestId('triage-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(`Someone else changed ${ednaReference}`);
    await conflict.getByText('what you chose is still selected').waitFor();
    expect(await edna.getByLabel('Jo Barker').isChecked()).toBe(true);
    expect(await page.title()).toBe('Triage – Linkwork');
    await screenshot(page, 'intake-triage-conflict');
    await edna.getByRole('button', { name: `Allocate ${ednaReference}` }).click();
    await page.getByTestId('triage-flash').getByText(`${ednaReference} allocated to Jo Barker`).waitFor();
    await edna.waitFor({ state: 'detached' });

    // Turn the confirmed-different Ada Hartly away: a reason is required first.
    const ada = page.locator(`[data-testid="triage-item"][data-reference="${duplicateReference}"]`);
    expect(await ada.getByTestId('flags').textContent()).toContain('Routine');
    await ada.getByRole('button', { name: `Reject ${duplicateReference}` }).click();
    await summary()
      .getByRole('link', { name: `Choose a reason to reject ${duplicateReference}` })
      .click();
    expect(await focused(page)).toBe(`reason-${await ada.evaluate((e) => e.getAttribute('aria-labelledby')?.replace('heading-', ''))}`);
    await ada.getByLabel('Or turn it away, with a reason the referrer will see').selectOption({ label: 'Duplicate of another referral' });
    await ada.getByRole('button', { name: `Reject ${duplicateReference}` }).click();
    await page.getByTestId('triage-flash').getByText(`${duplicateReference} rejected: duplicate of another referral`).waitFor();

    // The GP sees both outcomes in plain words.
    const gpContext = await chrome.newPage(server.baseUrl);
    try {
      await signIn(gpContext.page, demoEmail('referrer'), 'referrer');
      await gpContext.page.goto('/my-referrals');
      const row = (ref: string) => gpContext.page.locator(`[data-testid="my-referral-row"][data-reference="${ref}"]`).getByTestId('status');
      await row(ednaReference).waitFor();
      expect(await row(ednaReference).textContent()).toContain('Allocated to a link worker');
      expect(await row(ednaReference).textContent()).toContain('Link worker: Jo Barker');
      expect(await row(duplicateReference).textContent()).toContain('Not accepted');
      expect(await row(duplicateReference).textContent()).toContain('Reason: Duplicate of another referral');
      await screenshot(gpContext.page, 'intake-my-referrals-after-triage');
      expect(gpContext.problems).toEqual([]);
    } finally {
      await gpContext.context.close();
    }
  });

  it('a provider adds a service, sees a community referral with only the minimum, accepts, marks started and attended, and declines another with a reason', async () => {
    await signIn(page, demoEmail('provider'), 'provider');
    await menuLink('Services').click();
    await page.getByTestId('add-service-link').click();
    await page.getByRole('heading', { level: 1, name: 'Add a service' }).waitFor();
    expect(await accessibilityGaps(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add service' }).click();
    await summary().waitFor();
    expect(await summary().getByRole('listitem').allTextContents()).toEqual([
      'Enter the name of the service',
      'Choose at least one need the service meets',
      'Say whether the service takes referrals',
    ]);
    const form = page.getByTestId('service-form');
    expect(await form.textContent()).toContain('Run by Calder Befriending Network (demo)');
    await form.getByLabel('Name of the service').fill('Knit and Natter at Central Library');
    await form.getByLabel('What it offers (optional)').fill('A relaxed knitting group every Thursday morning. All abilities; wool provided.');
    await form.getByLabel('Loneliness and isolation').check();
    await form.getByLabel('Low mood').check();
    await form.getByLabel('Yes', { exact: true }).check();
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByTestId('services-flash').getByText('Service added: Knit and Natter at Central Library').waitFor();
    const serviceRow = page.getByTestId('service-row').filter({ hasText: 'Knit and Natter at Central Library' });
    expect(await serviceRow.textContent()).toContain('Takes referrals');
    expect(await serviceRow.textContent()).toContain('0 received');
    await screenshot(page, 'intake-services');

    // Behind the scenes: a GP refers two people, the lead gives them to Jo, and Jo refers both to the knitting group.
    const services = (await call(jo, 'GET', '/api/v1/services')) as { services: { id: string; name: string }[] };
    const knitting = services.services.find((s) => s.name === 'Knit and Natter at Central Library');
    expect(knitting).toBeDefined();
    const joId = ((await call(jo, 'GET', '/api/v1/me')) as { user: { id: string } }).user.id;
    const referAndAllocate = async (givenName: string, familyName: string, seed: number): Promise<string> => {
      const created = (await call(gp, 'POST', '/api/v1/referrals', {
        person: {
          nhsNumber: nhsNumber(seed),
          givenName,
          familyName,
          dateOfBirth: '1947-06-15',
          address: { line1: '7 Moorside Lane', postcode: 'HX3 0AR' },
          phone: '01422 361111',
          email: `${givenName.toLowerCase()}@example.org`,
        },
        needs: ['loneliness'],
        reasonText: 'Referral reason from the GP: low mood since retiring',
        urgency: 'routine',
        consentGiven: true,
        contactNotes: 'Afternoons are best',
      })) as { id: string; reference: string };
      const triage = (await call(lead, 'GET', '/api/v1/triage')) as { referrals: { id: string; version: number }[] };
      const item = triage.referrals.find((r) => r.id === created.id);
      await call(lead, 'POST', `/api/v1/referrals/${created.id}/allocate`, { linkWorkerId: joId, version: item?.version ?? 1 });
      await call(jo, 'POST', `/api/v1/cases/${created.id}/community-referrals`, {
        serviceId: knitting?.id,
        kind: 'refer',
        need: 'loneliness',
        reasonText: 'Used to knit for the family; would like company',
      });
      return created.reference;
    };
    await referAndAllocate('Walter', 'Crabtree', 500200);
    await referAndAllocate('Irene', 'Lumb', 500300);

    await menuLink('Referral inbox').click();
    await page.getByTestId('inbox-list').waitFor();
    expect(await accessibilityGaps(page)).toEqual([]);
    const walter = page.getByTestId('inbox-item').filter({ hasText: 'Walter Crabtree' });
    const text = (await walter.textContent()) ?? '';
    for (const shown of [
      'Knit and Natter at Central Library',
      'Loneliness and isolation',
      'Used to knit for the family',
      'Jo Barker',
      '01422 361111',
      'walter@example.org',
      'Agreed to be referred',
      'Sent, awaiting reply',
    ]) {
      expect(text, shown).toContain(shown);
    }
    // The minimum necessary: no NHS number, date of birth, address or the GP's reason.
    const main = (await page.locator('main').textContent()) ?? '';
    for (const hidden of [nhsNumber(500200), '1947', 'June', 'Moorside', 'HX3 0AR', 'low mood since retiring']) {
      expect(main, hidden).not.toContain(hidden);
    }
    await screenshot(page, 'intake-inbox');

    await walter.getByRole('button', { name: 'Accept the referral for Walter Crabtree' }).click();
    await page.getByTestId('inbox-flash').getByText('Accepted: Walter Crabtree').waitFor();
    await walter.getByRole('button', { name: 'Mark as started for Walter Crabtree' }).click();
    await page.getByTestId('inbox-flash').getByText('Marked as started: Walter Crabtree').waitFor();
    expect(await walter.getAttribute('data-status')).toBe('started');
    await walter.getByRole('button', { name: 'Mark as attended for Walter Crabtree' }).click();
    await page.getByTestId('inbox-flash').getByText('Marked as attended: Walter Crabtree').waitFor();
    expect(await walter.getAttribute('data-status')).toBe('attended');
    expect(await walter.getByRole('button', { name: 'Mark as completed for Walter Crabtree' }).count()).toBe(1);
    await screenshot(page, 'intake-inbox-attended');

    // Declining needs a coded reason.
    const irene = page.getByTestId('inbox-item').filter({ hasText: 'Irene Lumb' });
    await irene.getByRole('button', { name: 'Decline the referral for Irene Lumb' }).click();
    await summary().getByRole('link', { name: 'Choose a reason for declining the referral for Irene Lumb' }).waitFor();
    await irene.getByLabel('Or decline, with a reason the link worker will see').selectOption({ label: 'Service is full' });
    await irene.getByRole('button', { name: 'Decline the referral for Irene Lumb' }).click();
    await page.getByTestId('inbox-flash').getByText('Declined: Irene Lumb').waitFor();
    await irene.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: 'Finished' }).click();
    const declined = page.getByTestId('inbox-item').filter({ hasText: 'Irene Lumb' });
    await declined.waitFor();
    expect(await declined.textContent()).toContain('Service is full');

    // The service's figures now count both answers.
    await menuLink('Services').click();
    expect(
      await page.getByTestId('service-row').filter({ hasText: 'Knit and Natter at Central Library' }).getByTestId('service-figures').textContent(),
    ).toContain('2 received, 50% accepted');
  });
});
