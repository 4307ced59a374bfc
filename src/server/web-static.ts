import { relative, sep } from 'node:path';
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
