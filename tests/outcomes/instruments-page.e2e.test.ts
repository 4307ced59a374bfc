import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../support/env.ts';
import { demoEmail, launchBrowser, screenshot, signIn, startServer, type E2EBrowser, type E2EServer } from '../e2e/support.ts';

const PACKS = fileURLToPath(new URL('../../packs/', import.meta.url));

/**
 * The administrator's Outcome instruments page: a broken pack file is refused with its coded
 * problems listed and nothing installed; the synthetic pack installs and is listed with its licence
 * holder and expiry; the expired pack is listed as not usable. A link worker sees the list without
 * the upload form.
 */
describe.skipIf(!HAS_CHROMIUM)('outcome instruments page', () => {
  let server: E2EServer;
  let chrome: E2EBrowser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let dir: string;

  beforeAll(async () => {
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-pack-upload-'));
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ({ context, page, problems } = await chrome.newPage(server.baseUrl));
  });
  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  const rows = async () => (await page.getByTestId('instrument-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));

  it('an administrator uploads a broken pack (refused, listed problems), then the synthetic and expired packs', async () => {
    await signIn(page, demoEmail('admin'), 'admin');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Outcome instruments', exact: true }).click();
    await page.getByTestId('instruments-table').waitFor();
    expect(await page.title()).toBe('Outcome instruments – Linkwork');
    expect(await page.getByTestId('instrument-row').count()).toBe(4);

    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        format: 'linkwork-instrument-pack',
        formatVersion: 1,
        instrument: {
          code: 'broken',
          version: '1',
          name: 'Broken',
          items: [],
          scoring: { method: 'sum' },
          direction: 'higher_is_better',
          licence: { kind: 'licensed', holder: 'Nobody', terms: 'None', expiresOn: '2099-01-01' },
        },
      }),
    );
    await page.getByLabel('Upload an instrument pack').setInputFiles(broken);
    await page.getByRole('button', { name: 'Upload pack' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await page.getByTestId('pack-issues').innerText()).toContain('The instrument has no items');
    expect(await page.title()).toBe('Error: Outcome instruments – Linkwork');
    await screenshot(page, 'instruments-pack-refused');
    expect(await page.getByTestId('instrument-row').count()).toBe(4);

    await page.getByLabel('Upload an instrument pack').setInputFiles(join(PACKS, 'synthetic-wellbeing-pack.json'));
    await page.getByRole('button', { name: 'Upload pack' }).click();
    await page.getByTestId('pack-loaded').getByText('Installed: Synthetic Teapot Wellbeing Scale (test pack) (version 1.0)').waitFor();
    await page.getByTestId('instrument-row').nth(4).waitFor();
    await page.getByLabel('Upload an instrument pack').setInputFiles(join(PACKS, 'synthetic-expired-pack.json'));
    await page.getByRole('button', { name: 'Upload pack' }).click();
    await page.getByTestId('pack-loaded').getByText('Its licence has expired').waitFor();
    await page.getByTestId('instrument-row').nth(5).waitFor();
    const listed = await rows();
    expect(listed.find((r) => r.includes('Synthetic Teapot'))).toMatch(/The Fictional Teapot Trust.*Licensed until 31 December 2099/);
    expect(listed.find((r) => r.includes('Crumpet'))).toMatch(/Not usable.*Expired 31 January 2020/);
    expect(listed[0]).toMatch(/ONS4 personal wellbeing.*Each item on its own.*Office for National Statistics.*Free to use/);
    await screenshot(page, 'instruments');
  });

  it('a link worker sees the instruments but cannot upload', async () => {
    await signIn(page, demoEmail('link_worker'), 'link_worker');
    await page.goto('/instruments');
    await page.getByTestId('instruments-table').waitFor();
    expect(await page.getByTestId('pack-form').count()).toBe(0);
  });
});
