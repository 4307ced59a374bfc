/**
 * Builds the web app into dist/web unless it is already the build of the sources as they are now
 * (scripts/web-build-stamp.ts), so that a restart with an unchanged web app does not wait for Vite.
 * Used by `npm start` (scripts/start.ts); `npm run build:web` always builds.
 */
import { fileURLToPath } from 'node:url';
import { isWebBuildCurrent } from './web-build-stamp.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

/** Builds the web app if its sources changed since the last build; says which it did. */
export async function ensureWebBuilt(write: (line: string) => void): Promise<void> {
  if (isWebBuildCurrent(ROOT, OUT_DIR)) {
    write('Web app unchanged since its last build: not rebuilding it (npm run build:web does).');
    return;
  }
  write('Building the web app…');
  // Loaded only when needed: importing Vite takes a noticeable part of a second.
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
