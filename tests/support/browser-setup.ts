import { spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_PATH, HAS_CHROMIUM, IN_CI } from './env.ts';
import { buildTemplates, disposeTemplates } from './templates.ts';

function buildWebApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build (twice the
    // size): the journeys run against the production build people get.
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code ?? 'signal'})`))));
  });
}

/**
 * Global setup of the browser project. Says in one line whether the journeys run and requires
 * Chromium in CI; builds the web app once (only when this project runs) while it seeds a SQLite
 * demo template on the real clock, as the journeys' servers run on it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!HAS_CHROMIUM) {
    if (IN_CI) throw new Error(`CI requires Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
    console.log(`[linkwork tests] Browser journeys: SKIPPED (no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium)`);
    return undefined;
  }
  const [built, templates] = await Promise.allSettled([buildWebApp(), buildTemplates({ postgres: false, demoClock: 'system' })]);
  if (templates.status === 'rejected') throw templates.reason;
  if (built.status === 'rejected') {
    await disposeTemplates(templates.value);
    throw built.reason;
  }
  project.provide('linkworkTemplates', templates.value);
  console.log('[linkwork tests] Browser journeys: running in Chromium against a freshly built web app');
  return () => disposeTemplates(templates.value);
}
