import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. The community service directory, aligned to Open
// Referral UK 3.0 (../shared/data/oruk/spec/3.0/schemata): organisations gain ORUK fields, services
// gain ORUK fields plus Linkwork's own (capacity, waiting time, freshness, source feed, needs
// classification), and ORUK's other objects get a table each. Portable: text, integer and real
// columns only; JSON kept as text; timestamps as UTC ISO-8601 text; booleans as 0/1.
export async function up(db: Kysely<any>): Promise<void> {
  // An ORUK organization is a Linkwork organisation (kind 'vcse' when imported), so provider users
  // can be scoped to it and edit its listings.
  for (const col of ['description', 'email', 'website', 'source', 'external_id']) {
    await db.schema.alterTable('organisation').addColumn(col, 'text').execute();
  }
  await db.schema.createIndex('organisation_source_ext_idx').unique().on('organisation').columns(['source', 'external_id']).execute();

  const serviceText = [
    'source',
    'external_id',
    'url',
    'email',
    'eligibility_description',
    'fees_description',
    'application_process',
    'interpretation_services',
    'accreditations',
    'alert',
    'assured_date',
    'last_verified_at',
    'last_verified_by',
    'missing_from_source_at',
    'content_hash',
  ];
  for (const col of serviceText) await db.schema.alterTable('service').addColumn(col, 'text').execute();
  // ORUK status: active | inactive | defunct | temporarily closed
  await db.schema
    .alterTable('service')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  await db.schema.alterTable('service').addColumn('minimum_age', 'integer').execute();
  await db.schema.alterTable('service').addColumn('maximum_age', 'integer').execute();
  // Linkwork: open | waiting_list | closed
  await db.schema
    .alterTable('service')
    .addColumn('capacity', 'text', (c) => c.notNull().defaultTo('open'))
    .execute();
  await db.schema.alterTable('service').addColumn('waiting_weeks', 'integer').execute();
  // JSON: [{ need, confidence, terms: string[] }] from the classifier
  await db.schema
    .alterTable('service')
    .addColumn('classification', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // manual | classified | corrected: who decided `needs`
  await db.schema
    .alterTable('service')
    .addColumn('needs_source', 'text', (c) => c.notNull().defaultTo('manual'))
    .execute();
  await db.schema
    .alterTable('service')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('service_source_ext_idx').unique().on('service').columns(['source', 'external_id']).execute();
  await db.schema.createIndex('service_status_idx').on('service').columns(['archived', 'status']).execute();

  await db.schema
    .createTable('location')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('source', 'text')
    .addColumn('external_id', 'text')
    .addColumn('location_type', 'text', (c) => c.notNull().defaultTo('physical'))
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('url', 'text')
    .addColumn('transportation', 'text')
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('location_source_ext_idx').unique().on('location').columns(['source', 'external_id']).execute();

  await db.schema
    .createTable('address')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id'))
    .addColumn('attention', 'text')
    .addColumn('address_1', 'text', (c) => c.notNull())
    .addColumn('address_2', 'text')
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('state_province', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('address_type', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('address_location_idx').on('address').column('location_id').execute();
  await db.schema.createIndex('address_postal_idx').on('address').column('postal_code').execute();

  await db.schema
    .createTable('service_at_location')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id'))
    .addColumn('description', 'text')
    .execute();
  await db.schema.createIndex('sal_service_idx').on('service_at_location').column('service_id').execute();
  await db.schema.createIndex('sal_location_idx').on('service_at_location').column('location_id').execute();

  await db.schema
    .createTable('accessibility')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id'))
    .addColumn('description', 'text')
    .addColumn('details', 'text')
    .addColumn('url', 'text')
    .execute();
  await db.schema.createIndex('accessibility_location_idx').on('accessibility').column('location_id').execute();

  // A schedule belongs to one of service, location or service_at_location (ORUK 3.0).
  await db.schema
    .createTable('schedule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.references('service.id'))
    .addColumn('location_id', 'text', (c) => c.references('location.id'))
    .addColumn('service_at_location_id', 'text', (c) => c.references('service_at_location.id'))
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('dtstart', 'text')
    .addColumn('timezone', 'integer')
    .addColumn('until', 'text')
    .addColumn('count', 'integer')
    .addColumn('wkst', 'text')
    .addColumn('freq', 'text')
    .addColumn('interval', 'integer')
    .addColumn('byday', 'text')
    .addColumn('byweekno', 'text')
    .addColumn('bymonthday', 'text')
    .addColumn('byyearday', 'text')
    .addColumn('description', 'text')
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('schedule_link', 'text')
    .addColumn('attending_type', 'text')
    .addColumn('notes', 'text')
    .execute();
  await db.schema.createIndex('schedule_service_idx').on('schedule').column('service_id').execute();
  await db.schema.createIndex('schedule_location_idx').on('schedule').column('location_id').execute();

  // `contact` is already the casework contact log; ORUK's contact object is `service_contact`.
  await db.schema
    .createTable('service_contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('service_id', 'text', (c) => c.references('service.id'))
    .addColumn('location_id', 'text', (c) => c.references('location.id'))
    .addColumn('name', 'text')
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('email', 'text')
    .execute();
  await db.schema.createIndex('service_contact_service_idx').on('service_contact').column('service_id').execute();

  await db.schema
    .createTable('phone')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('service_id', 'text', (c) => c.references('service.id'))
    .addColumn('location_id', 'text', (c) => c.references('location.id'))
    .addColumn('contact_id', 'text', (c) => c.references('service_contact.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('extension', 'real')
    .addColumn('type', 'text')
    .addColumn('description', 'text')
    .execute();
  await db.schema.createIndex('phone_service_idx').on('phone').column('service_id').execute();
  await db.schema.createIndex('phone_organisation_idx').on('phone').column('organisation_id').execute();

  await db.schema
    .createTable('cost_option')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('option', 'text')
    .addColumn('currency', 'text')
    .addColumn('amount', 'real')
    .addColumn('amount_description', 'text')
    .execute();
  await db.schema.createIndex('cost_option_service_idx').on('cost_option').column('service_id').execute();

  await db.schema
    .createTable('service_area')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('extent', 'text')
    .addColumn('extent_type', 'text')
    .addColumn('uri', 'text')
    .execute();
  await db.schema.createIndex('service_area_service_idx').on('service_area').column('service_id').execute();

  await db.schema
    .createTable('language')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.references('service.id'))
    .addColumn('location_id', 'text', (c) => c.references('location.id'))
    .addColumn('phone_id', 'text', (c) => c.references('phone.id'))
    .addColumn('name', 'text')
    .addColumn('code', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('language_service_idx').on('language').column('service_id').execute();

  await db.schema
    .createTable('taxonomy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('uri', 'text')
    .addColumn('version', 'text')
    .execute();

  await db.schema
    .createTable('taxonomy_term')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('taxonomy_id', 'text', (c) => c.references('taxonomy.id'))
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('term_uri', 'text')
    .addColumn('language', 'text')
    .execute();
  await db.schema.createIndex('taxonomy_term_taxonomy_idx').on('taxonomy_term').column('taxonomy_id').execute();

  // ORUK attribute: links a taxonomy term to a service (link_type 'service'), location or organisation.
  await db.schema
    .createTable('attribute')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('link_type', 'text', (c) => c.notNull())
    .addColumn('link_entity', 'text', (c) => c.notNull())
    .addColumn('taxonomy_term_id', 'text', (c) => c.notNull().references('taxonomy_term.id'))
    .addColumn('value', 'text')
    .addColumn('label', 'text')
    .execute();
  await db.schema.createIndex('attribute_link_idx').on('attribute').columns(['link_entity', 'link_id']).execute();
  await db.schema.createIndex('attribute_term_idx').on('attribute').column('taxonomy_term_id').execute();

  // Curation: an edit held for a lead's approval (when so configured).
  await db.schema
    .createTable('service_edit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('service_edit_status_idx').on('service_edit').columns(['status', 'submitted_at']).execute();
  await db.schema.createIndex('service_edit_service_idx').on('service_edit').column('service_id').execute();

  // A link worker's one-click report of a problem with a listing, queued for its owner.
  await db.schema
    .createTable('service_problem')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('service_problem_service_idx').on('service_problem').columns(['service_id', 'status']).execute();

  // A match run from a case: which services were suggested, in order, so the chosen one is known.
  await db.schema
    .createTable('service_match')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.references('referral.id'))
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('result_ids', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_match_referral_idx').on('service_match').column('referral_id').execute();
  await db.schema
    .alterTable('community_referral')
    .addColumn('match_id', 'text', (c) => c.references('service_match.id'))
    .execute();
  await db.schema.alterTable('community_referral').addColumn('match_rank', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('community_referral').dropColumn('match_rank').execute();
  await db.schema.alterTable('community_referral').dropColumn('match_id').execute();
  for (const t of [
    'service_match',
    'service_problem',
    'service_edit',
    'attribute',
    'taxonomy_term',
    'taxonomy',
    'language',
    'service_area',
    'cost_option',
    'phone',
    'service_contact',
    'schedule',
    'accessibility',
    'service_at_location',
    'address',
    'location',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.dropIndex('service_status_idx').execute();
  await db.schema.dropIndex('service_source_ext_idx').execute();
  for (const col of [
    'version',
    'needs_source',
    'classification',
    'waiting_weeks',
    'capacity',
    'maximum_age',
    'minimum_age',
    'status',
    'content_hash',
    'missing_from_source_at',
    'last_verified_by',
    'last_verified_at',
    'assured_date',
    'alert',
    'accreditations',
    'interpretation_services',
    'application_process',
    'fees_description',
    'eligibility_description',
    'email',
    'url',
    'external_id',
    'source',
  ]) {
    await db.schema.alterTable('service').dropColumn(col).execute();
  }
  await db.schema.dropIndex('organisation_source_ext_idx').execute();
  for (const col of ['external_id', 'source', 'website', 'email', 'description']) {
    await db.schema.alterTable('organisation').dropColumn(col).execute();
  }
}
