import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWebBuildCurrent, webInputsHash, writeWebBuildStamp } from '../../scripts/web-build-stamp.ts';

/** `npm start` skips the Vite build only when dist/web is the build of the sources as they are now. */
describe('the web build stamp', () => {
  let root: string;
  let out: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const build = () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), '<!doctype html>');
    writeWebBuildStamp(root, out);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'linkwork-stamp-'));
    out = join(root, 'dist', 'web');
    write('src/web/main.tsx', 'render()');
    write('src/web/index.html', '<div id="root"></div>');
    write('src/domain/needs.ts', 'export const NEEDS = [];');
    write('vite.config.ts', 'export default {}');
    write('package-lock.json', '{}');
    write('src/server/app.ts', 'server');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('needs a build when there is none, or no stamp', () => {
    expect(isWebBuildCurrent(root, out)).toBe(false);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), '<!doctype html>');
    expect(isWebBuildCurrent(root, out)).toBe(false);
  });

  it('is current after a build, whatever happens to file times or to files outside the web app', () => {
    build();
    expect(isWebBuildCurrent(root, out)).toBe(true);
    utimesSync(join(root, 'src/web/main.tsx'), new Date(), new Date(Date.now() + 60_000));
    write('src/server/app.ts', 'server changed');
    write('src/domain/needs.test.ts', 'a test changed');
    expect(isWebBuildCurrent(root, out)).toBe(true);
  });

  it.each(['src/web/main.tsx', 'src/web/index.html', 'src/domain/needs.ts', 'vite.config.ts', 'package-lock.json', 'src/web/features/new-page.tsx'])(
    'needs a build again when %s changes or appears',
    (path) => {
      build();
      write(path, 'changed');
      expect(isWebBuildCurrent(root, out)).toBe(false);
    },
  );

  it('needs a build when a web file is renamed, though the contents are the same', () => {
    const before = webInputsHash(root);
    rmSync(join(root, 'src/web/main.tsx'));
    write('src/web/start.tsx', 'render()');
    expect(webInputsHash(root)).not.toBe(before);
  });
});
