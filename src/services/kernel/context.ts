import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../domain/clock.ts';
import type { CohortSettings } from '../../domain/proactive/cohort-rules.ts';
import type { Role } from '../../domain/roles.ts';
import type { DialectName } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';

/** Settings the use cases need (a subset of AppConfig, so tests can build it directly). */
export interface ServiceConfig {
  demo: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  signInMaxFailures: number;
  signInLockMs: number;
  unableToContactAfter: number;
  /** Proactive outreach: invitations before it stops with "no response" (3 when absent). */
  outreachMaxAttempts?: number;
  communityReferralExpiryDays: number;
  directoryStaleMonths: number;
  directoryEditsNeedApproval: boolean;
  outcomeLinkDays: number;
  /** Services held only further than this from the person (km) are left out of a case's services list. */
  serviceRadiusKm: number;
  /** Practice data extracts older than this many days (by extract date) are deleted. */
  practiceDataRetentionDays: number;
  /** Proactive cohort rules' thresholds and fairness settings (the defaults when absent). */
  cohortSettings?: CohortSettings;
}

/** What every use case receives: the database, the clock and settings. */
export interface ServiceDeps {
  db: Kysely<DB>;
  dialect: DialectName;
  clock: Clock;
  config: ServiceConfig;
}

export type Tx = Transaction<DB> | Kysely<DB>;

/** Where a call came from, for the audit trail. */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}

/** A signed-in user acting, or the operator at the command line. */
export type Actor = { kind: 'user'; userId: string; role: Role; meta: RequestMeta } | { kind: 'system'; label: string; meta: RequestMeta };

export const DEFAULT_SERVICE_CONFIG: ServiceConfig = {
  demo: false,
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 3_600_000,
  signInMaxFailures: 5,
  signInLockMs: 15 * 60_000,
  unableToContactAfter: 3,
  communityReferralExpiryDays: 14,
  directoryStaleMonths: 6,
  directoryEditsNeedApproval: false,
  outcomeLinkDays: 14,
  serviceRadiusKm: 30,
  practiceDataRetentionDays: 400,
};

/** The command-line operator: has shell access to the database already, so may do anything. */
export function systemActor(label = 'cli'): Actor {
  return { kind: 'system', label, meta: { requestId: null, ip: null } };
}
