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
}
