import type { PersonView } from '../../../domain/schemas/person.ts';
import type { Person } from '../../../db/repositories/people/persons.ts';
import { ethnicCategoryLabel } from '../../../domain/ethnicity.ts';
import type { DuplicateCandidateView, MergeResultView, PersonDetailsView } from '../../../domain/schemas/person-details.ts';
import type { PersonDetails } from '../../../db/repositories/people/person-details.ts';
import type { MergeResult } from '../../../services/people/merge-persons.ts';

export const presentPerson = (p: Person): PersonView => ({
  id: p.id,
  nhsNumber: p.nhsNumber,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  postcode: p.postcode,
  lsoa: p.lsoa,
  imdDecile: p.imdDecile,
  practiceId: p.practiceId,
  version: p.version,
});

export const presentPersonDetails = (p: PersonDetails): PersonDetailsView => ({
  id: p.id,
  nhsNumber: p.nhsNumber,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  genderIdentity: p.genderIdentity,
  ethnicCategory: p.ethnicCategory,
  ethnicCategoryLabel: p.ethnicCategory === null ? null : ethnicCategoryLabel(p.ethnicCategory),
  postcode: p.postcode,
  lsoa: p.lsoa,
  imdDecile: p.imdDecile,
  practice: { id: p.practiceId, name: p.practiceName },
  phone: p.phone,
  email: p.email,
  contactPreferences:
    p.contactPreferences === null
      ? null
      : {
          methods: p.contactPreferences.methods,
          bestTimes: p.contactPreferences.bestTimes,
          ...(p.contactPreferences.notes === undefined ? {} : { notes: p.contactPreferences.notes }),
        },
  communicationNeeds:
    p.communicationNeeds === null
      ? null
      : {
          interpreterNeeded: p.communicationNeeds.interpreterNeeded,
          ...(p.communicationNeeds.language === undefined ? {} : { language: p.communicationNeeds.language }),
          accessibleFormats: p.communicationNeeds.accessibleFormats,
        },
  addresses: p.addresses.map((a) => ({
    id: a.id,
    line1: a.line1,
    line2: a.line2,
    town: a.town,
    postcode: a.postcode,
    validFrom: a.validFrom,
    validTo: a.validTo,
  })),
  mergedIntoId: p.mergedIntoId,
  version: p.version,
});

export const presentDuplicateCandidate = (c: DuplicateCandidateView): DuplicateCandidateView => ({
  personId: c.personId,
  givenName: c.givenName,
  familyName: c.familyName,
  dateOfBirth: c.dateOfBirth,
  postcode: c.postcode,
  hasNhsNumber: c.hasNhsNumber,
  practice: { id: c.practice.id, name: c.practice.name },
  reasons: c.reasons,
  version: c.version,
});

export const presentMergeResult = (m: MergeResult): MergeResultView => ({
  person: presentPersonDetails(m.person),
  mergedPersonId: m.mergedPersonId,
  referralsMoved: m.referralsMoved,
});
