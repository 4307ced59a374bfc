import { z } from 'zod';
import { cohortSettingsSchema, type CohortSettings } from '../proactive/cohort-rules.ts';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
// Whole numbers written in decimal. z.coerce.number() would read '' and ' ' as 0 (PORT= → a random
// port), '0x50' as 80 and '1e6' as 1000000; a setting that is not plainly a number is a mistake.
const wholeNumber = z.string().trim().regex(/^\d+$/, 'Expected a whole number').transform(Number);
const positiveInt = wholeNumber.pipe(z.number().int().positive());

/** Every configuration variable, with its default. The README table mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: wholeNumber.pipe(z.number().int().min(0).max(65535)).default(3000),
  LINKWORK_DB: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  LINKWORK_DEMO: flag.optional(),
  LINKWORK_SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  LINKWORK_SESSION_IDLE_MINUTES: positiveInt.default(30),
  LINKWORK_SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  LINKWORK_SIGNIN_MAX_FAILURES: positiveInt.default(5),
  LINKWORK_SIGNIN_LOCK_MINUTES: positiveInt.default(15),
  LINKWORK_BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  LINKWORK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  LINKWORK_TRUST_PROXY: flag.default(false),
  LINKWORK_UNABLE_TO_CONTACT_AFTER: positiveInt.default(3),
  LINKWORK_OUTREACH_MAX_ATTEMPTS: positiveInt.default(3),
  LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS: positiveInt.default(14),
  LINKWORK_DIRECTORY_STALE_MONTHS: positiveInt.default(6),
  LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL: flag.default(false),
  LINKWORK_OUTCOME_LINK_DAYS: positiveInt.default(14),
  LINKWORK_SERVICE_RADIUS_KM: positiveInt.default(30),
  // Practice data (issue 12): extracts older than this many days are deleted (docs/design/practice-data.md).
  LINKWORK_PRACTICE_DATA_RETENTION_DAYS: positiveInt.default(400),
  // Proactive cohort rules, exclusions and fairness thresholds: JSON overriding any default
  // (src/domain/proactive/cohort-rules.ts), e.g. {"rules":{"FN-1":{"minFitNotes":3}},"fairness":{"threshold":0.6}}.
  LINKWORK_COHORT_RULES: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Expected JSON' });
        return z.NEVER;
      }
    })
    .pipe(cohortSettingsSchema)
    .optional(),
  // The audit trail's HMAC key: kept outside the database (a secret store, the service's environment).
  LINKWORK_AUDIT_KEY: z.string().min(32, 'Expected at least 32 characters, e.g. the output of `openssl rand -hex 32`').optional(),
});

export const DEFAULT_DB_FILE = './data/linkwork.db';

/**
 * The audit key used in demo mode when LINKWORK_AUDIT_KEY is not set. Public (it is in the source),
 * so it anchors nothing: it only lets demo and test trails use keyed hashes and checkpoints.
 */
export const DEMO_AUDIT_KEY = 'linkwork-demo-audit-key:public:anchors-nothing';

/** Where the audit key came from: the environment, the public demo key, or nowhere (unkeyed trail). */
export type AuditKeySource = 'LINKWORK_AUDIT_KEY' | 'demo' | 'none';

/** What decided demo mode: LINKWORK_DEMO itself, or its default for the database in use. */
export type DemoReason = 'LINKWORK_DEMO' | 'default-database' | 'LINKWORK_DB' | 'DATABASE_URL';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** SQLite's `synchronous` (LINKWORK_SQLITE_SYNCHRONOUS): FULL survives power loss, NORMAL only a process crash. */
  database: { kind: 'sqlite'; file: string; synchronous?: 'FULL' | 'NORMAL' } | { kind: 'postgres'; url: string };
  demo: boolean;
  /** Why demo mode is on or off, so the start-up banner can say it instead of switching silently. */
  demoReason: DemoReason;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  signInMaxFailures: number;
  signInLockMs: number;
  bodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  trustProxy: boolean;
  cookieSecure: boolean;
  /** Failed first-contact attempts after which a case suggests "unable to contact". */
  unableToContactAfter: number;
  /** Proactive outreach: invitations before it stops with "no response". */
  outreachMaxAttempts: number;
  /** Days a provider has to answer a community referral before it expires to "no response". */
  communityReferralExpiryDays: number;
  /** A directory listing not verified for this many months is stale (shown, demoted in matching). */
  directoryStaleMonths: number;
  /** Whether providers' listing edits wait for a lead's approval (otherwise they go straight live). */
  directoryEditsNeedApproval: boolean;
  /** Days a self-completion questionnaire link stays usable. */
  outcomeLinkDays: number;
  /** On a case, services held only further than this (km) from the person's postcode are left out of "Services for this need". */
  serviceRadiusKm: number;
  /** Practice data extracts older than this many days (by extract date) are deleted; a practice keeps at most its latest two. */
  practiceDataRetentionDays: number;
  /** Proactive cohort rules' thresholds, exclusions and fairness settings (LINKWORK_COHORT_RULES over the defaults). */
  cohortSettings: CohortSettings;
  /** The audit trail's HMAC key (never stored in the database), or null: events then get plain hashes. */
  auditKey: string | null;
  auditKeySource: AuditKeySource;
}

/** Validates the environment and resolves defaults into an AppConfig. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const e = envSchema.parse(env);
  const database =
    e.DATABASE_URL !== undefined
      ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
      : ({ kind: 'sqlite', file: e.LINKWORK_DB ?? DEFAULT_DB_FILE, synchronous: e.LINKWORK_SQLITE_SYNCHRONOUS } as const);
  // Demo data and demo sign-ins are on by default only for the default embedded database.
  const isDefaultDb = e.DATABASE_URL === undefined && e.LINKWORK_DB === undefined;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database,
    demo: e.LINKWORK_DEMO ?? isDefaultDb,
    demoReason:
      e.LINKWORK_DEMO !== undefined ? 'LINKWORK_DEMO' : e.DATABASE_URL !== undefined ? 'DATABASE_URL' : isDefaultDb ? 'default-database' : 'LINKWORK_DB',
    sessionIdleMs: e.LINKWORK_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.LINKWORK_SESSION_ABSOLUTE_HOURS * 3_600_000,
    signInMaxFailures: e.LINKWORK_SIGNIN_MAX_FAILURES,
    signInLockMs: e.LINKWORK_SIGNIN_LOCK_MINUTES * 60_000,
    bodyLimitBytes: e.LINKWORK_BODY_LIMIT_BYTES,
    logLevel: e.LINKWORK_LOG_LEVEL,
    trustProxy: e.LINKWORK_TRUST_PROXY,
    cookieSecure: e.NODE_ENV !== 'development',
    unableToContactAfter: e.LINKWORK_UNABLE_TO_CONTACT_AFTER,
    outreachMaxAttempts: e.LINKWORK_OUTREACH_MAX_ATTEMPTS,
    communityReferralExpiryDays: e.LINKWORK_COMMUNITY_REFERRAL_EXPIRY_DAYS,
    directoryStaleMonths: e.LINKWORK_DIRECTORY_STALE_MONTHS,
    directoryEditsNeedApproval: e.LINKWORK_DIRECTORY_EDITS_NEED_APPROVAL,
    outcomeLinkDays: e.LINKWORK_OUTCOME_LINK_DAYS,
    serviceRadiusKm: e.LINKWORK_SERVICE_RADIUS_KM,
    practiceDataRetentionDays: e.LINKWORK_PRACTICE_DATA_RETENTION_DAYS,
    cohortSettings: e.LINKWORK_COHORT_RULES ?? cohortSettingsSchema.parse({}),
    ...auditKeyOf(e.LINKWORK_AUDIT_KEY, e.LINKWORK_DEMO ?? isDefaultDb),
  };
}

/** The configured audit key; in demo mode without one, the public demo key. */
function auditKeyOf(key: string | undefined, demo: boolean): Pick<AppConfig, 'auditKey' | 'auditKeySource'> {
  if (key !== undefined) return { auditKey: key, auditKeySource: 'LINKWORK_AUDIT_KEY' };
  return demo ? { auditKey: DEMO_AUDIT_KEY, auditKeySource: 'demo' } : { auditKey: null, auditKeySource: 'none' };
}
