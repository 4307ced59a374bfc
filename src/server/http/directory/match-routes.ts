import { serviceMatchBodySchema, serviceMatchViewSchema, type ServiceMatchResultView, type ServiceMatchView } from '../../../domain/schemas/community.ts';
import type { MatchResult, UnderstoodNeed } from '../../../domain/matching/types.ts';
import { matchServicesForNeed, type ServiceMatchOutcome } from '../../../services/directory/match-services.ts';
import { requireActor } from '../../auth.ts';
import type { RouteContext, ZApp } from '../route-context.ts';

/** One ranked suggestion: explicit fields only (never the stored row). */
export function presentMatchResult(r: MatchResult): ServiceMatchResultView {
  return {
    id: r.service.id,
    externalId: r.service.externalId,
    name: r.service.name,
    organisationName: r.service.organisationName,
    score: r.score,
    reasons: r.reasons,
    stale: r.stale,
    takesReferrals: r.service.takesReferrals,
    capacity: r.service.capacity,
    waitingWeeks: r.service.waitingWeeks,
    distanceKm: r.distanceKm,
  };
}

const presentUnderstood = (u: UnderstoodNeed): ServiceMatchView['understoodNeeds'][number] => ({
  need: u.need,
  label: u.label,
  confidence: u.confidence,
  terms: u.terms,
  source: u.source,
});

export function presentServiceMatch(m: ServiceMatchOutcome): ServiceMatchView {
  return {
    matchId: m.matchId,
    understoodNeeds: m.understoodNeeds.map(presentUnderstood),
    place: m.place === null ? null : { name: m.place.name, latitude: m.place.latitude, longitude: m.place.longitude },
    results: m.results.map(presentMatchResult),
  };
}

/** "What would help this person?": explainable need-to-service matching. */
export function registerDirectoryMatchRoutes(app: ZApp, { deps, secure }: RouteContext): void {
  app.post('/api/v1/services/match', {
    schema: {
      tags: ['directory'],
      summary:
        "Services ranked for a need (the link worker's words and/or coded needs) and the person's context (age, postcode, barriers, days), each with reasons; a town or village named in the words (and found among the directory's addresses) stands in for a missing postcode and is given as place; from a case (referralId) the run is recorded and its matchId can be given with the referral",
      body: serviceMatchBodySchema,
      response: { 200: serviceMatchViewSchema },
    },
    handler: async (req) => presentServiceMatch(await matchServicesForNeed(deps, await requireActor(req, deps, secure), req.body)),
  });
}
