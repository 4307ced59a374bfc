import type { RouteContext, ZApp } from './context.ts';

/** Referral intake, the public self-referral form, triage and allocation, and referrers' own referrals. */
export function registerReferralRoutes(_app: ZApp, _ctx: RouteContext): void {}
