import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { webInputsHash, writeWebBuildStamp } from './scripts/web-build-stamp.ts';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';

const NHSUK_IMAGES = fileURLToPath(new URL('./node_modules/nhsuk-frontend/dist/nhsuk/assets/images/', import.meta.url));

/**
 * Adapts nhsuk-frontend's compiled CSS to this app:
 * - drops its @font-face rules: they load Frutiger from assets.nhs.uk, which our CSP
 *   (`font-src 'self'`) blocks and which is licensed for NHS.UK only; the stack falls back to Arial;
 * - points its `/assets/images/…` icon URLs at the package's own files so Vite bundles them
 *   (small SVGs are inlined as data: URLs, which `img-src 'self' data:` allows);
 * - drops its `@media screen\0` blocks (Internet Explorer 8 hacks), which the CSS minifier rejects.
 */
/** Removes every at-rule starting with `prelude`, with its (nested) block. */
function dropBlocks(css: string, prelude: string): string {
  let out = '';
  let from = 0;
  for (let at = css.indexOf(prelude, from); at !== -1; at = css.indexOf(prelude, from)) {
    out += css.slice(from, at);
    let i = css.indexOf('{', at);
    let depth = 0;
    for (; i < css.length; i++) {
      if (css[i] === '{') depth++;
      else if (css[i] === '}' && --depth === 0) break;
    }
    from = i + 1;
  }
  return out + css.slice(from);
}

function nhsukCss(): Plugin {
  return {
    name: 'linkwork-nhsuk-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[\\/].*\.css(\?.*)?$/.test(id)) return null;
      const out = dropBlocks(code, '@media screen\\0')
        .replace(/@font-face\s*\{[^}]*\}/g, '')
        .replace(/url\(\s*["']?\/assets\/images\/([\w.-]+)["']?\s*\)/g, (_m, file: string) => `url("${NHSUK_IMAGES}${file}")`);
      return { code: out, map: null };
    },
  };
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const ROOT = fileURLToPath(new URL('./', import.meta.url));

/**
 * The public pages' own app shells: the page is split out of the app (a lazy chunk), so with the
 * plain shell a phone fetches the app, runs it, and only then asks for the page's chunks — one more
 * round trip on a slow link. `<name>.html` is index.html plus `modulepreload` links for the page's
 * chunks and their imports, so they download with the app; the server answers the page's
 * addresses with it (src/server/web-static.ts, PAGE_SHELLS).
 */
const PAGE_SHELLS: Readonly<Record<string, string>> = {
  'self-referral.html': 'src/web/features/intake/self-referral-page.tsx',
  'questionnaire.html': 'src/web/features/outcomes/questionnaire-page.tsx',
};

function pageShells(): Plugin {
  let outDir = '';
  return {
    name: 'linkwork-page-shells',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
      const shell = await readFile(join(outDir, 'index.html'), 'utf8');
      for (const [file, page] of Object.entries(PAGE_SHELLS)) {
        const entry = chunks.find((c) => c.moduleIds.some((id) => id.split(sep).join('/').endsWith(page)));
        if (entry === undefined) throw new Error(`No chunk holds ${page}`);
        // The page's chunk and every chunk it imports statically, minus those the shell preloads already.
        const wanted = new Set<string>();
        const visit = (name: string) => {
          if (wanted.has(name)) return;
          wanted.add(name);
          chunks.find((c) => c.fileName === name)?.imports.forEach(visit);
        };
        visit(entry.fileName);
        const links = [...wanted]
          .filter((name) => !shell.includes(`/${name}"`))
          .map((name) => `    <link rel="modulepreload" crossorigin href="/${name}">`)
          .join('\n');
        await writeFile(join(outDir, file), shell.replace('  </head>', `${links}\n  </head>`));
      }
    },
  };
}

/**
 * Finishes the output for serving:
 * - writes `x.br` and `x.gz` beside each text file, compressed once at the highest levels (too slow
 *   to do per request), for the server to send by Accept-Encoding (src/server/web-static.ts); a copy
 *   that would not be smaller is not written;
 * - then stamps the output with a hash of the inputs as they were when the build began, so that
 *   `npm start` (scripts/build-web.ts) can tell the build is current and skip it.
 */
function finishOutput(): Plugin {
  let outDir = '';
  let inputs = '';
  return {
    name: 'linkwork-finish-output',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    buildStart() {
      inputs = webInputsHash(ROOT);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|html|svg|json|txt)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const raw = await readFile(path);
          const [br, gzipped] = await Promise.all([
            brotli(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
            gz(raw, { level: zlib.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < raw.length) await writeFile(`${path}.br`, br);
          if (gzipped.length < raw.length) await writeFile(`${path}.gz`, gzipped);
        }),
      );
      writeWebBuildStamp(ROOT, outDir, inputs);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [nhsukCss(), react(), pageShells(), finishOutput()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Source maps would publish the whole source to anyone; they are not built.
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 3 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 3 },
            { name: 'forms', test: /node_modules[\\/](react-hook-form|@hookform)[\\/]/, priority: 3 },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite` for front-end work against `npm run dev` (API on port 3000).
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
