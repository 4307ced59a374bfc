/**
 * Coded errors: the closed set of failure kinds every layer speaks. The HTTP status of each code
 * lives in one exhaustive table so a new code cannot be added without deciding its status.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'session_expired',
  'forbidden',
  'csrf_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'invalid_transition',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: { readonly [C in ErrorCode]: number } = {
  invalid_input: 400,
  unauthenticated: 401,
  session_expired: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * The closed set of `details.reason` values each code may carry, so a client can tell apart two
 * failures with the same code (a stale save from a duplicate NHS number) without parsing messages.
 * docs/errors.md lists every one; tests/docs.test.ts checks it. Codes not named here carry none.
 */
export const ERROR_REASONS = {
  invalid_input: [
    // files and feeds
    'not_a_file',
    'file_not_found',
    'permission_denied',
    'unreadable',
    'unwritable',
    'too_large',
    'not_csv',
    'not_json',
    'wrong_shape',
    'malformed_record',
    'empty_feed',
    'no_usable_records',
    'paging_stuck',
    'too_many_pages',
    'incomplete_feed',
    'http_status',
    'invalid_url',
    // taxonomy files
    'invalid_row',
    'duplicate_id',
    'empty',
    'unknown_parent',
    // list-size (denominator) and census files
    'unknown_format',
    'mixed_extract_dates',
    'duplicate_row',
    // queries and questionnaires
    'unknown_postcode',
    'licence_expired',
    // reassigning a case
    'not_covering',
    'same_link_worker',
    // accepting a proactive case without the person's consent
    'consent_required',
    // cohorts: a rule code that does not exist; no practice extract in scope to run over
    'unknown_rule',
    'no_practice_data',
    // work follow-ups: none before 13 or 26 weeks after the return to work, and none without a return
    'follow_up_not_due',
    'no_return_to_work',
    // practice data files: a required column missing; a practice ODS code that is no practice here;
    // an event for an NHS number that people.csv does not hold
    'missing_column',
    'unknown_practice',
    'unknown_person',
    // audit checkpoints: no LINKWORK_AUDIT_KEY to sign or check one; a checkpoint file that is not one
    'no_audit_key',
    'bad_checkpoint',
  ],
  conflict: [
    'stale_version',
    'stale_edit',
    'concurrent_write',
    'concurrent_import',
    'email_taken',
    'ods_code_taken',
    'nhs_number_taken',
    'possible_duplicate',
    'merged',
    'already_merged',
    'different_nhs_numbers',
    'open_referral_exists',
    // discharging "goals met" with no goal achieved, unconfirmed
    'goals_not_achieved',
    'pack_installed',
    // starting the server
    'port_in_use',
    // restoring a backup while the server has the database open
    'database_in_use',
    // a fairness reason for a cohort run that has no flagged group, or already has its reason
    'fairness_not_flagged',
    'fairness_reason_recorded',
    // starting outreach from a cohort run whose fairness check blocks it, with no reason recorded
    'fairness_unresolved',
  ],
  unavailable: ['timeout', 'fetch_failed', 'http_status'],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>;

/** The reasons a code may carry (never, for codes without any). */
export type ErrorReason<C extends ErrorCode = ErrorCode> = C extends keyof typeof ERROR_REASONS ? (typeof ERROR_REASONS)[C][number] : never;

/** Details of an error: free-form facts (coded values, never personal data) and, where the code has them, a typed reason. */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = { reason?: ErrorReason<C> } & Record<string, unknown>;

/** A failure with a code from ERROR_CODES. Messages must never contain personal data. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly details: ErrorDetails<C> | undefined;

  constructor(code: C, message: string, details?: ErrorDetails<C>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

const STALE_MESSAGE = 'Someone else changed this record since you opened it. Reload to see their changes; what you entered has not been saved.';

/** Constructors for the conflicts with a reason, so every stale save says `stale_version` the same way. */
export const conflict = {
  /** A write from a stale `version`: nothing was written. `current` is the version now stored, when known. */
  staleVersion: (current?: number, message: string = STALE_MESSAGE, extra: Record<string, unknown> = {}): AppError<'conflict'> =>
    new AppError('conflict', message, { reason: 'stale_version', ...(current === undefined ? {} : { currentVersion: current }), ...extra }),
  /** Any other conflict with its coded reason. */
  because: (reason: ErrorReason<'conflict'>, message: string, extra: Record<string, unknown> = {}): AppError<'conflict'> =>
    new AppError('conflict', message, { reason, ...extra }),
};

/** Constructors for `invalid_input` that carry a reason (field errors use `details.fields`). */
export const invalidInput = {
  because: (reason: ErrorReason<'invalid_input'>, message: string, extra: Record<string, unknown> = {}): AppError<'invalid_input'> =>
    new AppError('invalid_input', message, { reason, ...extra }),
};

/** The reason for an operating-system error code met reading a file (`details.systemCode` keeps the code itself). */
export function fileReason(systemCode: unknown): ErrorReason<'invalid_input'> {
  if (systemCode === 'ENOENT' || systemCode === 'ENOTDIR') return 'file_not_found';
  if (systemCode === 'EACCES' || systemCode === 'EPERM') return 'permission_denied';
  if (systemCode === 'EISDIR') return 'not_a_file';
  return 'unreadable';
}

/** True when the value is an AppError (works across module copies). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The one wire shape of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/** Builds the wire shape from an AppError. */
export function toErrorBody(err: AppError): ErrorBody {
  return err.details === undefined
    ? { error: { code: err.code, message: err.message } }
    : { error: { code: err.code, message: err.message, details: err.details } };
}
