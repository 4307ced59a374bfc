import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOrukValidator, MOCK_FILES, MOCKS, mockApi, walkOrukApi } from './oruk-validator.ts';

// Proves the conformance checker used on /oruk is real: the ORUK validator's own mock APIs must
// come out as the validator says — V3.0-UK-Default passes, V3.0-UK-Fail fails.

const DEFAULT = new URL('V3.0-UK-Default/', MOCKS);
const FAIL = new URL('V3.0-UK-Fail/', MOCKS);
const read = (dir: URL, file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const endpointFiles = new Set(Object.values(MOCK_FILES));

describe('the ORUK conformance checker against the validator mocks', () => {
  const v = buildOrukValidator();

  it('passes the whole V3.0-UK-Default mock API', async () => {
    const report = await walkOrukApi(
      v,
      mockApi((f) => new URL(f, DEFAULT)),
      { perPage: 10, everyItem: true },
    );
    expect(report.errors).toEqual([]);
    // Every endpoint was really looked at.
    expect(Object.keys(report.checked).sort()).toEqual(
      [
        '/',
        '/organizations',
        '/organizations/{id}',
        '/service_at_locations',
        '/service_at_locations/{id}',
        '/services',
        '/services/{id}',
        '/taxonomies',
        '/taxonomies/{id}',
        '/taxonomy_terms',
        '/taxonomy_terms/{id}',
      ].sort(),
    );
  });

  it('covers every Default file that is an ORUK endpoint (the dashboard files are the validator site’s own, not ORUK)', () => {
    const files = readdirSync(DEFAULT).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !endpointFiles.has(f)).sort()).toEqual(['dashboard_service_details_response.json', 'dashboard_services_response.json']);
    expect([...endpointFiles].every((f) => files.includes(f))).toBe(true);
  });

  it('fails the whole V3.0-UK-Fail mock API', async () => {
    const report = await walkOrukApi(
      v,
      mockApi((f) => new URL(f, FAIL)),
      { perPage: 10, everyItem: true },
    );
    expect(report.errors.length).toBeGreaterThan(0);
  });

  // Each Fail file on its own, swapped into the otherwise passing Default API. Four Fail files are
  // byte-for-byte the Default ones (the validator's Fail API fails on its other endpoints); no check
  // can fail a file identical to one that passes, so they are listed here rather than claimed.
  const failFiles = readdirSync(FAIL).filter((f) => f.endsWith('.json'));
  const identical = failFiles.filter((f) => JSON.stringify(read(FAIL, f)) === JSON.stringify(read(DEFAULT, f)));

  it('knows which Fail files are identical to their Default twins', () => {
    expect(identical.sort()).toEqual(['organization_full.json', 'organization_list.json', 'taxonomy.json', 'taxonomy_list.json']);
  });

  const differing = failFiles.filter((f) => !identical.includes(f));
  it.each(differing)('fails the Default API with %s swapped in from V3.0-UK-Fail', async (file) => {
    const report = await walkOrukApi(
      v,
      mockApi((f) => new URL(f, f === file ? FAIL : DEFAULT)),
      { perPage: 10, everyItem: true },
    );
    expect(report.errors.length, `${file} should fail`).toBeGreaterThan(0);
    // The problem is reported against the endpoint that file serves (or the single item it names).
    const endpoint = Object.entries(MOCK_FILES).find(([, f]) => f === file)?.[0] ?? '';
    const base = endpoint.replace('/{id}', '');
    expect(
      report.errors.some((e) => e.startsWith(endpoint) || e.startsWith(base)),
      report.errors.join('\n'),
    ).toBe(true);
  });

  it('refuses a format error, a missing required field and a wrong enum on their own (schema layer)', () => {
    const service = read(DEFAULT, 'service_full.json') as Record<string, unknown>;
    const check = v.object('service.json');
    expect(check(service)).toBe(true);
    expect(check({ ...service, url: 'example.com/no-scheme' })).toBe(false);
    expect(check({ ...service, email: 'not-an-email' })).toBe(false);
    expect(check({ ...service, id: '42' })).toBe(false);
    expect(check({ ...service, status: 'open' })).toBe(false);
    const { name: _name, ...nameless } = service;
    expect(check(nameless)).toBe(false);
    expect(check({ ...service, minimum_age: '12' })).toBe(false);
  });
});
