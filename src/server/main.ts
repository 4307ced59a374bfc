import { systemClock } from '../domain/clock.ts';
import { startExpiryTimer } from '../services/community/expire-community-referrals.ts';
import { warmMatchIndex } from '../services/directory/match-services.ts';
import { seedDemo } from '../services/demo/seed-demo.ts';
import { DEMO_PASSWORD } from '../services/identity/shared/demo-accounts.ts';
import { buildApp } from './app.ts';
import type { AppConfig } from '../domain/schemas/config.ts';
import { loadConfigOrExit, openMigrated, serviceDeps, WEB_ROOT } from './runtime.ts';

/** Starts the server: config → migrate → (demo seed) → listen. The only place that listens. */
export async function main(config: AppConfig = loadConfigOrExit()): Promise<void> {
  const started = performance.now();
  const database = await openMigrated(config);
  // The living demo: a fictional HX directory and 18 months of history up to now (once).
  if (config.demo) await seedDemo(serviceDeps(database, config), { history: true });
  const app = await buildApp({ database, clock: systemClock, config, webRoot: WEB_ROOT });
  // Community referrals nobody answered in 14 days become "no response" and alert the link worker.
  const stopExpiry = startExpiryTimer(serviceDeps(database, config), 60 * 60_000, (err) =>
    app.log.error({ errName: err instanceof Error ? err.name : 'unknown' }, 'community referral expiry failed'),
  );
  const close = async () => {
    stopExpiry();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  await app.listen({ host: config.host, port: config.port });
  // the matcher's index is built now, in the background, rather than by the first search
  void warmMatchIndex(database.db);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const lines = [
    '',
    `Linkwork is ready at http://${host}:${port}/  (${config.database.kind}, ready in ${Math.round(performance.now() - started)} ms)`,
    `API documentation: http://${host}:${port}/api/docs`,
  ];
  if (config.demo) {
    lines.push(
      '',
      'DEMO MODE — fictional data only. Sign in as any role with the demo password:',
      `  password: ${DEMO_PASSWORD}`,
      '  referrer@demo.linkwork.test        partner_referrer@demo.linkwork.test',
      '  link_worker@demo.linkwork.test     lead@demo.linkwork.test',
      '  provider@demo.linkwork.test        pcn_lead@demo.linkwork.test',
      '  commissioner@demo.linkwork.test    admin@demo.linkwork.test',
      '  auditor@demo.linkwork.test',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
