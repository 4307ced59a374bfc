import type { Generated } from 'kysely';

/**
 * Kysely's view of the tables. Timestamps are UTC ISO-8601 text and booleans are 0/1 integers on
 * both databases (see docs/data-model.md); repositories convert at the edge.
 */
export interface OrganisationTable {
  id: string;
  kind: string;
  name: string;
  ods_code: string | null;
  parent_id: string | null;
  list_size: number | null;
  created_at: string;
  /** ORUK organization fields (migration 2026-11-22T0900-directory). */
  description: string | null;
  email: string | null;
  website: string | null;
  /** The directory feed this organisation came from, and its id there (null when made in Linkwork). */
  source: string | null;
  external_id: string | null;
}

export interface AppUserTable {
  id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  version: number;
  /** Contracted minutes a week (FTE = minutes ÷ 2250); null when not recorded. */
  contracted_minutes: number | null;
}

export interface UserScopeTable {
  user_id: string;
  organisation_id: string;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  lockouts: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface AuditEventTable {
  seq: number;
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  person_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: string;
  summary: string;
  prev_hash: string;
  hash: string;
  /** 'sha256' (plain) or 'hmac-sha256' (keyed with LINKWORK_AUDIT_KEY); see docs/design/audit.md. */
  hash_kind: string;
}

/** Which people an audited list, search, inbox or export showed: one row per person per event. */
export interface AuditEventPersonTable {
  person_id: string;
  event_seq: number;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface GeoPostcodeTable {
  postcode: string;
  lsoa: string | null;
  latitude: number | null;
  longitude: number | null;
  terminated: number;
}

export interface GeoLsoaTable {
  lsoa: string;
  imd_decile: number;
  imd_rank: number | null;
}

export interface PersonTable {
  id: string;
  nhs_number: string | null;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  postcode: string | null;
  practice_id: string;
  created_at: string;
  updated_at: string;
  version: number;
  sex: string | null;
  gender_identity: string | null;
  ethnic_category: string | null;
  phone: string | null;
  email: string | null;
  /** JSON: { methods: string[], notes?: string } */
  contact_preferences: string | null;
  /** JSON: { interpreter: boolean, language?: string, formats: string[] } */
  communication_needs: string | null;
  /** Lower-cased, accent-free "given family" for portable search (LIKE differs by database). */
  name_folded: string | null;
  merged_into_id: string | null;
}

export interface PersonAddressTable {
  id: string;
  person_id: string;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string;
  valid_from: string;
  valid_to: string | null;
  created_at: string;
}

export interface ReferralTable {
  id: string;
  reference: string;
  person_id: string;
  practice_id: string;
  source: string;
  referrer_user_id: string | null;
  referrer_org_id: string | null;
  referrer_contact: string | null;
  /** JSON array of need codes */
  needs: string;
  reason_text: string | null;
  urgency: string;
  consent_given: number;
  consent_recorded_at: string | null;
  safeguarding: number;
  risk_text: string | null;
  /** How best to reach the person about this referral (migration 2026-11-21T1200-intake). */
  contact_notes: string | null;
  status: string;
  status_reason: string | null;
  link_worker_id: string | null;
  allocated_at: string | null;
  first_contact_at: string | null;
  accepted_at: string | null;
  closed_at: string | null;
  contact_attempts: number;
  sharing_choice: string | null;
  next_review_on: string | null;
  last_contact_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CaseEventTable {
  id: string;
  referral_id: string;
  at: string;
  actor_user_id: string | null;
  kind: string;
  /** JSON of coded values */
  data: string;
}

export interface ContactTable {
  id: string;
  referral_id: string;
  at: string;
  type: string;
  duration_minutes: number | null;
  successful: number;
  notes: string | null;
  created_by: string;
  created_at: string;
}

export interface ConversationTable {
  referral_id: string;
  /** JSON: [{ code, words? }] */
  needs: string;
  strengths: string | null;
  interests: string | null;
  /** JSON array of barrier codes */
  barriers: string;
  notes: string | null;
  updated_at: string;
  updated_by: string;
  version: number;
}

export interface PlanVersionTable {
  id: string;
  referral_id: string;
  version: number;
  /** JSON: [{ id, text, steps: string[], targetDate?, status, progress? }] */
  goals: string;
  review_on: string | null;
  created_at: string;
  created_by: string;
  /** The plan's work goal (a WORK_GOALS code, `not_a_goal_now` included), null when not asked. */
  work_goal: string | null;
  /** Work barriers, ';'-joined WORK_BARRIERS codes, or null. */
  work_barriers: string | null;
}

/** Employment status and fit-note state at baseline, discharge and follow-up (src/domain/work.ts). */
export interface WorkRecordTable {
  id: string;
  referral_id: string;
  person_id: string;
  /** baseline | discharge | follow_up */
  stage: string;
  /** 13 or 26 for a follow-up; 0 otherwise. */
  follow_up_weeks: number;
  recorded_at: string;
  recorded_by: string;
  employment_status: string | null;
  off_sick_since: string | null;
  fit_note_state: string | null;
  /** ';'-joined FIT_NOTE_ADJUSTMENTS codes, or null. */
  adjustments: string | null;
  /** A follow-up's answer: 1 in work, 0 not; null otherwise. */
  in_work: number | null;
  returned_to_work_on: string | null;
  /** ';'-joined WORK_MOVEMENTS codes, or null. */
  movement: string | null;
  version: number;
}

export interface GpRecordEntryTable {
  id: string;
  referral_id: string;
  person_id: string;
  practice_id: string;
  code: string;
  description: string;
  recorded_on: string;
  filed_at: string | null;
  filed_by: string | null;
  created_at: string;
}

export interface ServiceTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string | null;
  /** JSON array of need codes */
  needs: string;
  takes_referrals: number;
  archived: number;
  created_at: string;
  updated_at: string;
  // ORUK 3.0 service fields and Linkwork's own (migration 2026-11-22T0900-directory).
  source: string | null;
  external_id: string | null;
  url: string | null;
  email: string | null;
  /** ORUK: active | inactive | defunct | temporarily closed (default 'active') */
  status: Generated<string>;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  fees_description: string | null;
  application_process: string | null;
  interpretation_services: string | null;
  accreditations: string | null;
  alert: string | null;
  assured_date: string | null;
  /** open | waiting_list | closed (default 'open') */
  capacity: Generated<string>;
  waiting_weeks: number | null;
  last_verified_at: string | null;
  last_verified_by: string | null;
  /** Set when the service vanished from its source feed on a later import (flagged, not deleted). */
  missing_from_source_at: string | null;
  /** Hash of the imported content, so a re-import can say "unchanged". */
  content_hash: string | null;
  /** JSON: [{ need, confidence, terms: string[] }] (default '[]') */
  classification: Generated<string>;
  /** manual | classified | corrected (default 'manual') */
  needs_source: Generated<string>;
  version: Generated<number>;
}

export interface LocationTable {
  id: string;
  organisation_id: string | null;
  source: string | null;
  external_id: string | null;
  location_type: Generated<string>;
  name: string | null;
  description: string | null;
  url: string | null;
  transportation: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
  updated_at: string;
}

export interface AddressTable {
  id: string;
  location_id: string;
  attention: string | null;
  address_1: string;
  address_2: string | null;
  city: string;
  region: string | null;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: string;
}

export interface ServiceAtLocationTable {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
}

export interface AccessibilityTable {
  id: string;
  location_id: string;
  description: string | null;
  details: string | null;
  url: string | null;
}

export interface ScheduleTable {
  id: string;
  service_id: string | null;
  location_id: string | null;
  service_at_location_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  dtstart: string | null;
  timezone: number | null;
  until: string | null;
  count: number | null;
  wkst: string | null;
  freq: string | null;
  interval: number | null;
  byday: string | null;
  byweekno: string | null;
  bymonthday: string | null;
  byyearday: string | null;
  description: string | null;
  opens_at: string | null;
  closes_at: string | null;
  schedule_link: string | null;
  attending_type: string | null;
  notes: string | null;
}

/** ORUK's `contact` object (the casework contact log already owns the name `contact`). */
export interface ServiceContactTable {
  id: string;
  organisation_id: string | null;
  service_id: string | null;
  location_id: string | null;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
}

export interface PhoneTable {
  id: string;
  organisation_id: string | null;
  service_id: string | null;
  location_id: string | null;
  contact_id: string | null;
  number: string;
  extension: number | null;
  type: string | null;
  description: string | null;
}

export interface CostOptionTable {
  id: string;
  service_id: string;
  valid_from: string | null;
  valid_to: string | null;
  option: string | null;
  currency: string | null;
  amount: number | null;
  amount_description: string | null;
}

export interface ServiceAreaTable {
  id: string;
  service_id: string;
  name: string | null;
  description: string | null;
  extent: string | null;
  extent_type: string | null;
  uri: string | null;
}

export interface LanguageTable {
  id: string;
  service_id: string | null;
  location_id: string | null;
  phone_id: string | null;
  name: string | null;
  code: string | null;
  note: string | null;
}

export interface TaxonomyTable {
  id: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
}

export interface TaxonomyTermTable {
  id: string;
  taxonomy_id: string | null;
  code: string | null;
  name: string;
  description: string;
  parent_id: string | null;
  term_uri: string | null;
  language: string | null;
}

export interface AttributeTable {
  id: string;
  link_id: string;
  link_type: string;
  /** service | location | organization */
  link_entity: string;
  taxonomy_term_id: string;
  value: string | null;
  label: string | null;
}

export interface ServiceEditTable {
  id: string;
  service_id: string;
  base_version: number;
  /** JSON: the proposed field values */
  changes: string;
  /** pending | approved | rejected */
  status: string;
  submitted_by: string;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface ServiceProblemTable {
  id: string;
  service_id: string;
  kind: string;
  note: string | null;
  /** open | resolved */
  status: string;
  reported_by: string;
  reported_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface ServiceMatchTable {
  id: string;
  referral_id: string | null;
  /** JSON array of need codes the query was understood as */
  needs: string;
  /** JSON array of service ids, best first */
  result_ids: string;
  created_by: string;
  created_at: string;
}

export interface InstrumentPackTable {
  id: string;
  code: string;
  version: string;
  name: string;
  /** JSON: the whole validated pack */
  definition: string;
  licence_holder: string;
  licence_expires_on: string | null;
  checksum: string;
  installed_at: string;
  installed_by: string | null;
}

export interface OutcomeAdministrationTable {
  id: string;
  referral_id: string;
  person_id: string;
  instrument_code: string;
  instrument_version: string;
  /** baseline | review | final */
  timepoint: string;
  /** self_online | self_paper | face_to_face | telephone */
  mode: string;
  administered_on: string;
  /** JSON: { [itemId]: value } */
  answers: string;
  /** JSON: the scored result */
  scores: string;
  primary_score: number | null;
  recorded_by: string | null;
  created_at: string;
}

export interface OutcomeLinkTable {
  id: string;
  token_hash: string;
  referral_id: string;
  person_id: string;
  instrument_code: string;
  instrument_version: string;
  timepoint: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  administration_id: string | null;
}

export interface CommunityReferralTable {
  id: string;
  referral_id: string;
  service_id: string;
  kind: string;
  status: string;
  need: string | null;
  reason_text: string | null;
  decline_reason: string | null;
  sent_at: string;
  responded_at: string | null;
  expires_at: string | null;
  created_by: string;
  updated_at: string;
  version: number;
  /** The match run the service was chosen from, and its rank there (1 = top). */
  match_id: string | null;
  match_rank: number | null;
}

export interface UnmetNeedTable {
  id: string;
  referral_id: string;
  need: string;
  lsoa: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
  /** no_service | full | barrier | declined (migration 2026-12-07T0900-insight, default no_service). */
  kind: Generated<string>;
  /** The barrier (BARRIER_CODES) when kind = barrier. */
  barrier: string | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  referral_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface OutboundMessageTable {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  referral_id: string | null;
  created_at: string;
}

/** One imported extract of NHS England's "Patients Registered at a GP Practice" (one kind, one date). */
export interface ListExtractTable {
  id: string;
  /** age_sex | lsoa */
  kind: string;
  extract_date: string;
  practices: number;
  rows: number;
  patients: number;
  imported_at: string;
  imported_by: string | null;
}

export interface ListAgeSexTable {
  extract_id: string;
  practice_ods: string;
  /** M | F */
  sex: string;
  /** 0-4 … 90-94, 95+ */
  age_band: string;
  patients: number;
}

export interface ListLsoaTable {
  extract_id: string;
  practice_ods: string;
  lsoa: string;
  /** M | F | ALL */
  sex: string;
  patients: number;
}

export interface GeoLsoaEthnicityTable {
  lsoa: string;
  /** asian | black | mixed | white | other (ONS 5 groups) */
  ethnic_group: string;
  per_10000: number;
  source: string;
}

/** One import of a practice's own search (issue 12), per practice and extract date. */
export interface PracticeExtractTable {
  id: string;
  practice_id: string;
  /** YYYY-MM-DD */
  extract_date: string;
  people: number;
  events: number;
  imported_at: string;
  imported_by: string | null;
}

/** A person in a practice extract: person-level practice data (practice staff and covering link workers only). */
export interface PracticePersonTable {
  id: string;
  extract_id: string;
  practice_id: string;
  nhs_number: string;
  date_of_birth: string;
  /** male | female | other | unknown */
  sex: string;
  /** NHS ethnic category letter, null when not stated */
  ethnicity: string | null;
  postcode: string | null;
  lsoa: string | null;
  /** Semicolon-separated, sorted register codes ('' for none) */
  ltc_registers: string;
  ltc_count: number;
  /** 0 | 1 */
  palliative: number;
  /** 0 | 1 */
  do_not_contact: number;
}

/** One coded event in a practice extract. */
export interface PracticeEventTable {
  extract_id: string;
  person_id: string;
  /** YYYY-MM-DD */
  date: string;
  /** appointment | dna | fit_note | sp_referral | sp_declined | health_check */
  kind: string;
  end_date: string | null;
  /** not_fit | may_be_fit */
  fitness: string | null;
  /** gp | nurse | link_worker | other */
  role: string | null;
}

/** A lead's run of the cohort rules (issue 12; migration 2026-12-08T0910-cohorts). */
export interface CohortRunTable {
  id: string;
  created_at: string;
  /** The user id, or `system:<label>` for the command line */
  created_by: string;
  rules_version: string;
  /** JSON: the rule snapshot (codes, versions, thresholds, mode, exclusions, fairness settings) */
  rules: string;
  /** JSON: [{ id, ods, extractDate }] */
  practice_ids: string;
  people: number;
  /** JSON: the fairness check and counts per rule */
  fairness: string;
  /** 0 | 1: a group is flagged and no reason is recorded */
  blocked: number;
  fairness_reason: string | null;
  fairness_reason_by: string | null;
  fairness_reason_at: string | null;
}

/** A practice a cohort run read (for scoping runs in SQL). */
export interface CohortRunPracticeTable {
  run_id: string;
  practice_id: string;
}

/** One person a cohort run found. */
export interface CohortMemberTable {
  run_id: string;
  practice_person_id: string;
  practice_id: string;
  nhs_number: string;
  /** 'FN-1;DEP-1' */
  rules: string;
  score: number;
  /** JSON: [{ rule, version, because }] */
  reasons: string;
  age: number;
  sex: string;
}

/** One person of a cohort run taken into outreach (issue 12; migration 2026-12-08T0920-outreach). */
export interface OutreachTable {
  id: string;
  run_id: string;
  practice_person_id: string;
  practice_id: string;
  nhs_number: string;
  /** identified | cleared | not_suitable | invited | responded | accepted | declined | no_response | opted_out */
  state: string;
  /** cleared | not_suitable */
  review_outcome: string | null;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  attempts: number;
  last_attempt_at: string | null;
  channel: string | null;
  language: string | null;
  /** 0 | 1 */
  easy_read: number;
  responded_at: string | null;
  decline_code: string | null;
  referral_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One invitation of an outreach. */
export interface OutreachAttemptTable {
  id: string;
  outreach_id: string;
  at: string;
  /** letter | sms | phone | email | in_person */
  channel: string;
  language: string;
  /** 0 | 1 */
  easy_read: number;
  /** social_prescribing_offered */
  offer: string;
  by: string;
}

/** "Never contact me again", by NHS number and practice: honoured by every later outreach. */
export interface OutreachOptOutTable {
  nhs_number: string;
  practice_id: string;
  at: string;
  by: string;
}

export interface DB {
  organisation: OrganisationTable;
  app_user: AppUserTable;
  user_scope: UserScopeTable;
  user_session: UserSessionTable;
  sign_in_throttle: SignInThrottleTable;
  audit_event: AuditEventTable;
  audit_event_person: AuditEventPersonTable;
  audit_chain_head: AuditChainHeadTable;
  geo_postcode: GeoPostcodeTable;
  geo_lsoa: GeoLsoaTable;
  person: PersonTable;
  person_address: PersonAddressTable;
  referral: ReferralTable;
  case_event: CaseEventTable;
  contact: ContactTable;
  conversation: ConversationTable;
  plan_version: PlanVersionTable;
  work_record: WorkRecordTable;
  gp_record_entry: GpRecordEntryTable;
  service: ServiceTable;
  community_referral: CommunityReferralTable;
  unmet_need: UnmetNeedTable;
  notification: NotificationTable;
  outbound_message: OutboundMessageTable;
  location: LocationTable;
  address: AddressTable;
  service_at_location: ServiceAtLocationTable;
  accessibility: AccessibilityTable;
  schedule: ScheduleTable;
  service_contact: ServiceContactTable;
  phone: PhoneTable;
  cost_option: CostOptionTable;
  service_area: ServiceAreaTable;
  language: LanguageTable;
  taxonomy: TaxonomyTable;
  taxonomy_term: TaxonomyTermTable;
  attribute: AttributeTable;
  service_edit: ServiceEditTable;
  service_problem: ServiceProblemTable;
  service_match: ServiceMatchTable;
  instrument_pack: InstrumentPackTable;
  outcome_administration: OutcomeAdministrationTable;
  outcome_link: OutcomeLinkTable;
  list_extract: ListExtractTable;
  list_age_sex: ListAgeSexTable;
  list_lsoa: ListLsoaTable;
  geo_lsoa_ethnicity: GeoLsoaEthnicityTable;
  practice_extract: PracticeExtractTable;
  practice_person: PracticePersonTable;
  practice_event: PracticeEventTable;
  cohort_run: CohortRunTable;
  cohort_member: CohortMemberTable;
  cohort_run_practice: CohortRunPracticeTable;
  outreach: OutreachTable;
  outreach_attempt: OutreachAttemptTable;
  outreach_opt_out: OutreachOptOutTable;
}
