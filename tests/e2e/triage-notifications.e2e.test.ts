import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/kernel/context.ts';
import { createNotification } from '../../src/services/kernel/notifications.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { makeReferral } from '../support/factories.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

const DAY = 86_400_000;

/**
 * Issue 14 in the browser: the lead's triage board puts a newer urgent referral above an older
 * routine one, and a link worker's notifications on Today say whose case each concerns.
 */
describe.skipIf(!HAS_CHROMIUM)('triage order and notifications in the browser', () => {
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

  const db = () => server.database.db;
  const userId = async (role: string) => (await db().selectFrom('app_user').select('id').where('email', '=', demoEmail(role)).executeTakeFirstOrThrow()).id;
  const bankfieldPerson = async () => {
    const practice = await db().selectFrom('organisation').select('id').where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
    const p = await db().selectFrom('person').select(['id', 'given_name', 'family_name']).where('practice_id', '=', practice.id).executeTakeFirstOrThrow();
    return { id: p.id, practiceId: practice.id, givenName: p.given_name, familyName: p.family_name };
  };
  const referenceOf = async (id: string) => (await db().selectFrom('referral').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;

  it('the lead sees a referral marked urgent today above a routine one that has waited ten days', async () => {
    const person = await bankfieldPerson();
    const routine = await makeReferral(server.deps, person, { status: 'referred', linkWorkerId: null, urgency: 'routine' });
    await db()
      .updateTable('referral')
      .set({ created_at: new Date(Date.now() - 10 * DAY).toISOString() })
      .where('id', '=', routine.id)
      .execute();
    const urgent = await makeReferral(server.deps, person, { status: 'referred', linkWorkerId: null, urgency: 'urgent' });
    const [routineRef, urgentRef] = [await referenceOf(routine.id), await referenceOf(urgent.id)];

    await signIn(page, demoEmail('lead'), 'lead');
    await page.goto('/triage');
    await page.getByTestId('triage-list').waitFor();
    const references = await page.getByTestId('triage-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-reference')));
    expect(references).toContain(routineRef);
    expect(references.indexOf(urgentRef)).toBeLessThan(references.indexOf(routineRef));
    // Every urgent or safeguarding card comes before every other one.
    const flags = await page.getByTestId('triage-item').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const pressing = flags.map((t) => t.includes('Urgent') || t.includes('Safeguarding concern'));
    expect(pressing).toEqual([...pressing].sort((a, b) => Number(b) - Number(a)));
    expect(await page.getByText('urgent ones and safeguarding concerns first').count()).toBe(1);
    const urgentCard = page.locator(`[data-testid="triage-item"][data-reference="${urgentRef}"]`);
    expect(await urgentCard.getByTestId('flags').textContent()).toContain('Urgent');
    await screenshot(page, 'triage-urgent-first');
  });

  it('Jo’s notifications on Today say whose case each is about', async () => {
    const jo = await userId('link_worker');
    const person = await bankfieldPerson();
    const kase = await makeReferral(server.deps, person, { status: 'active', linkWorkerId: jo });
    await createNotification(db(), server.deps.clock, systemActor('e2e'), jo, 'outcome_self_completed', kase.id);
    const reference = await referenceOf(kase.id);

    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.goto('/today');
    const item = page.getByTestId('notification').filter({ hasText: reference });
    await item.waitFor();
    expect(await item.getByTestId('notification-case').textContent()).toBe(`${person.familyName.toUpperCase()}, ${person.givenName} (${reference})`);
    expect(await item.getByRole('link').textContent()).toBe('A person answered the questionnaire you sent them');
    expect(await item.getByRole('button', { name: /Mark as read/ }).textContent()).toContain(reference);
    await screenshot(page, 'today-notification-whose-case');
  });
});
