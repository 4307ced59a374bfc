import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Casework: the person in full, referrals and the
// case lifecycle, the "what matters" conversation, plans, contacts, community referrals,
// GP-record entries, unmet need and notifications. Portable types only; JSON is stored as text.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of [
    ['sex', 'text'],
    ['gender_identity', 'text'],
    ['ethnic_category', 'text'],
    ['phone', 'text'],
    ['email', 'text'],
    ['contact_preferences', 'text'],
    ['communication_needs', 'text'],
    ['name_folded', 'text'],
    ['merged_into_id', 'text'],
  ] as const) {
    await db.schema.alterTable('person').addColumn(name, type).execute();
  }
  await db.schema.createIndex('person_name_folded_idx').on('person').column('name_folded').execute();
  await db.schema.createIndex('person_dob_idx').on('person').column('date_of_birth').execute();

  await db.schema
    .createTable('person_address')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('line1', 'text')
    .addColumn('line2', 'text')
    .addColumn('town', 'text')
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_address_person_idx').on('person_address').column('person_id').execute();

  // A referral and the case it becomes: one row carries the lifecycle from referred to discharged.
  await db.schema
    .createTable('referral')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('referrer_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('referrer_org_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('referrer_contact', 'text')
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('reason_text', 'text')
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('consent_given', 'integer', (c) => c.notNull())
    .addColumn('consent_recorded_at', 'text')
    .addColumn('safeguarding', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('risk_text', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('link_worker_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('allocated_at', 'text')
    .addColumn('first_contact_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('contact_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sharing_choice', 'text')
    .addColumn('next_review_on', 'text')
    .addColumn('last_contact_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('referral_status_idx').on('referral').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('referral_lw_idx').on('referral').columns(['link_worker_id', 'status']).execute();
  await db.schema.createIndex('referral_practice_idx').on('referral').columns(['practice_id', 'status']).execute();
  await db.schema.createIndex('referral_person_idx').on('referral').column('person_id').execute();
  await db.schema.createIndex('referral_referrer_idx').on('referral').column('referrer_user_id').execute();

  // The case timeline: every status change and significant step, coded (no free text).
  await db.schema
    .createTable('case_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_event_referral_idx').on('case_event').columns(['referral_id', 'at']).execute();

  await db.schema
    .createTable('contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer')
    .addColumn('successful', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_referral_idx').on('contact').columns(['referral_id', 'at']).execute();

  await db.schema
    .createTable('conversation')
    .addColumn('referral_id', 'text', (c) => c.primaryKey().references('referral.id'))
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('strengths', 'text')
    .addColumn('interests', 'text')
    .addColumn('barriers', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // Every version of a plan is kept; the highest version is current.
  await db.schema
    .createTable('plan_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('goals', 'text', (c) => c.notNull())
    .addColumn('review_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_version_unique', ['referral_id', 'version'])
    .execute();

  await db.schema
    .createTable('gp_record_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_on', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text')
    .addColumn('filed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gp_record_entry_practice_idx').on('gp_record_entry').columns(['practice_id', 'filed_at']).execute();

  // Minimal community services until the directory lands (it will extend this table).
  await db.schema
    .createTable('service')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('takes_referrals', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_org_idx').on('service').column('organisation_id').execute();

  await db.schema
    .createTable('community_referral')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('need', 'text')
    .addColumn('reason_text', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('community_referral_referral_idx').on('community_referral').column('referral_id').execute();
  await db.schema.createIndex('community_referral_service_idx').on('community_referral').columns(['service_id', 'status']).execute();

  await db.schema
    .createTable('unmet_need')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('need', 'text', (c) => c.notNull())
    .addColumn('lsoa', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('referral_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_user_idx').on('notification').columns(['user_id', 'read_at']).execute();

  // What the notifier would send (the default adapter only records it).
  await db.schema
    .createTable('outbound_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('referral_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'outbound_message',
    'notification',
    'unmet_need',
    'community_referral',
    'service',
    'gp_record_entry',
    'plan_version',
    'conversation',
    'contact',
    'case_event',
    'referral',
    'person_address',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
