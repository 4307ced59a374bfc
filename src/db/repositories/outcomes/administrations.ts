import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.ts';

// Installed instrument packs and outcome administrations. Plain portable queries (SQLite and
// PostgreSQL); JSON is stored as text and parsed by the callers that own its shape.

type Tx = Transaction<DB> | Kysely<DB>;

export interface InstrumentPackRow {
  id: string;
  code: string;
  version: string;
  name: string;
  definition: string;
  licenceHolder: string;
  licenceExpiresOn: string | null;
  checksum: string;
  installedAt: string;
  installedBy: string | null;
}

const packColumns = [
  'id',
  'code',
  'version',
  'name',
  'definition',
  'licence_holder as licenceHolder',
  'licence_expires_on as licenceExpiresOn',
  'checksum',
  'installed_at as installedAt',
  'installed_by as installedBy',
] as const;

/** Every installed pack, by code then newest install first. */
export async function listInstrumentPacks(tx: Tx): Promise<InstrumentPackRow[]> {
  return tx.selectFrom('instrument_pack').select(packColumns).orderBy('code').orderBy('installed_at', 'desc').orderBy('id', 'desc').execute();
}

/** The installed versions of one instrument, newest install first. */
export async function listInstrumentPacksByCode(tx: Tx, code: string): Promise<InstrumentPackRow[]> {
  return tx.selectFrom('instrument_pack').select(packColumns).where('code', '=', code).orderBy('installed_at', 'desc').orderBy('id', 'desc').execute();
}

export async function findInstrumentPack(tx: Tx, code: string, version: string): Promise<InstrumentPackRow | undefined> {
  return tx.selectFrom('instrument_pack').select(packColumns).where('code', '=', code).where('version', '=', version).executeTakeFirst();
}

export async function insertInstrumentPack(tx: Tx, row: InstrumentPackRow): Promise<void> {
  await tx
    .insertInto('instrument_pack')
    .values({
      id: row.id,
      code: row.code,
      version: row.version,
      name: row.name,
      definition: row.definition,
      licence_holder: row.licenceHolder,
      licence_expires_on: row.licenceExpiresOn,
      checksum: row.checksum,
      installed_at: row.installedAt,
      installed_by: row.installedBy,
    })
    .execute();
}

export interface AdministrationRow {
  id: string;
  referralId: string;
  personId: string;
  instrumentCode: string;
  instrumentVersion: string;
  timepoint: string;
  mode: string;
  administeredOn: string;
  /** JSON text: item id → value. */
  answers: string;
  /** JSON text: the ScoredAdministration. */
  scores: string;
  primaryScore: number | null;
  recordedBy: string | null;
  createdAt: string;
}

const administrationColumns = [
  'id',
  'referral_id as referralId',
  'person_id as personId',
  'instrument_code as instrumentCode',
  'instrument_version as instrumentVersion',
  'timepoint',
  'mode',
  'administered_on as administeredOn',
  'answers',
  'scores',
  'primary_score as primaryScore',
  'recorded_by as recordedBy',
  'created_at as createdAt',
] as const;

export async function insertAdministration(tx: Tx, row: AdministrationRow): Promise<void> {
  await tx
    .insertInto('outcome_administration')
    .values({
      id: row.id,
      referral_id: row.referralId,
      person_id: row.personId,
      instrument_code: row.instrumentCode,
      instrument_version: row.instrumentVersion,
      timepoint: row.timepoint,
      mode: row.mode,
      administered_on: row.administeredOn,
      answers: row.answers,
      scores: row.scores,
      primary_score: row.primaryScore,
      recorded_by: row.recordedBy,
      created_at: row.createdAt,
    })
    .execute();
}

/** A case's administrations (every instrument), oldest first. */
export async function listCaseAdministrations(tx: Tx, referralId: string): Promise<AdministrationRow[]> {
  const rows = await tx
    .selectFrom('outcome_administration')
    .select(administrationColumns)
    .where('referral_id', '=', referralId)
    .orderBy('administered_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // PostgreSQL returns `real` as a number already; keep one shape whatever the driver does.
  return rows.map((r) => ({ ...r, primaryScore: r.primaryScore === null ? null : Number(r.primaryScore) }));
}
