import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_REASONS, HTTP_STATUS } from '../src/domain/errors.ts';
import { envSchema } from '../src/domain/schemas/config.ts';

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

describe('documentation stays true', () => {
  it('docs/errors.md documents every error code with its HTTP status', () => {
    const doc = read('docs/errors.md');
    for (const code of ERROR_CODES) expect(doc, code).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${HTTP_STATUS[code]}\\s*\\|`));
  });

  it('docs/errors.md documents every details.reason of every code, and no reason the code cannot carry', () => {
    const doc = read('docs/errors.md');
    const documented = [...doc.matchAll(/^\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|/gm)].map((m) => `${m[1]}:${m[2]}`);
    const declared = Object.entries(ERROR_REASONS).flatMap(([code, reasons]) => reasons.map((r) => `${code}:${r}`));
    expect(documented.length).toBeGreaterThan(0);
    expect(new Set(documented)).toEqual(new Set(declared));
  });

  it('the README lists every configuration variable and the two set-up commands', () => {
    const readme = read('README.md');
    for (const name of Object.keys(envSchema.shape)) expect(readme, name).toContain(`\`${name}\``);
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
