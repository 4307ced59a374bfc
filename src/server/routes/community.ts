import type { RouteContext, ZApp } from './context.ts';

/** Community referrals (closed loop): services, referring and signposting, the provider inbox. */
export function registerCommunityRoutes(_app: ZApp, _ctx: RouteContext): void {}
