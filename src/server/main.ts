import { systemClock } from '../domain/clock.ts';
import { startExpiryTimer } from '../services/community/expire-community-referrals.ts';
import { warmMatchIndex } from '../services/directory/match-services.ts';
import { seedDemo } from '../services/demo/seed-demo.ts';
import { AppError } from '../domain/errors.ts';
import { buildApp } from './app.ts';
import { startupBanner } from './startup-banner.ts';
import type { AppConfig } from '../domain/schemas/config.ts';
import { loadConfigOrExit, openMigrated, serviceDeps, WEB_ROOT } from './runtime.ts';

/** Starts the server: config → migrate → (demo seed) → listen. The only place that listens. */
export async function main(config: AppConfig = loadConfigOrExit()): Promise<void> {
  const started = performance.now();
  const database = await openMigrated(config);
  // The living demo: a fictional HX directory and 18 months of history up to now (once).
  if (config.demo) await seedDemo(serviceDeps(database, config), { history: true });
  const app = await buildApp({ database, clock: systemClock, config, webRoot: WEB_ROOT });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    await database.close();
    throw listenError(err, config);
  }
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
  // the matcher's index is built now, in the background, rather than by the first search
  void warmMatchIndex(database.db);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const lines = startupBanner(config, { host, port, readyMs: performance.now() - started });
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** A port someone else holds, or one this user may not open, said in words rather than as a stack trace. */
function listenError(err: unknown, config: AppConfig): unknown {
  const code = err instanceof Error && 'code' in err ? (err as NodeJS.ErrnoException).code : undefined;
  if (code === 'EADDRINUSE') {
    return new AppError(
      'conflict',
      `Port ${config.port} on ${config.host} is already in use: is Linkwork (or another program) already running there? Stop it, or start on another port, e.g. PORT=${config.port === 3000 ? 3001 : config.port + 1}.`,
      { reason: 'port_in_use', port: config.port },
    );
  }
  if (code === 'EACCES')
    return new AppError('forbidden', `Not allowed to listen on port ${config.port}: ports below 1024 need privileges. Set PORT to 1024 or above.`);
  if (code === 'EADDRNOTAVAIL')
    return new AppError('invalid_input', `HOST ${config.host} is not an address of this machine. Set HOST to one of its addresses, e.g. 127.0.0.1.`);
  return err;
}
