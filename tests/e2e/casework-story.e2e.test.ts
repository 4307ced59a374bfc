import { readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { signInAs, type Session } from '../support/test-app.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * The "Done when" story of issue 3, in the browser: a GP refers Margaret, a widow in her seventies;
 * the lead allocates her to Jo; Jo fails to reach her twice, then does, and she accepts (the GP
 * record gets 871731000000106); they talk about what matters and write a two-goal plan; Jo refers
 * her to the singing group, whose provider accepts and marks her attended; at review she rates her
 * progress and Jo discharges her, goals met; the message back and the practice's CSV carry the code.
 * A second story: a self-referral who declines at first contact (871711000000103). And a conflict:
 * two people edit the same plan; the second save is explained and keeps what was typed.
 *
 * Other roles use their own pages (the referral form, the triage board, the provider's inbox, the
 * public self-referral form); their details are tested with intake. The conflict test sets its case
 * up through the API.
 */

const SINGING = 'Tuesday Singing for Wellbeing';
const ACCEPTED = '871731000000106';
const DECLINED = '871711000000103';

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

/** True when the page fits its viewport's width (no sideways scrolling on a tablet). */
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

async function fillDate(group: Locator, day: string, month: string, year: string): Promise<void> {
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

const menuLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true });

/** A calendar date `days` from today (UTC), YYYY-MM-DD. */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!HAS_CHROMIUM)('casework in the browser: referral to discharge', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let gp: Session;
  let lead: Session;
  let provider: Session;
  let jo: Session;
  let joId: string;
  const problems: string[][] = [];

  // JSON answers are read loosely here: the API's own tests check their shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (who: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<any> => {
    const res = await server.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  /** The lead gives the referral with this reference to Jo, as the triage board would. */
  const allocateToJo = async (reference: string): Promise<string> => {
    const triage = await call(lead, 'GET', '/api/v1/triage');
    const item = triage.referrals.find((r: { reference: string }) => r.reference === reference);
    expect(item, `referral ${reference} waits for triage`).toBeDefined();
    expect(item.suggestedLinkWorkers.map((l: { displayName: string }) => l.displayName)).toContain('Jo Barker');
    await call(lead, 'POST', `/api/v1/referrals/${item.id}/allocate`, { linkWorkerId: joId, version: item.version });
    return item.id as string;
  };

  const gpRefers = async (person: { givenName: string; familyName: string; dateOfBirth: string; seed: number }, needs: string[], reasonText: string) =>
    call(gp, 'POST', '/api/v1/referrals', {
      person: {
        nhsNumber: nhsNumber(person.seed),
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
        sex: 'female',
        address: { line1: '14 Saddleworth Road', town: 'Halifax', postcode: 'HX1 1AA' },
        phone: '01422 350 123',
      },
      needs,
      reasonText,
      urgency: 'routine',
      consentGiven: true,
      contactNotes: 'Hard of hearing: let it ring',
    });

  const open = async (viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> => {
    const { context, page, problems: p } = await chrome.newPage(server.baseUrl);
    problems.push(p);
    if (viewport !== undefined) await page.setViewportSize(viewport);
    return { context, page };
  };

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    [gp, lead, provider, jo] = await Promise.all([
      signInAs(server.app, demoEmail('referrer')),
      signInAs(server.app, demoEmail('lead')),
      signInAs(server.app, demoEmail('provider')),
      signInAs(server.app, demoEmail('link_worker')),
    ]);
    joId = (await call(jo, 'GET', '/api/v1/me')).user.id;
    // The demo services, if this deployment's seed has not added them: the provider lists its own.
    const { services } = await call(provider, 'GET', '/api/v1/services');
    if (!services.some((s: { name: string }) => s.name === SINGING)) {
      const me = await call(provider, 'GET', '/api/v1/me');
      await call(provider, 'POST', '/api/v1/services', {
        organisationId: me.scope.organisations[0].id,
        name: SINGING,
        description: 'A friendly community choir every Tuesday afternoon at the Square Chapel. No experience needed; tea afterwards.',
        needs: ['loneliness', 'mental_wellbeing', 'low_mood', 'bereavement'],
        takesReferrals: true,
      });
    }
    // A men-only group for the same needs: left out of Margaret's list, and said so.
    const me = await call(provider, 'GET', '/api/v1/me');
    await call(provider, 'POST', '/api/v1/services', {
      organisationId: me.scope.organisations[0].id,
      name: "Halifax Men's Shed",
      description: 'A workshop where men share skills, make things and have a brew.',
      needs: ['loneliness', 'mental_wellbeing', 'low_mood', 'bereavement'],
      takesReferrals: true,
    });
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    // No script errors and no CSP violations (inline scripts or styles) on any page visited.
    expect(problems.flat()).toEqual([]);
  });

  it('walks Margaret from the GP referral to discharge, with the code in the message back and the CSV', async () => {
    // 1. Her GP refers her with the referral form.
    const surgery = await open();
    await signIn(surgery.page, demoEmail('referrer'), 'referrer');
    await menuLink(surgery.page, 'Make a referral').click();
    const form = surgery.page.getByTestId('referral-form');
    await form.waitFor();
    await form.getByLabel('NHS number').fill(nhsNumber(310_000));
    await form.getByLabel('First name').fill('Margaret');
    await form.getByLabel('Last name').fill('Oldroyd');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '14', '6', '1951');
    await form.getByLabel('Female', { exact: true }).check();
    await form.getByLabel('Address line 1 (optional)').fill('14 Saddleworth Road');
    await form.getByLabel('Postcode').fill('HX1 1AA');
    await form.getByLabel('Phone number (optional)').fill('01422 350 123');
    await form.getByLabel('Loneliness and isolation').check();
    await form.getByLabel('Bereavement').check();
    await form.getByLabel('In your own words (optional)').fill('Widowed in the spring. Lives alone and has stopped going to church. Would like company.');
    await form.getByLabel('The person agreed to be referred').check();
    await surgery.page.getByRole('button', { name: 'Send referral' }).click();
    await surgery.page.getByTestId('referral-sent').waitFor();
    const reference = (await surgery.page.getByTestId('reference').textContent()) ?? '';
    await screenshot(surgery.page, 'story-00-gp-referral-sent');
    await surgery.context.close();

    // The lead allocates her to Jo from the triage board.
    const board = await open();
    await signIn(board.page, demoEmail('lead'), 'lead');
    await menuLink(board.page, 'Triage').click();
    const waiting = board.page.locator(`[data-testid="triage-item"][data-reference="${reference}"]`);
    await waiting.waitFor();
    await waiting.getByLabel('Jo Barker').check();
    await waiting.getByRole('button', { name: `Allocate ${reference}` }).click();
    await board.page.getByTestId('triage-flash').getByText(`${reference} allocated to Jo Barker`).waitFor();
    await board.context.close();
    const { cases } = await call(jo, 'GET', `/api/v1/cases?q=${reference}`);
    const caseId = cases[0].id as string;

    // 2. Jo's Today shows the new allocation and the notification.
    const { context, page } = await open();
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Today', exact: true }).click();
    const fresh = page.getByTestId('today-new').getByTestId('today-item').filter({ hasText: 'OLDROYD, Margaret' });
    await fresh.waitFor();
    expect(await fresh.textContent()).toContain(reference);
    expect(await accessibilityGaps(page)).toEqual([]);
    const note = page.getByTestId('notification').filter({ hasText: 'A new case was allocated to you' }).first();
    await note.waitFor();
    expect(await page.title()).toBe('Today – Linkwork');
    await screenshot(page, 'story-01-today');
    await note.getByRole('button', { name: /Mark as read/ }).click();
    await page.getByTestId('notifications').getByText('0 unread').waitFor();

    // 3. The case page. An empty contact form is explained, NHS style, and the link leads to the field.
    await fresh.getByRole('link', { name: 'OLDROYD, Margaret' }).click();
    await page.getByRole('heading', { level: 1, name: /Margaret Oldroyd/ }).waitFor();
    expect(await page.getByTestId('case-status').textContent()).toContain('Allocated');
    expect(await page.getByTestId('status-actions').getByRole('button').allTextContents()).toEqual([
      'They accepted support',
      'They declined support',
      'Discharge…',
    ]);
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'story-02-case-allocated');
    await page.getByRole('button', { name: 'Log contact' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(['Choose how you made contact', 'Say whether you reached them']);
    expect(await page.title()).toBe('Error: Margaret Oldroyd – Linkwork');
    await summary.getByRole('link', { name: 'Choose how you made contact' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-type');

    // Two unsuccessful attempts, then a successful call (the keyboard sends the last one).
    const contacts = page.getByTestId('timeline-contact');
    for (const n of [1, 2]) {
      await page.getByLabel('How', { exact: true }).selectOption('phone');
      await page.getByLabel('No, attempted only').check();
      await page
        .getByLabel('Notes (optional)', { exact: true })
        .first()
        .fill(n === 1 ? 'No answer' : 'No answer, left a message with her neighbour');
      await page.getByRole('button', { name: 'Log contact' }).click();
      await expect.poll(() => contacts.count()).toBe(n);
    }
    expect(await page.getByTestId('case-status').textContent()).toContain('Contacting');
    await page.getByLabel('How', { exact: true }).selectOption('phone');
    await page.getByLabel('Yes, we spoke or met').check();
    await page.getByLabel('Minutes (optional)').fill('25');
    await page.getByLabel('Notes (optional)', { exact: true }).first().fill('Long chat. She would like to try something on Tuesdays.');
    await page.getByRole('button', { name: 'Log contact' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => contacts.count()).toBe(3);
    expect(await page.getByTestId('contact-count').textContent()).toContain('Contacts so far: 1 of 6–12');
    expect(await page.getByTestId('contact-count').textContent()).toContain('2 attempts that did not reach them');
    await screenshot(page, 'story-03-contacts');

    // She accepts: the GP-record code is recorded on the case.
    await page.getByRole('button', { name: 'They accepted support' }).click();
    await page
      .getByTestId('case-flash')
      .getByText(/accepted support/)
      .waitFor();
    await page.getByTestId('case-gp-entries').getByText(ACCEPTED).waitFor();
    expect(await page.getByTestId('case-gp-entries').textContent()).toContain('Referral to social prescribing service');
    expect(await page.getByTestId('timeline').textContent()).toContain(`GP-record code recorded: ${ACCEPTED}`);
    await screenshot(page, 'story-04-accepted');
    await page.getByRole('button', { name: 'Start support' }).click();
    await page.getByTestId('case-status').getByText('Active').waitFor();

    // 4. What matters to her: the referral's needs are already ticked; her words beside them.
    await page.getByRole('button', { name: 'Record what matters to them' }).click();
    const conversation = page.getByTestId('conversation-form');
    expect(await conversation.getByRole('checkbox', { name: 'Loneliness and isolation' }).isChecked()).toBe(true);
    expect(await conversation.getByRole('checkbox', { name: 'Bereavement' }).isChecked()).toBe(true);
    await conversation.getByLabel('In their words: bereavement (optional)').fill('Since Frank died I hardly leave the house');
    await conversation.getByLabel('In their words: loneliness and isolation (optional)').fill('Nobody to talk to in the evenings');
    await conversation.getByLabel('Strengths').fill('Knows lots of people at church; her daughter Sue visits on Sundays');
    await conversation.getByLabel('Interests').fill('Used to love singing in the chapel choir');
    await conversation.getByLabel('Transport', { exact: true }).check();
    await conversation.getByLabel('Confidence', { exact: true }).check();
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'story-05-conversation-form');
    await conversation.getByRole('button', { name: 'Save what matters' }).click();
    await page.getByTestId('conversation-summary').waitFor();
    expect(await page.getByTestId('conversation-summary').textContent()).toContain('“Since Frank died I hardly leave the house”');

    // 5. A two-goal plan, in her words.
    await page.getByRole('button', { name: 'Write the plan' }).click();
    await page.locator('#goal-1-text').fill('Get out of the house twice a week');
    await page.locator('#goal-1-step-1-text').fill('Try the Tuesday singing group');
    await page.locator('#goal-1-step-1-who').fill('Margaret, with Jo the first time');
    await page.getByRole('button', { name: 'Add a step to goal 1' }).click();
    await page.locator('#goal-1-step-2-text').fill('Book community transport');
    await page.locator('#goal-1-step-2-who').fill('Jo');
    await page.locator('#goal-1-status').selectOption('in_progress');
    await page.getByRole('button', { name: 'Add another goal' }).click();
    await page.locator('#goal-2-text').fill('Sing again');
    await page.locator('#goal-2-step-1-text').fill('Ask the chapel about the choir');
    await page.locator('#goal-2-step-1-who').fill('Margaret');
    const [ty, tm, td] = inDays(60).split('-').map(Number);
    await fillDate(page.getByRole('group', { name: 'Target date (optional)' }).nth(1), String(td), String(tm), String(ty));
    const [ry, rm, rd] = inDays(14).split('-').map(Number);
    await fillDate(page.getByRole('group', { name: 'Next review' }), String(rd), String(rm), String(ry));
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'story-06-plan-editor');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByTestId('case-flash').getByText('Plan saved as version 1.').waitFor();
    expect(await page.getByTestId('plan-goal').allTextContents()).toEqual([
      expect.stringContaining('Get out of the house twice a week'),
      expect.stringContaining('Sing again'),
    ]);

    // 6. Refer her to the singing group, one click from the services for her need; the men-only
    // group is left out, and the list says so.
    const refer = page.getByTestId('refer-to-service');
    expect(await refer.getByTestId('services-left-out').textContent()).toBe('1 service not shown: 1 for men only');
    expect(await refer.getByTestId('service-item').allTextContents()).not.toContainEqual(expect.stringContaining("Men's Shed"));
    await refer.getByRole('button', { name: `Refer to ${SINGING}` }).click();
    await page.getByTestId('case-flash').getByText(`Referred to ${SINGING}`).waitFor();
    const row = page.getByTestId('community-referral-row').filter({ hasText: SINGING });
    expect(await row.textContent()).toContain('Sent, awaiting reply');
    await screenshot(page, 'story-07-referred');

    // 7. The provider accepts in their inbox; she starts and attends.
    const group = await open();
    await signIn(group.page, demoEmail('provider'), 'provider');
    await menuLink(group.page, 'Referral inbox').click();
    const hers = group.page.getByTestId('inbox-item').filter({ hasText: 'Margaret Oldroyd' });
    await hers.waitFor();
    expect(await hers.textContent()).toContain(SINGING);
    for (const [button, done] of [
      ['Accept the referral for Margaret Oldroyd', 'Accepted: Margaret Oldroyd'],
      ['Mark as started for Margaret Oldroyd', 'Marked as started: Margaret Oldroyd'],
      ['Mark as attended for Margaret Oldroyd', 'Marked as attended: Margaret Oldroyd'],
    ] as const) {
      await hers.getByRole('button', { name: button }).click();
      await group.page.getByTestId('inbox-flash').getByText(done).waitFor();
    }
    await screenshot(group.page, 'story-07-provider-attended');
    // The provider never sees what matters to her.
    expect(await group.page.locator('main').textContent()).not.toContain('Frank');
    await group.context.close();
    await page.reload();
    await page.getByTestId('community-referral-row').filter({ hasText: 'Attended' }).waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain(`${SINGING}: attended`);

    // 8. The review: her progress ratings make version 2; version 1 stays in the history.
    await page.getByRole('button', { name: 'Update or review the plan' }).click();
    await page.locator('#goal-1-status').selectOption('achieved');
    await page.locator('#goal-1-progress').selectOption('8');
    await page.getByLabel('Done (goal 1, step 1)').check();
    await page.getByLabel('Done (goal 1, step 2)').check();
    await page.locator('#goal-2-status').selectOption('achieved');
    await page.locator('#goal-2-progress').selectOption('7');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByTestId('case-flash').getByText('Plan saved as version 2.').waitFor();
    expect(await page.getByTestId('plan-history').textContent()).toContain('Version history (2 versions)');
    expect(await page.getByTestId('plan-goal').first().textContent()).toContain('progress: 8 out of 10');
    await screenshot(page, 'story-08-reviewed');

    // The plan she takes home, printable.
    await page.getByTestId('print-plan-link').click();
    await page.getByTestId('plan-print').waitFor();
    expect(await page.getByTestId('plan-print').textContent()).toContain('Sing again');
    expect(await page.getByTestId('plan-print').textContent()).not.toContain('Frank');
    await screenshot(page, 'story-09-plan-print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.nhsuk-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print this plan' }).isVisible()).toBe(false);
    await screenshot(page, 'story-09-plan-print-media');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Back to the case' }).click();

    // 9. Discharge, goals met; she chose to share the full summary.
    await page.getByRole('button', { name: 'Discharge…' }).click();
    await page.getByRole('button', { name: 'Discharge the case' }).click();
    expect(await page.getByTestId('error-summary').getByRole('listitem').allTextContents()).toEqual([
      'Choose why the case is closing',
      'Choose what they want shared with their GP',
    ]);
    await page.getByLabel('Goals met').check();
    await page.getByLabel('Full summary').check();
    expect(await accessibilityGaps(page)).toEqual([]);
    await page.getByRole('button', { name: 'Discharge the case' }).click();
    await page.getByTestId('case-status').getByText('Discharged').waitFor();
    expect(await page.getByTestId('case-status').textContent()).toContain('Goals met');
    expect(await page.getByTestId('status-actions').count()).toBe(0);
    await screenshot(page, 'story-10-discharged');

    // 10. The message back to the GP carries the code.
    await page.getByTestId('gp-message-link').click();
    const message = page.getByTestId('discharge-message');
    await message.waitFor();
    expect(await page.getByTestId('message-codes').textContent()).toContain(ACCEPTED);
    expect(await page.getByTestId('message-outcome').textContent()).toBe('Goals met');
    expect(await message.textContent()).toContain('Since Frank died I hardly leave the house');
    expect(await message.textContent()).toContain(SINGING);
    await screenshot(page, 'story-11-gp-message');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'story-11-gp-message-print');
    await context.close();

    // 11. The practice downloads its pending GP-record entries as CSV, then marks them filed.
    const practice = await open();
    await signIn(practice.page, demoEmail('referrer'), 'referrer');
    await practice.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'GP record entries', exact: true }).click();
    const entry = practice.page.getByTestId('gp-entry-row').filter({ hasText: 'OLDROYD, Margaret' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain(ACCEPTED);
    await screenshot(practice.page, 'story-12-gp-entries');
    const [download] = await Promise.all([practice.page.waitForEvent('download'), practice.page.getByTestId('gp-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('entry_id,practice_ods_code,nhs_number,family_name,given_name,date_of_birth,snomed_code,date,description,reference');
    const margaret = lines.find((l) => l.includes('Oldroyd'));
    expect(margaret).toContain(`,${nhsNumber(310_000)},Oldroyd,Margaret,1951-06-14,${ACCEPTED},`);
    expect(margaret).toContain(reference);
    await entry.getByRole('checkbox').check();
    await practice.page.getByRole('button', { name: 'Mark chosen entries as filed' }).click();
    await practice.page.getByTestId('gp-flash').getByText('1 entry marked as filed.').waitFor();
    expect(await practice.page.getByTestId('gp-entry-row').filter({ hasText: 'OLDROYD, Margaret' }).count()).toBe(0);
    await practice.context.close();

    // And the case agrees.
    const kase = await call(jo, 'GET', `/api/v1/cases/${caseId}`);
    expect(kase.gpRecordEntries).toEqual([expect.objectContaining({ code: ACCEPTED, filedAt: expect.any(String) })]);
  }, 120_000);

  it('a self-referral allocated to Jo declines at first contact: 871711000000103, discharged as declined (tablet width)', async () => {
    // She refers herself on the public page, without signing in.
    const publicPage = await open();
    await publicPage.page.goto('/self-referral');
    const form = publicPage.page.getByTestId('self-referral-form');
    await form.waitFor();
    await form.getByLabel('First name').fill('Denise');
    await form.getByLabel('Last name').fill('Whiteley');
    await fillDate(form.getByRole('group', { name: 'Date of birth' }), '3', '2', '1968');
    await form.getByLabel('Your GP surgery').selectOption({ label: 'Bankfield Surgery (demo)' });
    await form.getByLabel('Debt and money worries').check();
    await form.getByLabel('Phone number').fill('07700 900456');
    await form.getByLabel('Text message').check();
    await form.getByLabel('I agree to the social prescribing team contacting me and reading what I have written here').check();
    await publicPage.page.getByRole('button', { name: 'Send my referral' }).click();
    await publicPage.page.getByTestId('self-referral-sent').waitFor();
    const reference = (await publicPage.page.getByTestId('reference').textContent()) ?? '';
    await publicPage.context.close();
    // The lead allocates it (the triage board itself is exercised in the first story).
    await allocateToJo(reference);

    const { context, page } = await open({ width: 768, height: 1024 });
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Caseload', exact: true }).click();
    await page.getByTestId('caseload-table').waitFor();
    await page.getByLabel('Search by name, NHS number or reference').fill(reference);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === reference);
    await expect.poll(() => page.getByTestId('caseload-row').count()).toBe(1);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'story-20-caseload-tablet');
    await page.getByRole('link', { name: 'WHITELEY, Denise' }).click();
    await page.getByRole('heading', { level: 1, name: /Denise Whiteley/ }).waitFor();
    expect(await page.getByTestId('case-nhs-number').textContent()).toBe('Not known');
    expect(await noSidewaysScroll(page)).toBe(true);

    await page.getByLabel('How', { exact: true }).selectOption('phone');
    await page.getByLabel('Yes, we spoke or met').check();
    await page.getByRole('button', { name: 'Log contact' }).click();
    await expect.poll(() => page.getByTestId('timeline-contact').count()).toBe(1);
    await page.getByRole('button', { name: 'They declined support' }).click();
    await page.getByTestId('case-gp-entries').getByText(DECLINED).waitFor();
    expect(await page.getByTestId('case-status').textContent()).toContain('Declined');
    // Only discharge is left, and its reason is already "Declined".
    expect(await page.getByTestId('status-actions').getByRole('button').allTextContents()).toEqual(['Discharge…']);
    await page.getByRole('button', { name: 'Discharge…' }).click();
    expect(await page.getByLabel('Declined', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Coded events only').check();
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'story-21-declined-tablet');
    await page.getByRole('button', { name: 'Discharge the case' }).click();
    await page.getByTestId('case-status').getByText('Discharged').waitFor();
    await page.getByTestId('gp-message-link').click();
    await page.getByTestId('discharge-message').waitFor();
    expect(await page.getByTestId('message-codes').textContent()).toContain(DECLINED);
    expect(await page.getByTestId('message-codes').textContent()).not.toContain(ACCEPTED);
    expect(await page.getByTestId('message-outcome').textContent()).toBe('Declined');
    expect(await page.getByTestId('message-withheld').textContent()).toContain('coded events only');
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'story-22-declined-message-tablet');
    await context.close();
  }, 60_000);

  it('a lead sees the PCN caseload with each link worker, looks at Jo’s Today, and filters GP-record entries by practice', async () => {
    const { context, page } = await open();
    await signIn(page, demoEmail('lead'), 'lead');
    await menuLink(page, 'Caseload').click();
    // Both stories so far are closed: the open caseload is empty.
    await page.getByTestId('caseload-total').getByText('No cases match.').waitFor();
    await page.getByLabel('Status').selectOption('all');
    await page.getByLabel('Link worker').selectOption({ label: 'Jo Barker' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('caseload-row').filter({ hasText: 'OLDROYD, Margaret' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Link worker' }).count()).toBe(1);
    expect(await page.getByTestId('caseload-row').filter({ hasText: 'OLDROYD, Margaret' }).textContent()).toContain('Discharged');
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'story-40-lead-caseload');

    await menuLink(page, 'Today').click();
    await page.getByLabel('Whose Today').selectOption({ label: 'Jo Barker' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { level: 1, name: /Today for Jo Barker/ }).waitFor();
    // Notifications are the lead's own, so they are not shown on someone else's Today.
    expect(await page.getByTestId('notifications').count()).toBe(0);

    await menuLink(page, 'GP record entries').click();
    await page.getByLabel('Show').selectOption('all');
    await page.getByLabel('Practice').selectOption({ label: 'Bankfield Surgery (demo)' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'all');
    const rows = page.getByTestId('gp-entry-row');
    await rows.filter({ hasText: 'OLDROYD, Margaret' }).waitFor();
    expect(await rows.filter({ hasText: 'WHITELEY, Denise' }).textContent()).toContain(DECLINED);
    expect(await page.getByTestId('gp-csv').getAttribute('href')).toMatch(/^\/api\/v1\/gp-record-entries\.csv\?practiceId=/);
    expect(await accessibilityGaps(page)).toEqual([]);
    await screenshot(page, 'story-41-lead-gp-entries');
    await context.close();
  }, 60_000);

  it('two people edit the same plan: the second save explains the conflict and keeps what was typed', async () => {
    const referral = await gpRefers(
      { givenName: 'Edna', familyName: 'Crowther', dateOfBirth: '1944-09-30', seed: 320_000 },
      ['loneliness'],
      'Housebound since her fall.',
    );
    const caseId = await allocateToJo(referral.reference);
    const url = `/api/v1/cases/${caseId}`;
    await call(jo, 'POST', `${url}/contacts`, { at: new Date().toISOString(), type: 'home_visit', successful: true });
    let kase = await call(jo, 'GET', url);
    await call(jo, 'POST', `${url}/status`, { command: 'accept', version: kase.version });
    kase = await call(jo, 'GET', url);
    await call(jo, 'POST', `${url}/status`, { command: 'start', version: kase.version });
    await call(jo, 'POST', `${url}/plan/versions`, { basedOnVersion: 0, goals: [{ text: 'Get to the shops on my own' }], reviewOn: inDays(7) });

    // Jo and the lead open the plan editor at the same time.
    const a = await open();
    const b = await open();
    await signIn(a.page, demoEmail('link_worker'), 'link_worker');
    await signIn(b.page, demoEmail('lead'), 'lead');
    for (const p of [a.page, b.page]) {
      await p.goto(`/cases/${caseId}`);
      await p.getByRole('button', { name: 'Update or review the plan' }).click();
      await p.locator('#goal-1-text').waitFor();
    }
    // The lead saves first.
    await b.page.locator('#goal-1-text').fill('Get to the corner shop with a friend');
    await b.page.getByRole('button', { name: 'Save plan' }).click();
    await b.page.getByTestId('case-flash').getByText('Plan saved as version 2.').waitFor();

    // Jo's save, from version 1, is refused: explained, and nothing she typed is lost.
    const mine = 'Walk to the shops on my own by spring';
    await a.page.locator('#goal-1-text').fill(mine);
    await a.page.locator('#goal-1-progress').selectOption('3');
    await a.page.getByRole('button', { name: 'Save plan' }).click();
    const summary = a.page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await a.page.getByTestId('conflict-message').textContent()).toBe(
      'Someone else changed this case while you were editing. Your changes are below; reload to see theirs, then apply yours again.',
    );
    expect(await a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    expect(new URL(a.page.url()).pathname).toBe(`/cases/${caseId}`);
    expect(await a.page.locator('#goal-1-text').inputValue()).toBe(mine);
    expect(await a.page.locator('#goal-1-progress').inputValue()).toBe('3');
    // Beside the Save button too, and no field is marked as wrong: nothing she typed is in error.
    expect(await a.page.getByTestId('conflict-callout').textContent()).toContain('Your changes are below; reload to see theirs');
    expect(await a.page.locator('.nhsuk-error-message').count()).toBe(0);
    await screenshot(a.page, 'story-30-conflict');

    // Reloading shows theirs and keeps hers; saving again makes version 3 with her words.
    await summary.getByRole('button', { name: 'Reload the case' }).click();
    await a.page.getByTestId('plan-rebased').waitFor();
    expect(await a.page.locator('#goal-1-text').inputValue()).toBe(mine);
    await a.page.getByText('The saved plan (version 2)', { exact: true }).click();
    expect(await a.page.getByTestId('plan-summary').textContent()).toContain('Get to the corner shop with a friend');
    await screenshot(a.page, 'story-31-conflict-reloaded');
    await a.page.getByRole('button', { name: 'Save plan' }).click();
    await a.page.getByTestId('case-flash').getByText('Plan saved as version 3.').waitFor();
    const plan = await call(jo, 'GET', `${url}/plan`);
    expect(plan.plan).toMatchObject({ version: 3, goals: [{ text: mine, progress: 3 }] });
    await a.context.close();
    await b.context.close();
  }, 60_000);
});
