import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHAPE,
  classifyDirectory,
  generateDirectory,
  generateQueries,
  loadOutcodes,
  toMatchable,
  type GeneratedDirectory,
} from '../../bench/directory-generate.ts';
import { isNeedCode } from '../../src/domain/needs.ts';
import { isStale } from '../../src/domain/freshness.ts';

const outcodes = loadOutcodes();
const shape = { ...DEFAULT_SHAPE, services: 2_000 };
const digest = (d: GeneratedDirectory): string => createHash('sha256').update(JSON.stringify(d)).digest('hex');

describe('synthetic directory generator (speed bench)', () => {
  const dir = generateDirectory(shape, outcodes);

  it('is deterministic: the same seed gives the same directory and queries, another seed a different one', () => {
    expect(digest(generateDirectory(shape, outcodes))).toBe(digest(dir));
    expect(digest(generateDirectory({ ...shape, seed: shape.seed + 1 }, outcodes))).not.toBe(digest(dir));
    expect(generateQueries(50, 7, outcodes)).toEqual(generateQueries(50, 7, outcodes));
    expect(generateQueries(50, 8, outcodes)).not.toEqual(generateQueries(50, 7, outcodes));
  });

  it('makes exactly the services asked for, with unique ids and external ids, each pointing at a real organisation', () => {
    expect(dir.service).toHaveLength(shape.services);
    expect(new Set(dir.service.map((s) => s.id)).size).toBe(shape.services);
    expect(new Set(dir.service.map((s) => s.external_id)).size).toBe(shape.services);
    const orgs = new Set(dir.organisation.map((o) => o.id));
    expect(orgs.size).toBe(dir.organisation.length);
    for (const s of dir.service) expect(orgs.has(s.organisation_id)).toBe(true);
  });

  it('writes valid field values: statuses, capacity, ages, waiting weeks, dates, needs, schedules, locations', () => {
    const locations = new Set(dir.location.map((l) => l.id));
    for (const s of dir.service) {
      expect(['active', 'inactive', 'temporarily closed', 'defunct']).toContain(s.status);
      expect(['open', 'waiting_list', 'closed']).toContain(s.capacity);
      expect(s.waiting_weeks == null).toBe(s.capacity !== 'waiting_list');
      if (s.minimum_age != null && s.maximum_age != null) expect(s.minimum_age).toBeLessThan(s.maximum_age);
      expect(s.name.trim()).not.toBe('');
      expect((s.description ?? '').split(/\s+/).length).toBeGreaterThanOrEqual(8);
      expect(Number.isNaN(Date.parse(s.created_at))).toBe(false);
      if (s.last_verified_at != null) expect(Date.parse(s.last_verified_at)).toBeLessThanOrEqual(shape.now.getTime());
      const needs = JSON.parse(s.needs) as string[];
      expect(needs.length).toBeGreaterThan(0);
      for (const n of needs) expect(isNeedCode(n)).toBe(true);
    }
    for (const sc of dir.schedule) expect(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']).toContain(sc.byday);
    for (const l of dir.location) {
      // England, roughly (the Scilly Isles to Berwick): 49.8–55.9 N, 6.5 W–1.8 E.
      expect(l.latitude).toBeGreaterThan(49.8);
      expect(l.latitude).toBeLessThan(55.9);
      expect(l.longitude).toBeGreaterThan(-6.5);
      expect(l.longitude).toBeLessThan(1.8);
    }
    for (const sal of dir.service_at_location) expect(locations.has(sal.location_id)).toBe(true);
    for (const a of dir.address) expect(a.postal_code).toMatch(/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/);
  });

  it('looks like a real directory: mixed statuses, capacity and freshness, branches, remote services, free and paid', () => {
    const share = (p: (s: GeneratedDirectory['service'][number]) => boolean): number => dir.service.filter(p).length / dir.service.length;
    expect(share((s) => s.status === 'defunct')).toBeGreaterThan(0.01);
    expect(share((s) => s.status === 'active')).toBeGreaterThan(0.85);
    expect(share((s) => s.capacity === 'waiting_list')).toBeGreaterThan(0.1);
    expect(share((s) => s.capacity === 'closed')).toBeGreaterThan(0.03);
    const stale = share((s) =>
      isStale({ lastVerifiedAt: s.last_verified_at ?? null, assuredDate: s.assured_date ?? null, createdAt: s.created_at }, shape.now, 6),
    );
    expect(stale).toBeGreaterThan(0.2);
    expect(stale).toBeLessThan(0.6);
    const perOrg = new Map<string, number>();
    for (const s of dir.service) perOrg.set(s.organisation_id, (perOrg.get(s.organisation_id) ?? 0) + 1);
    expect(Math.max(...perOrg.values())).toBeGreaterThanOrEqual(10);
    expect([...perOrg.values()].filter((n) => n === 1).length / perOrg.size).toBeGreaterThan(0.4);
    expect(dir.location.length).toBeLessThan(dir.service.length);
    const paid = new Set(dir.cost_option.filter((c) => (c.amount ?? 0) > 0).map((c) => c.service_id)).size;
    expect(paid / dir.service.length).toBeGreaterThan(0.1);
    expect(paid / dir.service.length).toBeLessThan(0.6);
  });

  it('becomes matcher records with locations, schedules and classified needs', () => {
    const copy = generateDirectory({ ...shape, services: 300 }, outcodes);
    expect(classifyDirectory(copy)).toBeGreaterThan(200);
    const records = toMatchable(copy);
    expect(records).toHaveLength(300);
    expect(records.filter((r) => r.locations.length > 0).length).toBe(copy.service_at_location.length);
    expect(records.every((r) => r.needsSource === 'classified' && r.organisationName !== '')).toBe(true);
    expect(records.some((r) => r.schedules.length > 0 && r.accessibility.length > 0)).toBe(true);
  });

  it('makes link-worker queries, short and narrative, with ages and postcodes from the generated towns', () => {
    const queries = generateQueries(500, 11, outcodes);
    expect(new Set(queries.map((q) => q.id)).size).toBe(500);
    const words = queries.map((q) => q.text.split(/\s+/).length);
    expect(Math.min(...words)).toBeLessThanOrEqual(3);
    expect(Math.max(...words)).toBeGreaterThanOrEqual(25);
    const known = new Set(outcodes.map((o) => o.outcode));
    for (const q of queries) {
      expect(q.age).toBeGreaterThanOrEqual(14);
      if (q.postcode !== undefined) expect(known.has(q.postcode.split(' ')[0] ?? '')).toBe(true);
    }
    expect(queries.filter((q) => q.postcode !== undefined).length).toBeGreaterThan(400);
  });
});
