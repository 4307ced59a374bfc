import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [nhsukCss(), react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npx vite` for front-end work against `npm run dev` (API on port 3000).
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
