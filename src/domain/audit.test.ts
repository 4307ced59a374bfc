import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  auditActionLabel,
  canonicalAuditText,
  GENESIS_HASH,
  serialiseSummary,
  type AuditContent,
} from './audit.ts';

const base: AuditContent = {
  seq: 7,
  id: '01936b2e-0000-7000-8000-000000000001',
  at: '2026-11-21T09:00:00.000Z',
  actorUserId: 'user-1',
  actorRole: 'link_worker',
  action: 'person.viewed',
  entityType: 'person',
  entityId: 'person-1',
  personId: 'person-1',
  requestId: 'req-1',
  ip: '192.0.2.1',
  outcome: 'success',
  summary: '{}',
  prevHash: GENESIS_HASH,
};

describe('canonicalAuditText', () => {
  it('is the same for the same content, whatever the key order of the object', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as AuditContent;
    expect(canonicalAuditText({ ...base })).toBe(canonicalAuditText(base));
    expect(canonicalAuditText(reordered)).toBe(canonicalAuditText(base));
  });

  it('is a fixed-order JSON array of every field', () => {
    expect(JSON.parse(canonicalAuditText(base))).toEqual([
      7,
      base.id,
      base.at,
      'user-1',
      'link_worker',
      'person.viewed',
      'person',
      'person-1',
      'person-1',
      'req-1',
      '192.0.2.1',
      'success',
      '{}',
      GENESIS_HASH,
    ]);
  });

  it('changes when any single field changes', () => {
    const original = canonicalAuditText(base);
    const changes: { [K in keyof AuditContent]: AuditContent[K] } = {
      seq: 8,
      id: '01936b2e-0000-7000-8000-000000000002',
      at: '2026-11-21T09:00:00.001Z',
      actorUserId: null,
      actorRole: 'lead',
      action: 'person.created',
      entityType: 'user',
      entityId: 'person-2',
      personId: null,
      requestId: 'req-2',
      ip: '192.0.2.2',
      outcome: 'denied',
      summary: '{"a":1}',
      prevHash: 'f'.repeat(64),
    };
    const keys = Object.keys(changes) as (keyof AuditContent)[];
    expect(keys.sort()).toEqual(Object.keys(base).sort());
    for (const key of keys) {
      expect(canonicalAuditText({ ...base, [key]: changes[key] }), key).not.toBe(original);
    }
  });

  it('cannot be fooled by moving text between neighbouring fields', () => {
    const a = canonicalAuditText({ ...base, entityType: 'person', entityId: 'x' });
    const b = canonicalAuditText({ ...base, entityType: 'personx', entityId: '' });
    expect(a).not.toBe(b);
    // null and the string "null" differ too.
    expect(canonicalAuditText({ ...base, ip: null })).not.toBe(canonicalAuditText({ ...base, ip: 'null' }));
  });
});

describe('serialiseSummary', () => {
  it('sorts keys so insertion order does not matter', () => {
    expect(serialiseSummary({ b: 1, a: 'x', c: null })).toBe('{"a":"x","b":1,"c":null}');
    expect(serialiseSummary({ zeta: true, alpha: ['q', 'p'] })).toBe(serialiseSummary({ alpha: ['q', 'p'], zeta: true }));
    expect(serialiseSummary({})).toBe('{}');
  });

  it('keeps array order (it carries meaning) and every value type', () => {
    expect(serialiseSummary({ list: ['b', 'a'], n: 0, f: false })).toBe('{"f":false,"list":["b","a"],"n":0}');
  });

  it('differs when a value differs', () => {
    expect(serialiseSummary({ rows: 1 })).not.toBe(serialiseSummary({ rows: 2 }));
    expect(serialiseSummary({ rows: 1 })).not.toBe(serialiseSummary({ rows: '1' }));
  });
});

describe('audit vocabulary', () => {
  it('names actions noun.verbed, with no duplicates', () => {
    for (const a of AUDIT_ACTIONS) expect(a, a).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect(AUDIT_ACTIONS).toContain('geo.postcodes_imported');
    expect(AUDIT_OUTCOMES).toEqual(['success', 'failure', 'denied']);
  });

  it('starts the chain from 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe('audit actions in words', () => {
  it('has a label for every action, and none for an action that does not exist', () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('says each in plain words: a capitalised sentence, no codes, no two alike', () => {
    for (const action of AUDIT_ACTIONS) {
      const label = AUDIT_ACTION_LABELS[action];
      expect(label, action).toMatch(/^[A-Z][A-Za-z-]* [a-z]/);
      expect(label, action).not.toMatch(/[._]/);
    }
    expect(new Set(Object.values(AUDIT_ACTION_LABELS)).size).toBe(AUDIT_ACTIONS.length);
    expect(auditActionLabel('gp_record.exported')).toBe('GP record entries exported');
    // An action from another version of Linkwork is shown as stored rather than hidden.
    expect(auditActionLabel('thing.done_later')).toBe('thing.done_later');
  });
});
