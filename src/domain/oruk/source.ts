import { z } from 'zod';

/**
 * The name a directory feed is known by (`--source`): services are keyed by (source, external id),
 * so importing the same feed under the same name updates rather than duplicates. Short, plain.
 */
export const sourceNameSchema = z
  .string()
  .trim()
  .min(1, 'A source name is needed')
  .max(100, 'A source name is at most 100 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'A source name uses letters, digits, dots, dashes and underscores only');

/**
 * The default source name: the file's name without its extension ("bristol-services.json" →
 * "bristol-services"), or the URL's host name ("https://api.example.org/services" →
 * "api.example.org"), folded to lower case with anything else made a dash.
 */
export function defaultSourceName(input: { kind: 'file'; path: string } | { kind: 'url'; url: URL }): string {
  const base = input.kind === 'url' ? input.url.hostname : (input.path.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 100);
  return name === '' ? 'feed' : name;
}
