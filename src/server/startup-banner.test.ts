import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../domain/demo-accounts.ts';
import { parseConfig } from '../domain/schemas/config.ts';
import { startupBanner } from './startup-banner.ts';

const AT = { host: '127.0.0.1', port: 3000, readyMs: 812.4 };

describe('the start-up banner', () => {
  it('says demo mode is on because of the default database, and names every demo account', () => {
    const text = startupBanner(parseConfig({}), AT).join('\n');
    expect(text).toContain('Linkwork is ready at http://127.0.0.1:3000/  (sqlite, ready in 812 ms)');
    expect(text).toContain('Demo mode is ON because this is the default database (./data/linkwork.db)');
    expect(text).toContain(DEMO_PASSWORD);
    for (const account of DEMO_ACCOUNTS) expect(text).toContain(account.email);
    expect(text).toContain('referrer2@demo.linkwork.test');
    expect(text).toContain('link_worker3@demo.linkwork.test');
  });

  it('says why demo mode is off, and then names no demo account', () => {
    const cases = [
      [{ LINKWORK_DB: '/srv/linkwork.db' }, 'Demo mode is off because LINKWORK_DB names your own database'],
      [{ DATABASE_URL: 'postgres://db/linkwork' }, 'Demo mode is off because DATABASE_URL names a PostgreSQL database'],
      [{ LINKWORK_DEMO: '0' }, 'Demo mode is off because LINKWORK_DEMO=0'],
    ] as const;
    for (const [env, why] of cases) {
      const text = startupBanner(parseConfig(env), AT).join('\n');
      expect(text).toContain(why);
      expect(text).not.toContain('demo.linkwork.test');
    }
    expect(startupBanner(parseConfig({ LINKWORK_DB: '/x.db', LINKWORK_DEMO: '1' }), AT).join('\n')).toContain('Demo mode is ON because LINKWORK_DEMO=1');
  });

  it('warns loudly when the audit trail is not keyed, and says when it uses the public demo key', () => {
    expect(startupBanner(parseConfig({ LINKWORK_DB: '/x.db' }), AT).join('\n')).toContain('WARNING: LINKWORK_AUDIT_KEY is not set.');
    expect(startupBanner(parseConfig({}), AT).join('\n')).toContain('keyed with the public demo key');
    const keyed = startupBanner(parseConfig({ LINKWORK_DB: '/x.db', LINKWORK_AUDIT_KEY: 'k'.repeat(32) }), AT).join('\n');
    expect(keyed).not.toContain('LINKWORK_AUDIT_KEY');
  });
});
