import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Whether the built web app (dist/web) is the build of the sources as they are now, so that
 * `npm start` can skip a Vite build it does not need. A hash of the inputs' contents (not their
 * times: a checkout, a copy or a `touch` changes times without changing the app) is written into
 * the output directory after each build; any build (npm start, the browser tests' setup, a plain
 * `vite build`) writes it, and the next build's emptied directory takes the old one away.
 */

/** Where the app's sources and build settings live, relative to the repository. */
export const WEB_INPUTS: readonly string[] = ['src/web', 'src/domain', 'vite.config.ts', 'package-lock.json', 'scripts/web-build-stamp.ts'];

/** The stamp's name in the output directory (a dotfile: never served). */
export const STAMP_FILE = '.build-stamp';

/** Tests do not go into the bundle: changing one needs no rebuild. */
const IGNORED = /\.test\.tsx?$/;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => {
    const full = join(path, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return e.isFile() && !IGNORED.test(e.name) ? [full] : [];
  });
}

/** SHA-256 over every input's path and contents, in a fixed order. */
export function webInputsHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of WEB_INPUTS.flatMap((input) => filesUnder(join(root, input)))
    .map((f) => relative(root, f).split(sep).join('/'))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** True when `outDir` holds a complete build of the inputs as they are now. */
export function isWebBuildCurrent(root: string, outDir: string): boolean {
  const stamp = join(outDir, STAMP_FILE);
  if (!existsSync(join(outDir, 'index.html')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === webInputsHash(root);
}

/** Records that `outDir` is the build of the inputs as they are now (call after a build completes). */
export function writeWebBuildStamp(root: string, outDir: string, hash = webInputsHash(root)): void {
  writeFileSync(join(outDir, STAMP_FILE), `${hash}\n`);
}
