import { describe, expect, it } from 'vitest';
import { DEFAULT_COHORT_SETTINGS } from '../proactive/cohort-rules.ts';
import { DEFAULT_DB_FILE, DEMO_AUDIT_KEY, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('resolves the defaults from an empty environment', () => {
    const c = parseConfig({});
    expect(c).toEqual({
      env: 'production',
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'sqlite', file: DEFAULT_DB_FILE, synchronous: 'FULL' },
      demo: true,
      demoReason: 'default-database',
      sessionIdleMs: 30 * 60_000,
      sessionAbsoluteMs: 12 * 3_600_000,
      signInMaxFailures: 5,
      signInLockMs: 15 * 60_000,
      bodyLimitBytes: 1_048_576,
      logLevel: 'info',
      trustProxy: false,
      cookieSecure: true,
      unableToContactAfter: 3,
      communityReferralExpiryDays: 14,
      directoryStaleMonths: 6,
      directoryEditsNeedApproval: false,
      outcomeLinkDays: 14,
      serviceRadiusKm: 30,
      practiceDataRetentionDays: 400,
      outreachMaxAttempts: 3,
      cohortSettings: DEFAULT_COHORT_SETTINGS,
      auditKey: DEMO_AUDIT_KEY,
      auditKeySource: 'demo',
    });
    expect(DEFAULT_DB_FILE).toBe('./data/linkwork.db');
  });

  it('reads cohort rule thresholds from LINKWORK_COHORT_RULES over the defaults, and refuses bad JSON or unknown settings', () => {
    const c = parseConfig({ LINKWORK_COHORT_RULES: '{"rules":{"FN-1":{"minFitNotes":3}},"fairness":{"threshold":0.6}}' });
    expect(c.cohortSettings.rules['FN-1']).toMatchObject({ minFitNotes: 3, minAge: 16 });
    expect(c.cohortSettings.fairness).toEqual({ threshold: 0.6, minGroup: 20 });
    expect(() => parseConfig({ LINKWORK_COHORT_RULES: '{rules' })).toThrow(/Expected JSON/);
    expect(() => parseConfig({ LINKWORK_COHORT_RULES: '{"rules":{"XX-1":{}}}' })).toThrow();
  });

  it('takes the audit key from LINKWORK_AUDIT_KEY, the public demo key only in demo mode, else none', () => {
    const key = 'k'.repeat(32);
    expect(parseConfig({ LINKWORK_AUDIT_KEY: key, LINKWORK_DB: '/x.db' })).toMatchObject({ auditKey: key, auditKeySource: 'LINKWORK_AUDIT_KEY' });
    expect(parseConfig({ LINKWORK_DB: '/x.db' })).toMatchObject({ auditKey: null, auditKeySource: 'none' });
    expect(parseConfig({ LINKWORK_DB: '/x.db', LINKWORK_DEMO: '1' })).toMatchObject({ auditKey: DEMO_AUDIT_KEY, auditKeySource: 'demo' });
    expect(() => parseConfig({ LINKWORK_AUDIT_KEY: 'short' })).toThrow(/at least 32 characters/);
  });

  it('reads the casework, directory and outcomes settings, and refuses ones that are not whole numbers', () => {
    const c = parseConfig({
      LINKWORK_UNABLE_TO_CONTACT_AFTER: '5',
      LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS: '7',
      LINKWORK_DIRECTORY_STALE_MONTHS: '12',
      LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL: '1',
      LINKWORK_OUTCOME_LINK_DAYS: '3',
      LINKWORK_SERVICE_RADIUS_KM: '15',
    });
    expect([
      c.unableToContactAfter,
      c.communityReferralExpiryDays,
      c.directoryStaleMonths,
      c.directoryEditsNeedApproval,
      c.outcomeLinkDays,
      c.serviceRadiusKm,
    ]).toEqual([5, 7, 12, true, 3, 15]);
    expect(() => parseConfig({ LINKWORK_UNABLE_TO_CONTACT_AFTER: '0' })).toThrow();
    expect(() => parseConfig({ LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS: 'two weeks' })).toThrow();
  });

  it('turns demo on only for the default embedded database', () => {
    expect(parseConfig({}).demo).toBe(true);
    expect(parseConfig({ LINKWORK_DB: '/var/lib/linkwork/prod.db' }).demo).toBe(false);
    expect(parseConfig({ DATABASE_URL: 'postgres://db/linkwork' }).demo).toBe(false);
    expect(parseConfig({ LINKWORK_DB: '/x.db', DATABASE_URL: 'postgres://db/linkwork' }).demo).toBe(false);
  });

  it('records why demo mode is on or off, for the start-up banner', () => {
    expect(parseConfig({}).demoReason).toBe('default-database');
    expect(parseConfig({ LINKWORK_DB: '/x.db' }).demoReason).toBe('LINKWORK_DB');
    expect(parseConfig({ DATABASE_URL: 'postgres://db/linkwork' }).demoReason).toBe('DATABASE_URL');
    expect(parseConfig({ LINKWORK_DB: '/x.db', LINKWORK_DEMO: '1' })).toMatchObject({ demo: true, demoReason: 'LINKWORK_DEMO' });
  });

  it('lets an explicit LINKWORK_DEMO win either way', () => {
    expect(parseConfig({ LINKWORK_DEMO: '0' }).demo).toBe(false);
    expect(parseConfig({ LINKWORK_DEMO: 'false' }).demo).toBe(false);
    expect(parseConfig({ LINKWORK_DEMO: '1', DATABASE_URL: 'postgres://db/linkwork' }).demo).toBe(true);
    expect(parseConfig({ LINKWORK_DEMO: 'true', LINKWORK_DB: '/x.db' }).demo).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set, even beside LINKWORK_DB', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h:5432/d' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/d' });
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h/d', LINKWORK_DB: '/x.db' }).database.kind).toBe('postgres');
    expect(parseConfig({ LINKWORK_DB: '/srv/lw.db' }).database).toEqual({ kind: 'sqlite', file: '/srv/lw.db', synchronous: 'FULL' });
  });

  it('makes SQLite durable against power loss unless told LINKWORK_SQLITE_SYNCHRONOUS=NORMAL', () => {
    expect(parseConfig({ LINKWORK_SQLITE_SYNCHRONOUS: 'NORMAL' }).database).toMatchObject({ synchronous: 'NORMAL' });
    expect(() => parseConfig({ LINKWORK_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow();
  });

  it('converts minutes and hours to milliseconds', () => {
    const c = parseConfig({
      LINKWORK_SESSION_IDLE_MINUTES: '5',
      LINKWORK_SESSION_ABSOLUTE_HOURS: '1',
      LINKWORK_SIGNIN_LOCK_MINUTES: '2',
      LINKWORK_SIGNIN_MAX_FAILURES: '3',
    });
    expect(c.sessionIdleMs).toBe(300_000);
    expect(c.sessionAbsoluteMs).toBe(3_600_000);
    expect(c.signInLockMs).toBe(120_000);
    expect(c.signInMaxFailures).toBe(3);
  });

  it('reads the port, trust-proxy flag and environment', () => {
    expect(parseConfig({ PORT: '8080' }).port).toBe(8080);
    expect(parseConfig({ PORT: '0' }).port).toBe(0);
    expect(parseConfig({ PORT: ' 8080 ' }).port).toBe(8080);
    expect(parseConfig({ LINKWORK_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(parseConfig({ NODE_ENV: 'development' }).cookieSecure).toBe(false);
    expect(parseConfig({ NODE_ENV: 'test' }).cookieSecure).toBe(true);
  });

  it('throws on bad values rather than guessing', () => {
    const bad: Record<string, string>[] = [
      { PORT: 'abc' },
      { PORT: '65536' },
      { PORT: '-1' },
      { PORT: '80.5' },
      { PORT: '' },
      { PORT: ' ' },
      { PORT: '0x50' },
      { LINKWORK_DEMO: 'maybe' },
      { LINKWORK_DEMO: 'yes' },
      { LINKWORK_TRUST_PROXY: 'on' },
      { NODE_ENV: 'staging' },
      { LINKWORK_LOG_LEVEL: 'verbose' },
      { LINKWORK_SESSION_IDLE_MINUTES: '0' },
      { LINKWORK_SESSION_IDLE_MINUTES: '' },
      { LINKWORK_SESSION_ABSOLUTE_HOURS: '-3' },
      { LINKWORK_SIGNIN_MAX_FAILURES: 'five' },
      { LINKWORK_BODY_LIMIT_BYTES: '1e6' },
      { DATABASE_URL: '' },
      { LINKWORK_DB: '' },
      { HOST: '' },
    ];
    for (const env of bad) expect(() => parseConfig(env), JSON.stringify(env)).toThrow();
  });
});
