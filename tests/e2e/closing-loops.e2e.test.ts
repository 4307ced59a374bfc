import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { signInAs, type Session } from '../support/test-app.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * Issue 14, "information reaches the person who acts on it", as people see it:
 * - Jo opens a self-referral's case and the person's page and sees how Halina wants to be contacted
 *   (text, afternoons), that she needs a Polish interpreter and easy read, and the referrer's note;
 * - Jo accepts a proactive case: the page asks for the person's consent first, records it, and the
 *   provider's inbox then shows it; Jo then withdraws the referral from the case page;
 * - Jo discharges a case as "goals met" with no goal achieved: the page asks to confirm; the GP
 *   reads the message back in My referrals, with the wellbeing scores (baseline → latest, bands),
 *   and finds it in the practice inbox too.
 * Set-up steps that have their own browser stories (referral forms, triage) go through the API.
 */

let nhsSeq = 820_000;
/** A synthetic 999-range NHS number with a valid Modulus 11 check digit. */
function nhsNumber(): string {
  for (;;) {
    const body = `999${String(nhsSeq++).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${body}${check}`;
  }
}

describe.skipIf(!HAS_CHROMIUM)('closing the loops in the browser', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let gp: Session;
  let lead: Session;
  let jo: Session;
  let provider: Session;
  let joId: string;
  let bankfield: string;
  const problems: string[][] = [];

  // JSON answers are read loosely here: the API's own tests check their shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (who: Session | null, method: 'GET' | 'POST', url: string, payload?: object): Promise<any> => {
    const res = await server.app.inject({
      method,
      url,
      headers: who?.headers ?? {},
      remoteAddress: '198.51.100.14',
      ...(payload === undefined ? {} : { payload }),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  const allocateToJo = async (id: string) => {
    const item = (await call(lead, 'GET', '/api/v1/triage')).referrals.find((r: { id: string }) => r.id === id);
    await call(lead, 'POST', `/api/v1/referrals/${id}/allocate`, { linkWorkerId: joId, version: item.version });
  };

  const open = async (): Promise<{ page: Page; close: () => Promise<void> }> => {
    const { context, page, problems: p } = await chrome.newPage(server.baseUrl);
    problems.push(p);
    return { page, close: () => context.close() };
  };

  const openCase = async (page: Page, id: string, name: string) => {
    await page.goto(`/cases/${id}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    [gp, lead, jo, provider] = await Promise.all([
      signInAs(server.app, demoEmail('referrer')),
      signInAs(server.app, demoEmail('lead')),
      signInAs(server.app, demoEmail('link_worker')),
      signInAs(server.app, demoEmail('provider')),
    ]);
    joId = (await call(jo, 'GET', '/api/v1/me')).user.id;
    const practices = (await call(null, 'GET', '/api/v1/public/practices')).practices;
    bankfield = practices.find((p: { name: string }) => p.name.startsWith('Bankfield')).id;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    expect(problems.flat()).toEqual([]);
  });

  it('shows how to reach a self-referrer and what she needs on the case and on her page', async () => {
    const { reference } = await call(null, 'POST', '/api/v1/public/self-referrals', {
      firstName: 'Halina',
      lastName: 'Kowalska',
      dateOfBirth: '1949-03-02',
      phone: '07700 900321',
      howToContactYou: ['text'],
      bestTimesToContact: ['afternoon'],
      gpPracticeId: bankfield,
      whatWouldHelp: ['loneliness'],
      needAnInterpreter: true,
      language: 'Polish',
      accessibleFormats: ['easy_read'],
      consent: true,
    });
    const item = (await call(lead, 'GET', '/api/v1/triage')).referrals.find((r: { reference: string }) => r.reference === reference);
    await allocateToJo(item.id);

    const { page, close } = await open();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await openCase(page, item.id, 'Halina Kowalska');
    expect(await page.getByTestId('case-how-to-contact').textContent()).toContain('Text message; best afternoons');
    expect(await page.getByTestId('case-communication-needs').textContent()).toBe('Interpreter needed (Polish); easy read');
    await screenshot(page, 'loops-01-case-how-to-reach');

    await page.goto(`/people/${item.person.id}`);
    await page.getByRole('heading', { level: 1, name: 'Halina Kowalska' }).waitFor();
    expect(await page.getByTestId('person-how-to-contact').textContent()).toBe('Text message; best afternoons');
    expect(await page.getByTestId('person-communication-needs').textContent()).toBe('Interpreter needed (Polish); easy read');
    await close();
  }, 120_000);

  it('asks for a proactive case’s consent on acceptance; the provider sees it; Jo then withdraws the referral', async () => {
    const made = await call(jo, 'POST', '/api/v1/referrals', {
      source: 'proactive',
      practiceId: bankfield,
      person: { nhsNumber: nhsNumber(), givenName: 'Stanley', familyName: 'Greenwood', dateOfBirth: '1944-09-09' },
      needs: ['loneliness'],
      consentGiven: false,
      contactNotes: 'Call the landline; he does not use a mobile',
    });
    await allocateToJo(made.id);

    const { page, close } = await open();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await openCase(page, made.id, 'Stanley Greenwood');
    expect(await page.getByTestId('case-consent').textContent()).toContain('Not recorded yet');
    expect(await page.getByTestId('case-how-to-contact').textContent()).toContain('From the referrer: Call the landline; he does not use a mobile');

    // Until he agrees, services can be signposted but not referred to.
    await page.getByTestId('refer-needs-consent').first().waitFor();

    // Accepting without recording consent is refused, and the page says why.
    await page.getByRole('button', { name: 'They accepted support' }).click();
    await page
      .locator('.nhsuk-error-summary')
      .getByText(/Record that they agreed to support/)
      .waitFor();
    await page.getByLabel('They agreed to have support, and to be referred to services').check();
    await page.getByRole('button', { name: 'They accepted support' }).click();
    await page
      .getByTestId('case-flash')
      .getByText(/Their consent is recorded/)
      .waitFor();
    expect(await page.getByTestId('case-consent').textContent()).toMatch(/^Agreed to be referred \(recorded /);
    expect(await page.getByTestId('refer-needs-consent').count()).toBe(0);
    await screenshot(page, 'loops-02-consent-recorded');

    // Jo refers him to a service; its provider sees the consent.
    const services = (await call(provider, 'GET', '/api/v1/services')).services.filter((s: { takesReferrals: boolean }) => s.takesReferrals);
    const service = services[0];
    await call(jo, 'POST', `/api/v1/cases/${made.id}/community-referrals`, { serviceId: service.id, kind: 'refer', need: 'loneliness' });
    const inbox = await open();
    await signIn(inbox.page, demoEmail('provider'), 'provider');
    await inbox.page.goto('/inbox');
    const card = inbox.page.getByTestId('inbox-item').filter({ hasText: 'Stanley Greenwood' });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Agreed to be referred \(recorded /);
    await screenshot(inbox.page, 'loops-03-inbox-consent');
    await inbox.close();

    // He changes his mind: Jo withdraws the referral from the case page.
    await page.reload();
    const row = page.getByTestId('community-referral-row').filter({ hasText: service.name });
    await row.getByRole('button', { name: `Withdraw the referral to ${service.name}` }).click();
    await row.getByRole('button', { name: `Yes, withdraw the referral to ${service.name}` }).click();
    await page.getByTestId('case-flash').getByText(`Referral to ${service.name} withdrawn.`).waitFor();
    expect(await page.getByTestId('community-referral-row').filter({ hasText: service.name }).textContent()).toContain('Cancelled');
    expect(await row.getByRole('button', { name: /Withdraw/ }).count()).toBe(0);
    await screenshot(page, 'loops-04-withdrawn');
    await close();
  }, 120_000);

  it('files a referral from a search for two needs under the need the service meets', async () => {
    const made = await call(gp, 'POST', '/api/v1/referrals', {
      person: { nhsNumber: nhsNumber(), givenName: 'Walter', familyName: 'Crossley', dateOfBirth: '1952-11-11' },
      needs: ['loneliness', 'debt'],
      consentGiven: true,
    });
    await allocateToJo(made.id);
    const { version } = await call(jo, 'GET', `/api/v1/cases/${made.id}`);
    await call(jo, 'POST', `/api/v1/cases/${made.id}/status`, { command: 'accept', version });
    // The services that help with debt and take referrals (and not loneliness, so the need is unambiguous).
    const debtServices = new Set<string>(
      (await call(jo, 'GET', '/api/v1/services?need=debt')).services
        .filter((s: { takesReferrals: boolean; needs: string[] }) => s.takesReferrals && !s.needs.includes('loneliness'))
        .map((s: { name: string }) => s.name),
    );

    const { page, close } = await open();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await openCase(page, made.id, 'Walter Crossley');
    await page.getByRole('button', { name: 'Find services' }).click();
    await page.getByTestId('match-results').waitFor();
    const names = (await page.getByTestId('match-result').locator('h4').allTextContents()).map((t) => t.replace(/^\d+\.\s*/, ''));
    const debt = names.find((n) => debtServices.has(n));
    expect(debt, `a debt service among ${names.join(', ')}`).toBeDefined();
    const name = debt ?? '';
    await page.getByRole('button', { name: `Refer to ${name}`, exact: true }).click();
    await page.getByTestId('case-flash').getByText(`Referred to ${name}.`).waitFor();
    expect(await page.getByTestId('community-referral-row').filter({ hasText: name }).textContent()).toContain('Referral for debt and money worries');
    await screenshot(page, 'loops-07-referral-need');
    await close();
  }, 120_000);

  it('confirms "goals met" with no goal achieved; the GP reads the message back with the wellbeing scores', async () => {
    const made = await call(gp, 'POST', '/api/v1/referrals', {
      person: { nhsNumber: nhsNumber(), givenName: 'Edna', familyName: 'Sutcliffe', dateOfBirth: '1946-05-05' },
      needs: ['loneliness'],
      consentGiven: true,
    });
    await allocateToJo(made.id);
    let { version } = await call(jo, 'GET', `/api/v1/cases/${made.id}`);
    await call(jo, 'POST', `/api/v1/cases/${made.id}/status`, { command: 'accept', version });
    await call(jo, 'POST', `/api/v1/cases/${made.id}/plan/versions`, { basedOnVersion: 0, goals: [{ text: 'Join a walking group', status: 'in_progress' }] });
    const today = new Date().toISOString().slice(0, 10);
    const ons4 = (timepoint: string, answers: object) =>
      call(jo, 'POST', `/api/v1/cases/${made.id}/outcomes`, { instrument: 'ons4', timepoint, mode: 'telephone', administeredOn: today, answers });
    await ons4('baseline', { life_satisfaction: 3, worthwhile: 5, happiness: 4, anxiety: 8 });
    await ons4('final', { life_satisfaction: 7, worthwhile: 6, happiness: 8, anxiety: 3 });
    ({ version } = await call(jo, 'GET', `/api/v1/cases/${made.id}`));

    const { page, close } = await open();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await openCase(page, made.id, 'Edna Sutcliffe');
    await page.getByRole('button', { name: 'Discharge…' }).click();
    const form = page.getByTestId('discharge-form');
    await form.getByLabel('Goals met').check();
    await form.getByLabel('Full summary', { exact: true }).check();
    await form.getByTestId('goals-met-warning').waitFor();
    expect(await form.getByTestId('goals-met-warning').textContent()).toContain('None of the goals in their plan is marked achieved');
    await screenshot(page, 'loops-05-goals-met-confirm');
    // Not confirmed: refused, nothing changes.
    await form.getByRole('button', { name: 'Discharge the case' }).click();
    await page
      .locator('.nhsuk-error-summary')
      .getByText(/No goal in the plan is marked achieved/)
      .waitFor();
    expect((await call(jo, 'GET', `/api/v1/cases/${made.id}`)).version).toBe(version);
    await form.getByLabel('Yes, their goals were met').check();
    await form.getByRole('button', { name: 'Discharge the case' }).click();
    await page.getByTestId('discharged-note').waitFor();
    await close();

    // The GP who referred her reads the message back in My referrals.
    const gpPage = await open();
    await signIn(gpPage.page, demoEmail('referrer'), 'referrer');
    await gpPage.page.goto('/my-referrals');
    await gpPage.page.getByTestId('my-referrals-table').getByRole('button', { name: 'Read the message back for Edna Sutcliffe' }).click();
    const message = gpPage.page.getByTestId('message-back');
    await message.getByTestId('discharge-message').waitFor();
    expect(await message.getByTestId('message-outcome').textContent()).toBe('Goals met');
    const wellbeing = message.getByTestId('message-wellbeing');
    const life = wellbeing.locator('tr').filter({ hasText: 'how satisfied are you' });
    expect(await life.textContent()).toMatch(/3 \(Low\).*7 \(High\).*Improved/);
    expect(await wellbeing.locator('tr').filter({ hasText: 'anxious' }).textContent()).toMatch(/8 \(.*\).*3 \(.*\).*Improved/);
    await screenshot(gpPage.page, 'loops-06-gp-message-back');

    // And in the practice inbox, for everyone at Bankfield.
    const row = gpPage.page.getByTestId('practice-message-row').filter({ hasText: 'Edna Sutcliffe' });
    await row.waitFor();
    expect(await row.textContent()).toContain('The full summary');
    await row.getByRole('button', { name: 'Read the message back for Edna Sutcliffe' }).click();
    await gpPage.page.getByTestId('message-back').getByTestId('message-wellbeing').waitFor();
    await gpPage.close();
  }, 120_000);
});
