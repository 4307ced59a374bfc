import { AppError } from '../../domain/errors.ts';
import { ageOn } from '../../domain/insight/periods.ts';
import { normalisePostcode } from '../../domain/postcode.ts';
import type { ServiceListQuery } from '../../domain/schemas/community.ts';
import { reachedWithoutTravel, servicesForPerson, sexForServices, type LeftOutCounts, type Point } from '../../domain/services-for-person.ts';
import { londonDate } from '../../domain/worklist.ts';
import { findCaseInScope, listServices as listRows, type Service } from '../../db/repositories/community/community-referrals.ts';
import { findPersonForServices, listServiceReach } from '../../db/repositories/community/service-reach.ts';
import { findPostcode, findPostcodePoints } from '../../db/repositories/geo/postcodes.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface ServicesForCase {
  personId: string;
  /** Nearest first when the person's postcode is placed (byDistance), else by name. */
  services: { service: Service; distanceKm: number | null }[];
  leftOut: LeftOutCounts;
  byDistance: boolean;
  radiusKm: number;
}

/**
 * "Services for this need" on a case (issue 13): the services list, leaving out those the person's
 * age is outside, those for the other sex, and those held only further than `serviceRadiusKm` from
 * their postcode — counted by reason, never silently — nearest first when their postcode is placed.
 * The case must be in the actor's scope (else not_found). The person's age, sex and postcode are
 * read here and never leave it: the audit event (against the person) holds counts only.
 */
export async function listServicesForCase(
  deps: ServiceDeps,
  actor: Actor,
  caseId: string,
  query: Omit<ServiceListQuery, 'caseId'> = {},
): Promise<ServicesForCase> {
  return runUseCase(deps, actor, {
    permission: 'service:read',
    action: 'service.listed',
    entityType: 'case',
    entityId: caseId,
    work: async (tx, access) => {
      const kase = await findCaseInScope(tx, caseId, access.referrals);
      if (kase === undefined) throw new AppError('not_found', 'No such case');
      const person = await findPersonForServices(tx, kase.personId);
      if (person === undefined) throw new AppError('not_found', 'No such case');

      const listed = await listRows(tx, {
        need: query.need,
        organisationId: query.organisationId,
        takesReferrals: query.takesReferrals === undefined ? undefined : query.takesReferrals === 'true',
      });
      const reach = await listServiceReach(
        tx,
        listed.map((s) => s.id),
      );

      const home = person.postcode === null ? null : normalisePostcode(person.postcode);
      const found = home === null ? undefined : await findPostcode(tx, home);
      const location: Point | null =
        found !== undefined && found.latitude !== null && found.longitude !== null ? { latitude: found.latitude, longitude: found.longitude } : null;

      // Physical locations without coordinates are placed by their address's postcode when the
      // postcode table has it; one that still cannot be placed keeps its service in the list.
      const toPlace: string[] = [];
      for (const r of reach.values())
        for (const l of r.locations)
          if (l.type.toLowerCase() === 'physical' && (l.latitude === null || l.longitude === null) && l.postcode !== null) toPlace.push(l.postcode);
      const placed =
        location === null || toPlace.length === 0
          ? new Map<string, Point>()
          : await findPostcodePoints(
              tx,
              toPlace.map((p) => normalisePostcode(p) ?? p),
            );

      const facts = listed.map((service) => {
        const r = reach.get(service.id);
        const physical = (r?.locations ?? []).filter((l) => l.type.toLowerCase() === 'physical');
        return {
          service,
          name: service.name,
          description: service.description,
          eligibilityDescription: r?.eligibilityDescription ?? null,
          minimumAge: r?.minimumAge ?? null,
          maximumAge: r?.maximumAge ?? null,
          locations: physical.map((l): Point | null => {
            if (l.latitude !== null && l.longitude !== null) return { latitude: l.latitude, longitude: l.longitude };
            return l.postcode === null ? null : (placed.get(normalisePostcode(l.postcode) ?? l.postcode) ?? null);
          }),
          remote: reachedWithoutTravel({
            description: service.description,
            eligibilityDescription: r?.eligibilityDescription ?? null,
            attendingTypes: r?.attendingTypes ?? [],
            locationTypes: (r?.locations ?? []).map((l) => l.type),
          }),
        };
      });
      const radiusKm = deps.config.serviceRadiusKm;
      const fit = servicesForPerson(
        facts,
        {
          age: ageOn(person.dateOfBirth, londonDate(deps.clock.now())),
          sex: sexForServices(person.sex, person.genderIdentity),
          location,
        },
        radiusKm,
      );
      return {
        personId: kase.personId,
        services: fit.shown.map((x) => ({ service: x.service.service, distanceKm: x.distanceKm })),
        leftOut: fit.leftOut,
        byDistance: fit.byDistance,
        radiusKm,
      };
    },
    audit: (r) => ({
      personId: r.personId,
      summary: { need: query.need ?? null, shown: r.services.length, leftOut: r.leftOut.age + r.leftOut.sex + r.leftOut.area },
    }),
  });
}
