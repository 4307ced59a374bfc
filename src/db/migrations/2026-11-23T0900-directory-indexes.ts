import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Indexes found missing by the directory speed
// benchmark (bench/directory-speed.ts: 100,000 services, 86,000 locations, 180,000 schedules), for
// the matcher's loader and its freshness stamp. Portable: plain indexes on both databases.
export async function up(db: Kysely<any>): Promise<void> {
  // The loader pages through suggestable services in id order (`archived = 0 AND status = 'active'
  // AND id > ? ORDER BY id LIMIT n`). With (archived, status) alone SQLite read every active service
  // and sorted them for each page (~150 ms a page, 6.5 s at 100,000); with id last the page is a
  // range read in order. It replaces service_status_idx, which is its prefix.
  await db.schema.createIndex('service_status_id_idx').on('service').columns(['archived', 'status', 'id']).execute();
  await db.schema.dropIndex('service_status_idx').execute();
  // Schedules attached to a service-at-location: the loader reads them by service_at_location_id,
  // which had no index (a scan of every schedule per page).
  await db.schema.createIndex('schedule_sal_idx').on('schedule').column('service_at_location_id').execute();
  // The freshness stamp reads max(updated_at) of services and locations before matches: from the
  // index's last entry instead of a scan of the table (~100 ms at 100,000 services).
  await db.schema.createIndex('service_updated_idx').on('service').column('updated_at').execute();
  await db.schema.createIndex('location_updated_idx').on('location').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('location_updated_idx').execute();
  await db.schema.dropIndex('service_updated_idx').execute();
  await db.schema.dropIndex('schedule_sal_idx').execute();
  await db.schema.createIndex('service_status_idx').on('service').columns(['archived', 'status']).execute();
  await db.schema.dropIndex('service_status_id_idx').execute();
}
