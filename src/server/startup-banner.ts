import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../domain/demo-accounts.ts';
import { DEFAULT_DB_FILE, type AppConfig } from '../domain/schemas/config.ts';

/** Why demo mode is on or off, in words, with what to set to change it. */
export function demoModeLine(config: Pick<AppConfig, 'demo' | 'demoReason'>): string {
  if (config.demo) {
    return config.demoReason === 'LINKWORK_DEMO'
      ? 'Demo mode is ON because LINKWORK_DEMO=1: fictional data, and the demo accounts below can sign in.'
      : `Demo mode is ON because this is the default database (${DEFAULT_DB_FILE}): fictional data, and the demo accounts below can sign in. Set LINKWORK_DEMO=0 to turn it off.`;
  }
  switch (config.demoReason) {
    case 'LINKWORK_DEMO':
      return 'Demo mode is off because LINKWORK_DEMO=0: no demo data is loaded and demo accounts cannot sign in.';
    case 'LINKWORK_DB':
      return 'Demo mode is off because LINKWORK_DB names your own database (demo mode is on by default only for the default one). Set LINKWORK_DEMO=1 to load the demo PCN into it.';
    case 'DATABASE_URL':
      return 'Demo mode is off because DATABASE_URL names a PostgreSQL database (demo mode is on by default only for the default SQLite one). Set LINKWORK_DEMO=1 to load the demo PCN into it.';
    case 'default-database':
      return 'Demo mode is off.';
  }
}

/** Whether the audit trail is keyed, and a loud warning when it is not (docs/design/audit.md). */
export function auditKeyLine(config: Pick<AppConfig, 'auditKeySource'>): string | null {
  switch (config.auditKeySource) {
    case 'LINKWORK_AUDIT_KEY':
      return null;
    case 'demo':
      return 'The audit trail is keyed with the public demo key: set LINKWORK_AUDIT_KEY for a real deployment.';
    case 'none':
      return 'WARNING: LINKWORK_AUDIT_KEY is not set. The audit trail is hash-chained but not keyed, so anyone who can write to the database could rewrite it without trace. Set LINKWORK_AUDIT_KEY to a secret of 32 or more characters kept outside the database (docs/design/audit.md).';
  }
}

/** The lines `linkwork serve` prints once it listens: where, which database, demo mode and why, the audit key, and every demo sign-in. */
export function startupBanner(
  config: Pick<AppConfig, 'demo' | 'demoReason' | 'database' | 'auditKeySource'>,
  at: { host: string; port: number; readyMs: number },
): string[] {
  const lines = [
    '',
    `Linkwork is ready at http://${at.host}:${at.port}/  (${config.database.kind}, ready in ${Math.round(at.readyMs)} ms)`,
    `API documentation: http://${at.host}:${at.port}/api/docs`,
    demoModeLine(config),
  ];
  const auditKey = auditKeyLine(config);
  if (auditKey !== null) lines.push(auditKey);
  if (config.demo) {
    const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length)) + 2;
    lines.push('', `DEMO MODE: fictional data only. Every demo account uses the password ${DEMO_PASSWORD}`);
    for (const account of DEMO_ACCOUNTS) lines.push(`  ${account.email.padEnd(width)}${account.displayName}`);
  }
  return lines;
}
