import type { Role } from '../../../domain/roles.ts';

/** The demo e-mail domain: accounts under it work only in demo mode. */
export const DEMO_DOMAIN = 'demo.linkwork.test';

/** The one documented demo password (demo mode only; never valid elsewhere). */
export const DEMO_PASSWORD = 'demo-linkwork-2026';

export const demoEmail = (role: Role, n?: number): string => `${role}${n === undefined ? '' : n}@${DEMO_DOMAIN}`;

export const isDemoEmail = (email: string): boolean => email.toLowerCase().endsWith(`@${DEMO_DOMAIN}`);
