import { z } from 'zod';
import { AppError } from '../errors.ts';
import { toPlainLine, toPlainText } from './plain-text.ts';
import {
  SERVICE_STATUSES,
  type CountByCode,
  type NormalisedFeed,
  type OrukAccessibility,
  type OrukAddress,
  type OrukContact,
  type OrukCostOption,
  type OrukLanguage,
  type OrukLocation,
  type OrukOrganisation,
  type OrukPhone,
  type OrukSchedule,
  type OrukService,
  type OrukServiceArea,
  type OrukServiceAtLocation,
  type OrukTaxonomyTerm,
  type ServiceStatus,
  type SkipReason,
  type WarningCode,
} from './types.ts';

/*
 * Tolerant reading of ORUK 3.0 and real ORUK 1.0 records, in two steps:
 *
 * 1. zod checks the *structure*: every field we read must be absent, null, '' (real feeds write ''
 *    for "missing") or of a type we can read (text fields also take numbers — integer ids are
 *    text; lists must be lists; objects must be objects). A record that breaks this is not a gap in
 *    the data but a broken feed (truncated generation, a different API, corruption), so the whole
 *    import fails, naming the record's position and the field — never its content.
 * 2. The normaliser fills the one record shape: HTML to plain text, '' to null, ids to text, ages
 *    and coordinates checked. A record that is well-formed but unusable (no id, no name, no
 *    organisation, an id seen before) is skipped with a coded reason; a bad part of a kept record
 *    (an address without a postcode, an age of -1) is dropped with a coded warning.
 */

/** '' and whitespace-only strings are "missing" in real feeds. */
const blankToNull = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? null : v);

const scalar = z.preprocess(blankToNull, z.union([z.string(), z.number(), z.boolean()]).nullish());
const numberish = z.preprocess(blankToNull, z.union([z.number(), z.string()]).nullish());
const list = <T extends z.ZodTypeAny>(item: T) => z.preprocess(blankToNull, z.array(item).nullish());
const obj = <T extends z.ZodRawShape>(shape: T) => z.preprocess(blankToNull, z.object(shape).nullish());

const languageSchema = z.preprocess(
  // ORUK 1.0 lists languages as {language: "Polish"}; some feeds as bare strings.
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.object({ id: scalar, name: scalar, language: scalar, code: scalar, note: scalar }),
);
const phoneSchema = z.object({ id: scalar, number: scalar, extension: numberish, type: scalar, description: scalar, languages: list(languageSchema) });
const addressSchema = z.object({
  id: scalar,
  attention: scalar,
  address_1: scalar,
  address_2: scalar,
  city: scalar,
  region: scalar,
  state_province: scalar,
  postal_code: scalar,
  country: scalar,
  address_type: scalar,
});
const accessibilitySchema = z.object({ id: scalar, description: scalar, accessibility: scalar, details: scalar, url: scalar });
const scheduleSchema = z.object({
  id: scalar,
  valid_from: scalar,
  valid_to: scalar,
  dtstart: scalar,
  timezone: numberish,
  until: scalar,
  count: numberish,
  wkst: scalar,
  freq: scalar,
  interval: numberish,
  byday: scalar,
  byweekno: scalar,
  bymonthday: scalar,
  byyearday: scalar,
  description: scalar,
  opens_at: scalar,
  closes_at: scalar,
  schedule_link: scalar,
  attending_type: scalar,
  notes: scalar,
  /** ORUK 1.0 regular_schedules: one weekday per row. */
  weekday: scalar,
});
const locationSchema = z.object({
  id: scalar,
  location_type: scalar,
  name: scalar,
  description: scalar,
  url: scalar,
  transportation: scalar,
  latitude: numberish,
  longitude: numberish,
  addresses: list(addressSchema),
  physical_addresses: list(addressSchema),
  accessibility: list(accessibilitySchema),
  accessibility_for_disabilities: list(accessibilitySchema),
  phones: list(phoneSchema),
});
const serviceAtLocationSchema = z.object({
  id: scalar,
  description: scalar,
  location: obj(locationSchema.shape),
  schedules: list(scheduleSchema),
  regular_schedules: list(scheduleSchema),
});
const contactSchema = z.object({ id: scalar, name: scalar, title: scalar, department: scalar, email: scalar, phones: list(phoneSchema) });
const costOptionSchema = z.object({
  id: scalar,
  valid_from: scalar,
  valid_to: scalar,
  option: scalar,
  currency: scalar,
  amount: numberish,
  amount_description: scalar,
});
const serviceAreaSchema = z.object({ id: scalar, name: scalar, service_area: scalar, description: scalar, extent: scalar, extent_type: scalar, uri: scalar });
const taxonomyTermSchema = z.object({
  id: scalar,
  code: scalar,
  name: scalar,
  term: scalar,
  description: scalar,
  parent_id: scalar,
  parent: scalar,
  taxonomy: scalar,
  taxonomy_id: scalar,
  vocabulary: scalar,
  term_uri: scalar,
});
const attributeSchema = z.object({ id: scalar, taxonomy_term_id: scalar, taxonomy_term: obj(taxonomyTermSchema.shape) });
const organisationSchema = z.object({ id: scalar, name: scalar, description: scalar, email: scalar, website: scalar, url: scalar });
const eligibilitySchema = z.object({ id: scalar, eligibility: scalar, minimum_age: numberish, maximum_age: numberish });
const audienceSchema = z.object({ id: scalar, audienceType: scalar });

/** The fields of a service record Linkwork reads (others are ignored, not refused). */
export const orukServiceRecordSchema = z.object({
  id: scalar,
  name: scalar,
  description: scalar,
  url: scalar,
  email: scalar,
  status: scalar,
  fees: scalar,
  fees_description: scalar,
  accreditations: scalar,
  eligibility_description: scalar,
  minimum_age: numberish,
  maximum_age: numberish,
  application_process: scalar,
  interpretation_services: scalar,
  alert: scalar,
  assured_date: scalar,
  organization_id: scalar,
  organization: obj(organisationSchema.shape),
  organisation: obj(organisationSchema.shape),
  service_at_locations: list(serviceAtLocationSchema),
  schedules: list(scheduleSchema),
  regular_schedules: list(scheduleSchema),
  phones: list(phoneSchema),
  contacts: list(contactSchema),
  cost_options: list(costOptionSchema),
  service_areas: list(serviceAreaSchema),
  languages: list(languageSchema),
  attributes: list(attributeSchema),
  service_taxonomys: list(z.object({ id: scalar, taxonomy: obj(taxonomyTermSchema.shape) })),
  eligibilitys: list(eligibilitySchema),
  // ORUK 1.0 "pc_" extensions used by UK councils' directories.
  deliverable_type: scalar,
  attending_type: scalar,
  attending_access: scalar,
  pc_attendingAccess_additionalInfo: scalar,
  pc_targetAudience: list(audienceSchema),
});
type Rec = z.infer<typeof orukServiceRecordSchema>;
type Scalar = string | number | boolean | null | undefined;
type Numberish = string | number | null | undefined;

/** Collects warnings while one feed is normalised. */
class Warnings {
  readonly counts: CountByCode<WarningCode> = {};
  add(code: WarningCode): void {
    this.counts[code] = (this.counts[code] ?? 0) + 1;
  }
}

const raw = (v: Scalar): string | null => (v === null || v === undefined ? null : String(v).trim() || null);
const text = (v: Scalar): string | null => (v === null || v === undefined ? null : toPlainText(String(v)));
const line = (v: Scalar): string | null => (v === null || v === undefined ? null : toPlainLine(String(v)));

/**
 * A web address people can follow. Council feeds often leave out the scheme ("www.example.org",
 * "http:www.example.org"): that is added (http, which https sites redirect from). Anything that is
 * then not an http(s) URL with a dotted host is dropped with a warning — the /oruk API promises URIs.
 */
function webUrl(v: Scalar, w: Warnings): string | null {
  let s = raw(v);
  if (s === null) return null;
  s = s.replace(/^(https?):\/{0,2}(?=[^/])/i, (_m, scheme: string) => `${scheme.toLowerCase()}://`);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = `http://${s}`;
  if (!/[\s<>"]/.test(s) && URL.canParse(s)) {
    const u = new URL(s);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && /^[^.]+(\.[^.]+)+$/.test(u.hostname)) return s;
  }
  w.add('invalid_url');
  return null;
}

/** An e-mail address (a "mailto:" prefix removed), or null with a warning when it is not one. */
function emailAddress(v: Scalar, w: Warnings): string | null {
  const s = raw(v)?.replace(/^mailto:/i, '') ?? null;
  if (s === null) return null;
  if (/^[^@\s<>()[\],;:"]+@[^@\s<>()[\],;:"]+\.[^@\s<>()[\],;:"]+$/.test(s)) return s;
  w.add('invalid_email');
  return null;
}

function num(v: Numberish): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

function int(v: Numberish): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** An ISO date (YYYY-MM-DD, or the date part of a timestamp), or null with a warning. */
function isoDate(v: Scalar, w: Warnings): string | null {
  const s = raw(v);
  if (s === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(s);
  if (m?.[1] !== undefined && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) return m[1];
  w.add('invalid_date');
  return null;
}

function age(v: Numberish, w: Warnings): number | null {
  if (v === null || v === undefined) return null;
  const n = int(v);
  if (n !== null && n >= 0 && n <= 130) return n;
  w.add('invalid_age');
  return null;
}

function status(v: Scalar, w: Warnings): ServiceStatus {
  const s = raw(v)?.toLowerCase().replace(/[_-]+/g, ' ');
  if (s === undefined || s === null) return 'active';
  if ((SERVICE_STATUSES as readonly string[]).includes(s)) return s as ServiceStatus;
  w.add('unknown_status');
  return 'active';
}

function language(l: z.infer<typeof languageSchema>): OrukLanguage | null {
  const name = line(l.name) ?? line(l.language);
  const code = line(l.code);
  if (name === null && code === null) return null;
  return { name, code, note: text(l.note) };
}

const languages = (ls: z.infer<typeof languageSchema>[] | null | undefined): OrukLanguage[] =>
  (ls ?? []).map(language).filter((l): l is OrukLanguage => l !== null);

function phones(ps: z.infer<typeof phoneSchema>[] | null | undefined, w: Warnings): OrukPhone[] {
  const out: OrukPhone[] = [];
  for (const p of ps ?? []) {
    const number = line(p.number);
    if (number === null) {
      w.add('phone_missing_number');
      continue;
    }
    out.push({ number, extension: num(p.extension), type: line(p.type), description: text(p.description), languages: languages(p.languages) });
  }
  return out;
}

function address(a: z.infer<typeof addressSchema>, w: Warnings): OrukAddress | null {
  const address1 = line(a.address_1);
  const postalCode = line(a.postal_code);
  if (address1 === null || postalCode === null) {
    w.add('address_incomplete');
    return null;
  }
  return {
    attention: line(a.attention),
    address1,
    address2: line(a.address_2),
    // ORUK requires city, state_province and country; UK feeds often leave them out.
    city: line(a.city) ?? '',
    region: line(a.region),
    stateProvince: line(a.state_province) ?? '',
    postalCode: postalCode.toUpperCase(),
    country: line(a.country) ?? 'GB',
    addressType: line(a.address_type) ?? 'physical',
  };
}

function coordinate(v: Numberish, limit: number): number | null | 'invalid' {
  if (v === null || v === undefined) return null;
  const n = num(v);
  return n !== null && Math.abs(n) <= limit ? n : 'invalid';
}

function location(l: z.infer<typeof locationSchema>, w: Warnings): OrukLocation | null {
  const externalId = raw(l.id);
  if (externalId === null) {
    w.add('location_missing_id');
    return null;
  }
  let latitude = coordinate(l.latitude, 90);
  let longitude = coordinate(l.longitude, 180);
  if (latitude === 'invalid' || longitude === 'invalid' || (latitude === null) !== (longitude === null)) {
    w.add('invalid_coordinates');
    latitude = null;
    longitude = null;
  }
  const accessibility: OrukAccessibility[] = [...(l.accessibility ?? []), ...(l.accessibility_for_disabilities ?? [])]
    .map((a) => ({ description: text(a.description) ?? text(a.accessibility), details: text(a.details), url: webUrl(a.url, w) }))
    .filter((a) => a.description !== null || a.details !== null || a.url !== null);
  return {
    externalId,
    locationType: line(l.location_type) ?? 'physical',
    name: line(l.name),
    description: text(l.description),
    url: webUrl(l.url, w),
    transportation: text(l.transportation),
    latitude,
    longitude,
    addresses: [...(l.addresses ?? []), ...(l.physical_addresses ?? [])].map((a) => address(a, w)).filter((a): a is OrukAddress => a !== null),
    accessibility,
    phones: phones(l.phones, w),
  };
}

const WEEKDAYS: Record<string, string> = { monday: 'MO', tuesday: 'TU', wednesday: 'WE', thursday: 'TH', friday: 'FR', saturday: 'SA', sunday: 'SU' };

function schedule(s: z.infer<typeof scheduleSchema>, w: Warnings): OrukSchedule {
  const weekday = raw(s.weekday)?.toLowerCase();
  const byday = line(s.byday) ?? (weekday === undefined || weekday === null ? null : (WEEKDAYS[weekday] ?? null));
  return {
    validFrom: isoDate(s.valid_from, w),
    validTo: isoDate(s.valid_to, w),
    dtstart: line(s.dtstart),
    timezone: num(s.timezone),
    until: line(s.until),
    count: int(s.count),
    wkst: line(s.wkst),
    // A 1.0 weekday row is a weekly rule on that day.
    freq: line(s.freq)?.toUpperCase() ?? (byday !== null && weekday !== undefined && weekday !== null ? 'WEEKLY' : null),
    interval: int(s.interval),
    byday,
    byweekno: line(s.byweekno),
    bymonthday: line(s.bymonthday),
    byyearday: line(s.byyearday),
    description: text(s.description),
    opensAt: line(s.opens_at),
    closesAt: line(s.closes_at),
    scheduleLink: webUrl(s.schedule_link, w),
    attendingType: text(s.attending_type),
    notes: text(s.notes),
  };
}

const schedules = (a: z.infer<typeof scheduleSchema>[] | null | undefined, b: z.infer<typeof scheduleSchema>[] | null | undefined, w: Warnings) =>
  [...(a ?? []), ...(b ?? [])].map((s) => schedule(s, w));

function organisation(r: Rec, w: Warnings): OrukOrganisation | null {
  const o = r.organization ?? r.organisation;
  const externalId = raw(o?.id) ?? raw(r.organization_id);
  if (externalId === null) return null;
  return {
    externalId,
    name: line(o?.name),
    description: text(o?.description),
    email: emailAddress(o?.email, w),
    website: webUrl(o?.website, w) ?? webUrl(o?.url, w),
  };
}

/** Terms the 1.0 "pc_" fields carry (audience, how to attend), as per-source taxonomies. */
const PC_TAXONOMIES = {
  pc_targetAudience: { key: 'pc_targetAudience', name: 'Target audience' },
  deliverable_type: { key: 'deliverable_type', name: 'Deliverable type' },
  attending_type: { key: 'attending_type', name: 'Attending type' },
  attending_access: { key: 'attending_access', name: 'Attending access' },
} as const;

function pcTerm(taxonomy: (typeof PC_TAXONOMIES)[keyof typeof PC_TAXONOMIES], value: string): OrukTaxonomyTerm[] {
  // "Sensory Impaired>Visually Impaired" is a path: the parent is a term too.
  const parts = value
    .split('>')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.map((name, i) => ({
    key: parts.slice(0, i + 1).join('>'),
    name,
    description: null,
    code: null,
    parentKey: i === 0 ? null : parts.slice(0, i).join('>'),
    termUri: null,
    taxonomy,
  }));
}

function feedTerm(t: z.infer<typeof taxonomyTermSchema>, fallbackId: Scalar, w: Warnings): OrukTaxonomyTerm | null {
  const name = line(t.name) ?? line(t.term);
  const key = raw(t.id) ?? raw(fallbackId) ?? name;
  if (name === null || key === null) {
    w.add('term_missing_name');
    return null;
  }
  const taxonomyName = line(t.taxonomy) ?? line(t.vocabulary) ?? 'Unnamed taxonomy';
  return {
    key,
    name,
    description: text(t.description),
    code: line(t.code),
    parentKey: raw(t.parent_id) ?? raw(t.parent),
    termUri: webUrl(t.term_uri, w),
    taxonomy: { key: raw(t.taxonomy_id) ?? taxonomyName, name: taxonomyName },
  };
}

function taxonomyTerms(r: Rec, w: Warnings): OrukTaxonomyTerm[] {
  const terms: OrukTaxonomyTerm[] = [];
  for (const a of r.attributes ?? []) {
    if (a.taxonomy_term === null || a.taxonomy_term === undefined) continue;
    const t = feedTerm(a.taxonomy_term, a.taxonomy_term_id, w);
    if (t !== null) terms.push(t);
  }
  for (const st of r.service_taxonomys ?? []) {
    if (st.taxonomy === null || st.taxonomy === undefined) continue;
    const t = feedTerm(st.taxonomy, null, w);
    if (t !== null) terms.push(t);
  }
  for (const a of r.pc_targetAudience ?? []) {
    const v = line(a.audienceType);
    if (v !== null) terms.push(...pcTerm(PC_TAXONOMIES.pc_targetAudience, v));
  }
  for (const field of ['deliverable_type', 'attending_type', 'attending_access'] as const) {
    const v = line(r[field]);
    if (v !== null) terms.push(...pcTerm(PC_TAXONOMIES[field], v));
  }
  // One link per term, whatever the feed repeated.
  const seen = new Set<string>();
  return terms.filter((t) => {
    const k = `${t.taxonomy.key}\u0000${t.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const joinText = (...parts: (string | null)[]): string | null => {
  const kept = parts.filter((p): p is string => p !== null);
  return kept.length === 0 ? null : kept.join('\n\n');
};

/** One well-formed record to a service, or the reason it cannot be used. */
function normaliseRecord(r: Rec, w: Warnings): OrukService | SkipReason {
  const externalId = raw(r.id);
  if (externalId === null) return 'missing_id';
  const name = line(r.name);
  if (name === null) return 'missing_name';
  const org = organisation(r, w);
  if (org === null) return 'missing_organisation';
  const eligibility = r.eligibilitys ?? [];
  const minAges = eligibility.map((e) => age(e.minimum_age, w)).filter((a): a is number => a !== null);
  const maxAges = eligibility.map((e) => age(e.maximum_age, w)).filter((a): a is number => a !== null);
  const serviceAtLocations: OrukServiceAtLocation[] = [];
  for (const sal of r.service_at_locations ?? []) {
    if (sal.location === null || sal.location === undefined) continue;
    const loc = location(sal.location, w);
    if (loc === null) continue;
    serviceAtLocations.push({ description: text(sal.description), location: loc, schedules: schedules(sal.schedules, sal.regular_schedules, w) });
  }
  const contacts: OrukContact[] = (r.contacts ?? []).map((c) => ({
    name: line(c.name),
    title: line(c.title),
    department: line(c.department),
    email: emailAddress(c.email, w),
    phones: phones(c.phones, w),
  }));
  const costOptions: OrukCostOption[] = (r.cost_options ?? []).map((c) => ({
    validFrom: isoDate(c.valid_from, w),
    validTo: isoDate(c.valid_to, w),
    option: text(c.option),
    currency: line(c.currency),
    amount: num(c.amount),
    amountDescription: text(c.amount_description),
  }));
  const serviceAreas: OrukServiceArea[] = (r.service_areas ?? [])
    .map((a) => ({
      name: line(a.name) ?? text(a.service_area),
      description: text(a.description),
      extent: raw(a.extent),
      extentType: line(a.extent_type),
      uri: webUrl(a.uri, w),
    }))
    .filter((a) => a.name !== null || a.extent !== null || a.uri !== null);
  return {
    externalId,
    name,
    description: text(r.description),
    url: webUrl(r.url, w),
    email: emailAddress(r.email, w),
    status: status(r.status, w),
    eligibilityDescription: text(r.eligibility_description) ?? joinText(...eligibility.map((e) => text(e.eligibility))),
    minimumAge: age(r.minimum_age, w) ?? (minAges.length > 0 ? Math.min(...minAges) : null),
    maximumAge: age(r.maximum_age, w) ?? (maxAges.length > 0 ? Math.max(...maxAges) : null),
    feesDescription: text(r.fees_description) ?? text(r.fees),
    // ORUK 1.0 councils say how to get in through attending_access and a free-text note.
    applicationProcess: text(r.application_process) ?? joinText(line(r.attending_access), text(r.pc_attendingAccess_additionalInfo)),
    interpretationServices: text(r.interpretation_services),
    accreditations: text(r.accreditations),
    alert: text(r.alert),
    assuredDate: isoDate(r.assured_date, w),
    organisation: org,
    serviceAtLocations,
    schedules: schedules(r.schedules, r.regular_schedules, w),
    phones: phones(r.phones, w),
    contacts,
    costOptions,
    serviceAreas,
    languages: languages(r.languages),
    taxonomyTerms: taxonomyTerms(r, w),
  };
}

/** Where a structural problem is, as "field.0.subfield" (names and positions only, never values). */
const fieldPath = (issue: z.core.$ZodIssue | undefined): string =>
  issue === undefined || issue.path.length === 0 ? 'record' : issue.path.map(String).join('.');

/**
 * Normalises a whole feed (all pages' records, in order). Throws AppError('invalid_input', …,
 * { reason: 'malformed_record', record, field }) when any record is structurally broken — a feed
 * like that is not imported at all. Otherwise returns the usable services, counts of the skipped
 * records by reason, and counts of dropped parts by warning code.
 */
export function normaliseFeed(items: readonly unknown[]): NormalisedFeed {
  const w = new Warnings();
  const skipped: CountByCode<SkipReason> = {};
  const services: OrukService[] = [];
  const present = new Set<string>();
  const taken = new Set<string>();
  items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new AppError('invalid_input', `The feed is broken: record ${index + 1} is not an object`, {
        reason: 'malformed_record',
        record: index + 1,
        field: 'record',
      });
    }
    const parsed = orukServiceRecordSchema.safeParse(item);
    if (!parsed.success) {
      const field = fieldPath(parsed.error.issues[0]);
      throw new AppError('invalid_input', `The feed is broken: record ${index + 1} has a malformed "${field}"`, {
        reason: 'malformed_record',
        record: index + 1,
        field,
      });
    }
    const result = normaliseRecord(parsed.data, w);
    const id = raw(parsed.data.id);
    if (typeof result === 'string') {
      skipped[result] = (skipped[result] ?? 0) + 1;
      if (id !== null) present.add(id);
      return;
    }
    if (taken.has(result.externalId)) {
      // The first record with an id wins; a later one with the same id is reported, not merged.
      skipped.duplicate_id = (skipped.duplicate_id ?? 0) + 1;
      return;
    }
    taken.add(result.externalId);
    present.add(result.externalId);
    services.push(result);
  });
  return { services, records: items.length, skipped, warnings: w.counts, presentIds: [...present] };
}
