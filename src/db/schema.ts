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
}

export interface UnmetNeedTable {
  id: string;
  referral_id: string;
  need: string;
  lsoa: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
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

export interface DB {
  organisation: OrganisationTable;
  app_user: AppUserTable;
  user_scope: UserScopeTable;
  user_session: UserSessionTable;
  sign_in_throttle: SignInThrottleTable;
  audit_event: AuditEventTable;
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
  gp_record_entry: GpRecordEntryTable;
  service: ServiceTable;
  community_referral: CommunityReferralTable;
  unmet_need: UnmetNeedTable;
  notification: NotificationTable;
  outbound_message: OutboundMessageTable;
}
