import { describe, expect, it } from 'vitest';
import { defaultSourceName, sourceNameSchema } from './source.ts';

describe('directory source names', () => {
  it('default to the file name without its extension, or the URL host', () => {
    expect(defaultSourceName({ kind: 'file', path: '../shared/data/oruk/feeds/bristol-services.json' })).toBe('bristol-services');
    expect(defaultSourceName({ kind: 'file', path: 'C:\\feeds\\North Lincs Services.JSON' })).toBe('north-lincs-services');
    expect(defaultSourceName({ kind: 'url', url: new URL('https://API.Example.org:8443/services?page=2') })).toBe('api.example.org');
    expect(defaultSourceName({ kind: 'file', path: '.json' })).toBe('feed');
  });
  it('are short and plain', () => {
    expect(sourceNameSchema.safeParse(' bristol ').data).toBe('bristol');
    for (const bad of ['', 'two words', '-leading', 'x'.repeat(101), 'semi;colon']) expect(sourceNameSchema.safeParse(bad).success, bad).toBe(false);
  });
});
