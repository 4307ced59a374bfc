import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';

// A small ORUK 3.0 conformance checker, used on Linkwork's /oruk API and, to prove it is real, on
// the ORUK validator's own mock APIs (V3.0-UK-Default must pass, V3.0-UK-Fail must fail).
//
// Two layers:
// 1. Schema: every response against the shared ORUK 3.0 JSON Schemas (draft 2020-12, all loaded so
//    their relative `$ref`s resolve), with formats checked (uuid, uri, email, date-time: simple
//    checks registered here, since ajv-formats is not installed). List responses are checked
//    against the page wrapper exactly as openapi.json builds it (`allOf: [Page]` + `contents`).
// 2. API behaviour, as the ORUK validator exercises an API rather than a file: the page fields must
//    be present and agree with each other; asking for a later page must give that page; and each
//    listed id, fetched from its single-item endpoint, must come back with that same id.

const SPEC = new URL('../../../shared/data/oruk/spec/3.0/', import.meta.url);
export const MOCKS = new URL('../../../shared/data/oruk/validator-mocks/', import.meta.url);
const BASE = 'https://oruk.linkwork.test/schemata/';

// Keywords of the ORUK schemata that are documentation for their tabular form, not JSON Schema.
const ANNOTATIONS = ['name', 'path', 'datapackage_metadata', 'constraints', 'example', 'core', 'datapackage_type', 'tabular_required'];

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // An absolute URI: a scheme, a colon, no spaces (what ajv-formats' "uri" requires at its core).
  uri: /^[a-z][a-z0-9+.-]*:[^\s]+$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function readJson(url: URL): Json {
  return JSON.parse(readFileSync(url, 'utf8')) as Json;
}

/** The endpoints checked, with the ORUK schema file their items follow. */
export const LISTS = [
  { path: '/services', item: 'service.json', single: 'service.json' },
  { path: '/service_at_locations', item: 'service_at_location.json', single: 'service_at_location.json' },
  { path: '/organizations', item: 'organization.json', single: 'organization.json' },
  { path: '/taxonomies', item: 'taxonomy.json', single: 'taxonomy.json' },
  { path: '/taxonomy_terms', item: 'taxonomy_term.json', single: 'taxonomy_term.json' },
] as const;

export interface OrukValidator {
  ajv: Ajv2020;
  apiDetails: ValidateFunction;
  /** The single-object schema, by ORUK schema file name. */
  object(file: string): ValidateFunction;
  /** The page wrapper with `contents` items of the given schema file. */
  page(itemFile: string): ValidateFunction;
  /** Which list paths openapi.json declares with a `page` parameter (these are walked page by page). */
  pagedPaths: Set<string>;
}

/** Builds the validator from the shared spec files (all schemata loaded; formats registered). */
export function buildOrukValidator(): OrukValidator {
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
  ajv.addVocabulary(ANNOTATIONS);
  for (const [name, re] of Object.entries(FORMATS)) ajv.addFormat(name, re);
  const dir = new URL('schemata/', SPEC);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const schema = readJson(new URL(file, dir)) as JsonObject;
    ajv.addSchema({ ...schema, $id: BASE + file });
  }
  const openapi = readJson(new URL('openapi.json', SPEC)) as JsonObject;
  const paths = openapi['paths'] as Record<string, { get: JsonObject }>;
  const pageSchema = ((openapi['components'] as JsonObject)['schemas'] as JsonObject)['Page'] as JsonObject;
  ajv.addSchema({ ...pageSchema, $id: `${BASE}page.json` });
  const root = ((((paths['/']?.get['responses'] as JsonObject)['200'] as JsonObject)['content'] as JsonObject)['application/json'] as JsonObject)[
    'schema'
  ] as JsonObject;
  const apiDetails = ajv.compile({ $id: `${BASE}api_details.json`, ...root });

  const pagedPaths = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    const params = (item.get['parameters'] ?? []) as { $ref?: string }[];
    if (params.some((p) => p.$ref === '#/components/parameters/page')) pagedPaths.add(path);
  }

  const pages = new Map<string, ValidateFunction>();
  return {
    ajv,
    apiDetails,
    pagedPaths,
    object(file) {
      const v = ajv.getSchema(BASE + file);
      if (v === undefined) throw new Error(`no schema ${file}`);
      return v;
    },
    page(itemFile) {
      let v = pages.get(itemFile);
      if (v === undefined) {
        // As openapi.json writes every list response: Page's fields plus an array of items.
        v = ajv.compile({
          $id: `${BASE}list-of-${itemFile}`,
          type: 'object',
          allOf: [{ $ref: 'page.json' }],
          properties: { contents: { type: 'array', items: { $ref: itemFile } } },
        });
        pages.set(itemFile, v);
      }
      return v;
    },
  };
}

/** What the walker needs from an API: a GET returning status and parsed body. */
export type OrukGet = (pathAndQuery: string) => Promise<{ status: number; body: Json }>;

export interface WalkOptions {
  perPage: number;
  /** Fetch every listed item's single endpoint (else the first few per page). */
  everyItem?: boolean;
  /** Walk middle and last pages of every list, not only those openapi.json declares paged. */
  pageAllLists?: boolean;
}

export interface WalkReport {
  errors: string[];
  /** Responses checked, by endpoint pattern. */
  checked: Record<string, number>;
}

const PAGE_FIELDS = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'] as const;

/**
 * Walks an ORUK API: the root, the first, middle and last page of every list, and the single
 * item of what those pages list. Returns every problem found (empty when conformant).
 */
export async function walkOrukApi(v: OrukValidator, get: OrukGet, opts: WalkOptions): Promise<WalkReport> {
  const errors: string[] = [];
  const checked: Record<string, number> = {};
  const count = (k: string) => (checked[k] = (checked[k] ?? 0) + 1);
  const check = (what: string, fn: ValidateFunction, body: Json) => {
    count(what);
    if (!fn(body)) for (const e of fn.errors ?? []) errors.push(`${what}: ${e.instancePath || '(root)'} ${e.message ?? ''}`);
  };

  const root = await get('/');
  if (root.status !== 200) errors.push(`/: status ${root.status}`);
  check('/', v.apiDetails, root.body);

  for (const list of LISTS) {
    const first = await get(`${list.path}?page=1&per_page=${opts.perPage}`);
    if (first.status !== 200) {
      errors.push(`${list.path}: status ${first.status}`);
      continue;
    }
    const pageNumbers = [1];
    const totalPages = typeof (first.body as JsonObject)['total_pages'] === 'number' ? ((first.body as JsonObject)['total_pages'] as number) : 1;
    if ((opts.pageAllLists === true || v.pagedPaths.has(list.path)) && totalPages > 1)
      pageNumbers.push(...new Set([Math.ceil((totalPages + 1) / 2), totalPages].filter((n) => n > 1)));
    for (const n of pageNumbers) {
      const res = n === 1 ? first : await get(`${list.path}?page=${n}&per_page=${opts.perPage}`);
      const what = `${list.path} page ${n}`;
      if (res.status !== 200) {
        errors.push(`${what}: status ${res.status}`);
        continue;
      }
      check(list.path, v.page(list.item), res.body);
      const body = res.body as JsonObject;
      errors.push(...pageProblems(what, body, n, opts.perPage));
      const contents = Array.isArray(body['contents']) ? (body['contents'] as JsonObject[]) : [];
      for (const item of opts.everyItem === true ? contents : contents.slice(0, 3)) {
        const id = item['id'];
        if (typeof id !== 'string') continue;
        const one = await get(`${list.path}/${encodeURIComponent(id)}`);
        const whatOne = `${list.path}/{id}`;
        if (one.status !== 200) {
          errors.push(`${whatOne} ${id}: status ${one.status}`);
          continue;
        }
        check(whatOne, v.object(list.single), one.body);
        if ((one.body as JsonObject)['id'] !== id) errors.push(`${whatOne}: asked for ${id}, got ${JSON.stringify((one.body as JsonObject)['id'])}`);
      }
    }
  }
  return { errors, checked };
}

/** The page fields must all be there and agree with each other and with the page asked for. */
function pageProblems(what: string, body: JsonObject, asked: number, perPage: number): string[] {
  const out: string[] = [];
  for (const f of PAGE_FIELDS) if (!(f in body)) out.push(`${what}: missing ${f}`);
  if (out.length > 0) return out;
  const contents = Array.isArray(body['contents']) ? body['contents'] : [];
  const total = body['total_items'] as number;
  const totalPages = body['total_pages'] as number;
  const page = body['page_number'] as number;
  if (page !== asked) out.push(`${what}: asked for page ${asked}, got page_number ${page}`);
  if (body['size'] !== contents.length) out.push(`${what}: size ${JSON.stringify(body['size'])} but ${contents.length} items`);
  if (body['empty'] !== (contents.length === 0)) out.push(`${what}: empty is ${JSON.stringify(body['empty'])} with ${contents.length} items`);
  if (body['first_page'] !== (page === 1)) out.push(`${what}: first_page ${JSON.stringify(body['first_page'])} on page ${page}`);
  if (body['last_page'] !== page >= totalPages) out.push(`${what}: last_page ${JSON.stringify(body['last_page'])} on page ${page} of ${totalPages}`);
  if (contents.length > perPage) out.push(`${what}: ${contents.length} items for per_page ${perPage}`);
  if (total < contents.length) out.push(`${what}: total_items ${total} but ${contents.length} items on one page`);
  // A full (not last) page shows the page size the server used: the page count must follow from it.
  if (page < totalPages && contents.length > 0 && totalPages !== Math.ceil(total / contents.length)) {
    out.push(`${what}: total_items ${total} in pages of ${contents.length} is not ${totalPages} pages`);
  }
  return out;
}

/** Which mock file answers which endpoint (the mock APIs serve one file per endpoint, whatever the query). */
export const MOCK_FILES: Record<string, string> = {
  '/': 'api_details.json',
  '/services': 'service_list.json',
  '/services/{id}': 'service_full.json',
  '/service_at_locations': 'service_at_location_list.json',
  '/service_at_locations/{id}': 'service_at_location_full.json',
  '/organizations': 'organization_list.json',
  '/organizations/{id}': 'organization_full.json',
  '/taxonomies': 'taxonomy_list.json',
  '/taxonomies/{id}': 'taxonomy.json',
  '/taxonomy_terms': 'taxonomy_term_list.json',
  '/taxonomy_terms/{id}': 'taxonomy_term.json',
};

/** A mock API serving files: `files` maps a file name to its folder (so one file can be swapped). */
export function mockApi(files: (file: string) => URL): OrukGet {
  return (pathAndQuery) => {
    const path = pathAndQuery.split('?')[0] ?? '/';
    const segments = path.split('/').filter((s) => s !== '');
    const pattern = segments.length === 0 ? '/' : segments.length === 1 ? `/${segments[0]}` : `/${segments[0]}/{id}`;
    const file = MOCK_FILES[pattern];
    if (file === undefined) return Promise.resolve({ status: 404, body: null });
    return Promise.resolve({ status: 200, body: readJson(files(file)) });
  };
}
