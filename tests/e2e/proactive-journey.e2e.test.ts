import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePracticeData } from '../../src/domain/proactive/synthetic-practice.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importPracticeData } from '../../src/services/proactive/import-practice-data.ts';
import { writePracticeCsvFiles } from '../../src/services/proactive/shared/write-practice-csv.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { signInAs, type Session } from '../support/test-app.ts';
import { demoEmail, fillIsoDate, isoDaysAgo, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * Proactive social prescribing end to end (issue 12), as the people who do it see it:
 * - two practices have exported their searches (synthetic people and three years of coded events);
 * - the lead finds people with repeat fit notes, sees the fairness check before anyone is invited
 *   (and records why the cohort may go ahead when a group is under-represented), starts outreach,
 *   records the clinician's safety review and a letter, and the person's reply: they accept, and
 *   become a referral with source "proactive" and their consent recorded;
 * - once allocated, Jo records that they are off sick with a "not fit" note, agrees a plan whose
 *   work goal is going back to the same employer, and discharges them back at work.
 * Allocation and acceptance, which have their own browser stories, go through the API.
 */

describe.skipIf(!HAS_CHROMIUM)('proactive social prescribing in the browser', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let lead: Session;
  let jo: Session;
  let joId: string;

  // JSON answers are read loosely here: the API's own tests check their shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (who: Session, method: 'GET' | 'POST', url: string, payload?: object): Promise<any> => {
    const res = await server.app.inject({ method, url, headers: who.headers, remoteAddress: '198.51.100.21', ...(payload === undefined ? {} : { payload }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    const data = generatePracticeData({
      seed: 5,
      practices: [
        { ods: 'X99001', people: 1500 },
        { ods: 'X99002', people: 1500 },
      ],
      extractDate: isoDaysAgo(3),
      years: 2,
    });
    const dir = mkdtempSync(join(tmpdir(), 'linkwork-journey-'));
    try {
      await importPracticeData(server.deps, systemActor('test'), await writePracticeCsvFiles(dir, data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    [lead, jo] = await Promise.all([signInAs(server.app, demoEmail('lead')), signInAs(server.app, demoEmail('link_worker'))]);
    joId = (await call(jo, 'GET', '/api/v1/me')).user.id;
  }, 120_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('a lead finds a fit-note cohort, checks its fairness, invites, and one person becomes a case that ends back at work', async () => {
    const { context, page, problems } = await chrome.newPage(server.baseUrl);
    try {
      await signIn(page, demoEmail('lead'), 'lead');
      await page.goto('/proactive');
      const form = page.getByTestId('cohort-form');
      await form.waitFor();
      await form.getByLabel(/^FN-1 /).check();
      await form.getByRole('button', { name: 'Find people' }).click();

      // The fairness check comes first, before the people and before any invitation.
      const fairness = page.getByTestId('fairness-check');
      await fairness.waitFor();
      const people = page.getByTestId('cohort-people');
      const fairnessBox = await fairness.boundingBox();
      const peopleBox = await people.boundingBox();
      expect(fairnessBox !== null && peopleBox !== null && fairnessBox.y < peopleBox.y).toBe(true);
      await screenshot(page, 'proactive-01-fairness');
      if (await page.getByTestId('fairness-blocked').isVisible()) {
        // Blocked: no way to start outreach until the reason is on record.
        expect(await page.getByTestId('start-outreach').count()).toBe(0);
        await page
          .getByLabel('Why may this cohort go ahead?')
          .fill('Fit notes go to people of working age, so older groups are few by design; agreed with the practices.');
        await page.getByRole('button', { name: 'Record the reason' }).click();
        await page.getByTestId('fairness-reason').waitFor();
      }
      const runId = await page.getByTestId('cohort-run').getAttribute('data-run-id');
      expect(runId).not.toBeNull();
      await page.getByTestId('start-outreach').click();
      await page.waitForURL(/\/proactive\/outreach\?run=/);
      await page.getByRole('button', { name: 'Start outreach for this cohort' }).click();
      await page.getByTestId('outreach-item').first().waitFor();

      // The first person: the safety review, a letter, their reply, and they accept.
      const nhs = (await page.getByTestId('outreach-item').first().locator('h3').innerText()).trim();
      const item = (): Locator => page.getByTestId('outreach-item').filter({ hasText: nhs });
      await item().getByTestId('action-review').locator('summary').click();
      await item().getByLabel('Yes: cleared to invite').check();
      await item().getByRole('button', { name: 'Record review' }).click();
      await item().getByTestId('action-invite').waitFor();
      await item().getByTestId('action-invite').locator('summary').click();
      await item().getByLabel('How').selectOption('letter');
      await item()
        .getByRole('button', { name: /Record invitation 1 of/ })
        .click();
      await item().getByRole('button', { name: 'They replied' }).click();
      await item().getByTestId('action-accept').waitFor();
      await item().getByTestId('action-accept').locator('summary').click();
      await item().getByLabel('First name').fill('Dawn');
      await item().getByLabel('Last name').fill('Whiteley');
      await item().getByLabel('Employment and work').check();
      await item().getByLabel('They agreed to be referred to social prescribing').check();
      await screenshot(page, 'proactive-02-accept');
      await item().getByRole('button', { name: 'Accept and refer' }).click();
      const banner = page.getByTestId('outreach-accepted');
      await banner.waitFor({ timeout: 30_000 });
      const href = await banner.getByRole('link', { name: 'Open the referral' }).getAttribute('href');
      const referralId = href?.split('/').at(-1) ?? '';
      expect(referralId).not.toBe('');
      await screenshot(page, 'proactive-03-referred');

      const referral = await server.deps.db
        .selectFrom('referral')
        .select(['source', 'consent_given', 'consent_recorded_at', 'version'])
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow();
      expect(referral.source).toBe('proactive');
      expect(Number(referral.consent_given)).toBe(1);
      expect(referral.consent_recorded_at).not.toBeNull();

      // Allocated to Jo, who accepts: the usual pathway.
      const triage = (await call(lead, 'GET', '/api/v1/triage')).referrals.find((r: { id: string }) => r.id === referralId);
      await call(lead, 'POST', `/api/v1/referrals/${referralId}/allocate`, { linkWorkerId: joId, version: triage.version });
      const { version } = await call(jo, 'GET', `/api/v1/cases/${referralId}`);
      await call(jo, 'POST', `/api/v1/cases/${referralId}/status`, { command: 'accept', version });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // Jo: the work situation, a plan with a work goal, and a discharge back at work.
    const jos = await chrome.newPage(server.baseUrl);
    const p: Page = jos.page;
    try {
      await signIn(p, demoEmail('link_worker'), 'link_worker');
      const referralId = (
        await server.deps.db.selectFrom('referral').select('id').where('source', '=', 'proactive').where('link_worker_id', '=', joId).executeTakeFirstOrThrow()
      ).id;
      await p.goto(`/cases/${referralId}`);
      const work = p.getByTestId('work-section');
      await work.waitFor();
      const baseline = p.getByTestId('work-baseline-form');
      await baseline.getByLabel('Their work situation').selectOption('off_sick');
      await fillIsoDate(baseline.getByRole('group', { name: 'Off sick since' }), isoDaysAgo(90));
      await baseline.getByLabel('Not fit for work').check();
      await baseline.getByRole('button', { name: 'Save work situation' }).click();
      await work.getByText(/Off sick from a job since/).waitFor();

      await p.getByRole('button', { name: 'Write the plan' }).click();
      const editor = p.getByTestId('plan-editor');
      await editor.getByLabel('The goal, in their own words').fill('Back to my job at the warehouse, shorter shifts to start');
      await editor.getByTestId('plan-work').getByLabel('Go back to the same employer').check();
      await editor.getByTestId('plan-work').getByLabel('Health').check();
      await editor.getByRole('button', { name: 'Save plan' }).click();
      await work.getByText('Go back to the same employer. Barriers: health').waitFor();

      await p.getByRole('button', { name: 'Discharge…' }).click();
      const discharge = p.getByTestId('discharge-form');
      await discharge.getByLabel('Other', { exact: true }).check();
      await discharge.getByLabel('Coded events only').check();
      await discharge.getByText('Work at discharge (optional)').click();
      await discharge.getByLabel('Their work situation').selectOption('employed_part_time');
      await discharge.getByLabel('May be fit for work').check();
      await discharge.getByLabel('A phased return to work').check();
      // The journey happens in one day of real time: back at work from today.
      await fillIsoDate(discharge.getByRole('group', { name: 'Back at work from (optional)' }), isoDaysAgo(0));
      await discharge.getByRole('button', { name: 'Discharge the case' }).click();
      await p.getByTestId('discharged-note').waitFor({ timeout: 30_000 });
      await work.getByText(/back at work from/).waitFor();
      await screenshot(p, 'proactive-04-back-at-work');

      const records = await server.deps.db
        .selectFrom('work_record')
        .select(['stage', 'employment_status', 'fit_note_state', 'returned_to_work_on'])
        .where('referral_id', '=', referralId)
        .orderBy('stage')
        .execute();
      expect(records).toEqual([
        { stage: 'baseline', employment_status: 'off_sick', fit_note_state: 'not_fit', returned_to_work_on: null },
        { stage: 'discharge', employment_status: 'employed_part_time', fit_note_state: 'may_be_fit', returned_to_work_on: isoDaysAgo(0) },
      ]);
      expect(jos.problems).toEqual([]);
    } finally {
      await jos.context.close();
    }
  }, 180_000);
});
