import type { NeedCode } from '../../domain/needs.ts';
import { findServiceByName } from '../../db/repositories/community/community-referrals.ts';
import { systemActor, type ServiceDeps } from '../kernel/context.ts';
import { createService } from '../directory/create-service.ts';

/** The demo VCSE organisations that run the demo services. */
export interface DemoServiceOrgs {
  /** Calder Befriending Network (demo). */
  befriending: string;
  /** Halifax Money Advice (demo). */
  moneyAdvice: string;
}

const DEMO_SERVICES: { org: keyof DemoServiceOrgs; name: string; description: string; needs: NeedCode[]; takesReferrals: boolean }[] = [
  {
    org: 'befriending',
    name: 'Tuesday Singing for Wellbeing',
    description: 'A friendly community choir every Tuesday afternoon at the Square Chapel. No experience needed; tea afterwards.',
    needs: ['loneliness', 'mental_wellbeing', 'low_mood', 'bereavement'],
    takesReferrals: true,
  },
  {
    org: 'befriending',
    name: 'Befriending by phone',
    description: 'A trained volunteer rings once a week for a chat, for people who find it hard to get out.',
    needs: ['loneliness', 'bereavement', 'confidence'],
    takesReferrals: true,
  },
  {
    org: 'moneyAdvice',
    name: 'Debt and benefits advice',
    description: 'Free, confidential help with debts, benefit claims, appeals and energy bills, by phone or in person.',
    needs: ['debt', 'benefits', 'fuel_poverty', 'food'],
    takesReferrals: true,
  },
  {
    org: 'befriending',
    name: 'Walking for Health Halifax',
    description: 'Free, short, led walks from the Piece Hall on weekday mornings. Just turn up: no referral needed.',
    needs: ['physical_activity', 'loneliness', 'mental_wellbeing'],
    takesReferrals: false,
  },
];

/**
 * Adds the fictional demo services (three that take referrals, one signpost-only) through the
 * create-service use case. Idempotent: a service the organisation already has (by name) is skipped.
 */
export async function seedDemoServices(deps: ServiceDeps, orgIds: DemoServiceOrgs): Promise<{ created: number }> {
  const actor = systemActor('demo-seed');
  let created = 0;
  for (const s of DEMO_SERVICES) {
    const organisationId = orgIds[s.org];
    if ((await findServiceByName(deps.db, organisationId, s.name)) !== undefined) continue;
    await createService(deps, actor, { organisationId, name: s.name, description: s.description, needs: s.needs, takesReferrals: s.takesReferrals });
    created += 1;
  }
  return { created };
}
