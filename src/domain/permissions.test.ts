import { describe, expect, it } from 'vitest';
import { can, DEPLOYMENT_WIDE_ROLES, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions.ts';
import { ROLE_SCOPE_KINDS, ROLES, type Role } from './roles.ts';

describe('can', () => {
  it('answers exactly what ROLE_PERMISSIONS says, for every role and permission', () => {
    let checked = 0;
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        expect(can({ role }, permission), `${role} ${permission}`).toBe(ROLE_PERMISSIONS[role].includes(permission));
        checked += 1;
      }
    }
    expect(checked).toBe(ROLES.length * PERMISSIONS.length);
  });

  it('pins the matrix, so any change to it is a deliberate, reviewed one', () => {
    const granted = (role: Role) => PERMISSIONS.filter((p) => can({ role }, p));
    expect(Object.fromEntries(ROLES.map((r) => [r, granted(r)]))).toEqual({
      referrer: [
        'organisation:read',
        'geo:read',
        'referral:create',
        'referral:read_own',
        'gp_record:export',
        'notification:read',
        'service:read',
        'discharge_message:read',
        'practice_data:read',
        'outreach:review',
      ],
      partner_referrer: ['organisation:read', 'geo:read', 'referral:create', 'referral:read_own', 'notification:read', 'service:read'],
      link_worker: [
        'organisation:read',
        'person:read',
        'person:create',
        'geo:read',
        'referral:create',
        'person:update',
        'case:read',
        'case:update',
        'unmet_need:record',
        'notification:read',
        'service:read',
        'community_referral:create',
        'service:report',
        'instrument:read',
        'outcome:read',
        'outcome:record',
        'practice_data:read',
        'outreach:manage',
      ],
      lead: [
        'organisation:read',
        'user:read',
        'person:read',
        'person:create',
        'geo:read',
        'referral:create',
        'referral:triage',
        'person:update',
        'person:merge',
        'case:read',
        'case:update',
        'gp_record:export',
        'unmet_need:record',
        'notification:read',
        'service:read',
        'service:manage',
        'community_referral:create',
        'service:approve',
        'service:report',
        'instrument:read',
        'outcome:read',
        'outcome:record',
        'outcome:analyse',
        'report:view',
        'unmet_need:read_notes',
        'case:reassign',
        'practice_data:read',
        'cohort:run',
        'outreach:manage',
        'outreach:review',
        'impact:view',
      ],
      provider: ['organisation:read', 'notification:read', 'service:read', 'service:manage', 'community_referral:respond'],
      pcn_lead: ['organisation:read', 'instrument:read', 'outcome:analyse', 'report:view', 'report:return', 'impact:view'],
      commissioner: ['organisation:read', 'instrument:read', 'outcome:analyse', 'report:view', 'report:return', 'impact:view'],
      admin: [
        'organisation:read',
        'organisation:manage',
        'user:read',
        'user:manage',
        'audit:read',
        'audit:export',
        'geo:read',
        'geo:import',
        'service:read',
        'service:manage',
        'directory:import',
        'service:approve',
        'instrument:read',
        'instrument:manage',
        'practice_data:import',
      ],
      auditor: ['organisation:read', 'audit:read', 'audit:export'],
    });
  });
});

describe('least privilege', () => {
  const personLevel = PERMISSIONS.filter((p) =>
    /^(person|referral|case|community_referral|gp_record|unmet_need|cohort|outreach):|^(outcome:(read|record)|practice_data:read)$/.test(p),
  );

  it('has person-level permissions to check', () => {
    expect(personLevel.length).toBeGreaterThan(0);
  });

  it('gives commissioners aggregates only: no person-level permission', () => {
    for (const p of personLevel) expect(can({ role: 'commissioner' }, p), p).toBe(false);
  });

  it('gives auditors and admins no clinical content', () => {
    for (const role of ['auditor', 'admin'] as const) {
      for (const p of personLevel) expect(can({ role }, p), `${role} ${p}`).toBe(false);
    }
  });

  it('keeps the audit trail to admins and auditors', () => {
    const auditReaders = ROLES.filter((r) => can({ role: r }, 'audit:read')).sort();
    expect(auditReaders).toEqual(['admin', 'auditor']);
  });

  it('lets only admins manage users and import geography', () => {
    for (const p of ['user:manage', 'geo:import', 'organisation:manage'] as const) {
      expect(
        ROLES.filter((r) => can({ role: r }, p)),
        p,
      ).toEqual(['admin']);
    }
  });

  it('gives every permission to at least one role, and names no unknown permission', () => {
    const known = new Set<string>(PERMISSIONS);
    const held = new Set<Permission>();
    for (const role of ROLES) {
      for (const p of ROLE_PERMISSIONS[role]) {
        expect(known.has(p), `${role} ${p}`).toBe(true);
        held.add(p);
      }
      expect(new Set(ROLE_PERMISSIONS[role]).size, `${role} lists a permission twice`).toBe(ROLE_PERMISSIONS[role].length);
    }
    expect([...held].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('names every permission noun:verb', () => {
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z_]+:[a-z_]+$/);
  });

  it('has a decision for every role', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });

  it('treats only admins and auditors as deployment-wide, and they name no organisations', () => {
    expect([...DEPLOYMENT_WIDE_ROLES].sort()).toEqual(['admin', 'auditor']);
    for (const r of DEPLOYMENT_WIDE_ROLES) expect(ROLE_SCOPE_KINDS[r]).toEqual([]);
  });
});
