import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPerson } from '../../src/services/people/create-person.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { makeReferral } from '../support/factories.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, fillIsoDate, isoDaysAgo, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from './support.ts';

/**
 * Work as a pathway on a 390 px phone: Jo asks Priya whether work is something she would like
 * support with, records that she is off sick with a "not fit" note (NHS date boxes, never a date
 * picker), writes a plan whose work goal is going back to the same employer, and discharges her
 * back at work; the case then shows when the 13- and 26-week follow-ups fall due. Nothing on the
 * page scrolls sideways.
 */

const PHONE = { width: 390, height: 844 };

const overflowing = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && el.closest('.lw-table-scroll') === null)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  );

describe.skipIf(!HAS_CHROMIUM)('work as a pathway in the browser', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let caseId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.deps.db;
    const practice = await db.selectFrom('organisation').select(['id']).where('ods_code', '=', 'X99001').executeTakeFirstOrThrow();
    const jo = await db.selectFrom('app_user').select('id').where('email', '=', demoEmail('link_worker')).executeTakeFirstOrThrow();
    const person = await createPerson(server.deps, systemActor('test'), {
      givenName: 'Priya',
      familyName: 'Worksop',
      dateOfBirth: '1984-03-02',
      practiceId: practice.id,
    });
    caseId = (await makeReferral(server.deps, person, { status: 'active', linkWorkerId: jo.id, needs: ['employment', 'mental_wellbeing'] })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('records the baseline, a work goal in the plan, and a return to work at discharge, on a phone', async () => {
    const { context, page, problems } = await browser.newPage(server.baseUrl);
    try {
      await page.setViewportSize(PHONE);
      await signIn(page, demoEmail('link_worker'), 'link_worker');
      await page.goto(`/cases/${caseId}`);
      const work = page.getByTestId('work-section');
      await work.waitFor();
      await work.getByText('Is work something you’d like support with?').waitFor();

      // The baseline: off sick (the date in NHS boxes), with a "not fit" note.
      const baseline = page.getByTestId('work-baseline-form');
      expect(await baseline.locator('input[type="date"]').count()).toBe(0);
      await baseline.getByLabel('Their work situation').selectOption('off_sick');
      await fillIsoDate(baseline.getByRole('group', { name: 'Off sick since' }), isoDaysAgo(60));
      await baseline.getByLabel('Not fit for work').check();
      await baseline.getByRole('button', { name: 'Save work situation' }).click();
      await work.getByText(/Off sick from a job since/).waitFor();
      expect(await overflowing(page)).toEqual([]);

      // The plan: a goal in her words, and the work goal with its barriers.
      await page.getByRole('button', { name: 'Write the plan' }).click();
      const editor = page.getByTestId('plan-editor');
      await editor.getByLabel('The goal, in their own words').fill('Go back to my job at the library, a few hours at first');
      const planWork = editor.getByTestId('plan-work');
      await planWork.getByLabel('Go back to the same employer').check();
      await planWork.getByLabel('Confidence').check();
      await planWork.getByLabel('Health').check();
      await editor.getByRole('button', { name: 'Save plan' }).click();
      await work.getByText('Go back to the same employer. Barriers: health, confidence').waitFor();
      await screenshot(page, 'work-390-baseline-and-goal');
      expect(await overflowing(page)).toEqual([]);

      // Discharge, back at work today (referred today) with no fit note.
      await page.getByRole('button', { name: 'Discharge…' }).click();
      const discharge = page.getByTestId('discharge-form');
      await discharge.getByLabel('Other', { exact: true }).check();
      await discharge.getByLabel('Coded events only').check();
      await discharge.getByText('Work at discharge (optional)').click();
      await discharge.getByLabel('Their work situation').selectOption('employed_part_time');
      await discharge.getByLabel('No fit note').check();
      await fillIsoDate(discharge.getByRole('group', { name: 'Back at work from (optional)' }), isoDaysAgo(0));
      await discharge.getByRole('button', { name: 'Discharge the case' }).click();
      await page.getByTestId('discharged-note').waitFor();
      await work.getByText(/back at work from/).waitFor();
      await work.getByText('13-week follow-up').waitFor();
      expect(await work.getByText(/^Due /).count()).toBe(2);
      await screenshot(page, 'work-390-discharged');
      expect(await overflowing(page)).toEqual([]);
      const rows = await server.deps.db
        .selectFrom('work_record')
        .select(['stage', 'employment_status', 'returned_to_work_on'])
        .where('referral_id', '=', caseId)
        .orderBy('stage')
        .execute();
      expect(rows).toEqual([
        { stage: 'baseline', employment_status: 'off_sick', returned_to_work_on: null },
        { stage: 'discharge', employment_status: 'employed_part_time', returned_to_work_on: isoDaysAgo(0) },
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the lead reads the work report on a phone: Priya counts as a work goal and a return to work', async () => {
    const { context, page, problems } = await browser.newPage(server.baseUrl);
    try {
      await page.setViewportSize(PHONE);
      await signIn(page, demoEmail('lead'), 'lead');
      await page.goto('/reports/work');
      await page.getByTestId('report-work').waitFor();
      await page.getByTestId('panel-K3-measure').waitFor();
      await page.getByTestId('panel-K1-answer').getByText('A work goal').first().waitFor();
      await screenshot(page, 'work-390-report');
      expect(await overflowing(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
