import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The built web app's files (dist/web), served for phones on poor connections:
 * - compressed copies made at build time (vite.config.ts writes `x.br` and `x.gz` beside `x`) are
 *   sent by Accept-Encoding, with `Vary: Accept-Encoding`; the copies are not addresses of their own;
 * - hashed assets (`/assets/name-HASH.ext`) never change, so browsers keep them for a year;
 * - everything else (the app shell, which every page address answers with) is `no-cache`: the
 *   browser asks again each time, so a new release (new asset hashes) is picked up at once;
 * - source maps are never served, even if a build left some behind.
 */

/** Vite's output names hashed files `assets/<name>-<8 url-safe characters>.<ext>`. */
const HASHED_ASSET = /^assets\/[^/]+-[\w-]{8}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The Cache-Control a file of the built app gets, by its path relative to the web root. */
export function cacheControlFor(pathInRoot: string): string {
  return HASHED_ASSET.test(pathInRoot.split(sep).join('/')) ? IMMUTABLE : REVALIDATE;
}

/**
 * Public pages with a shell of their own (vite.config.ts, PAGE_SHELLS): index.html plus preload
 * links for the page's chunks, so a phone fetches them with the app rather than after it.
 */
const PAGE_SHELLS: readonly { file: string; path: RegExp }[] = [
  { file: 'self-referral.html', path: /^\/self-referral\/?$/ },
  { file: 'questionnaire.html', path: /^\/q\/[^/]+\/?$/ },
];

/** The app shell to answer a page address with: the page's own, if the build has it, else index.html. */
export function appShellFor(webRoot: string, url: string): string {
  const pathname = url.split('?')[0] ?? '';
  const own = PAGE_SHELLS.find((s) => s.path.test(pathname));
  return own !== undefined && existsSync(join(webRoot, own.file)) ? own.file : 'index.html';
}

/** Serves the built web app from `webRoot` (its files at their own addresses). */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: false,
    preCompressed: true,
    // Cache-Control is set per file below (send's own header would override the shell's no-cache).
    cacheControl: false,
    globIgnore: ['**/*.br', '**/*.gz', '**/*.map'],
    setHeaders: (reply: FastifyReply, path: string) => {
      // `path` is the file sent, which may be the compressed copy (`x.js.br`).
      void reply.header('cache-control', cacheControlFor(relative(webRoot, path).replace(/\.(br|gz)$/, '')));
    },
  });
}
