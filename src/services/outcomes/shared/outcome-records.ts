import type { Clock } from '../../../domain/clock.ts';
import { AppError } from '../../../domain/errors.ts';
import {
  findBuiltInInstrument,
  instrumentDefinitionSchema,
  scoreAdministration,
  usableForNewAdministrations,
  BUILT_IN_INSTRUMENTS,
  type Answers,
  type InstrumentDefinition,
  type OutcomeMode,
  type OutcomeTimepoint,
  type ScoredAdministration,
} from '../../../domain/instruments/index.ts';
import {
  findInstrumentPack,
  insertAdministration,
  listInstrumentPacks,
  listInstrumentPacksByCode,
  type InstrumentPackRow,
} from '../../../db/repositories/outcomes/administrations.ts';
import type { Tx } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';

// Not a use case: the pieces both ways of recording an administration share (the link worker's
// form, record-outcome.ts, and the person's own link, submit-self-completion.ts), so both find
// instruments and score in exactly one way. Callers authorise and audit.

/** An installed pack's definition (validated when installed; parsed again so a damaged row fails loudly). */
export function packDefinition(row: InstrumentPackRow): InstrumentDefinition {
  const parsed = instrumentDefinitionSchema.safeParse(JSON.parse(row.definition));
  if (!parsed.success) throw new AppError('internal', 'An installed instrument pack is damaged');
  return parsed.data;
}

/**
 * The instrument with this code (and version, when given): built in first, then installed packs.
 * Without a version, the newest installed version — preferring one whose licence is valid on
 * `today` when that is given. Undefined when there is no such instrument.
 */
export async function findInstrument(tx: Tx, code: string, version?: string, today?: string): Promise<InstrumentDefinition | undefined> {
  const builtIn = findBuiltInInstrument(code);
  if (builtIn !== undefined) return version === undefined || version === builtIn.version ? builtIn : undefined;
  if (version !== undefined) {
    const row = await findInstrumentPack(tx, code, version);
    return row === undefined ? undefined : packDefinition(row);
  }
  const defs = (await listInstrumentPacksByCode(tx, code)).map(packDefinition);
  if (today !== undefined) {
    const usable = defs.find((d) => usableForNewAdministrations(d, today));
    if (usable !== undefined) return usable;
  }
  return defs[0];
}

export interface InstalledInstrument {
  definition: InstrumentDefinition;
  source: 'built_in' | 'pack';
  checksum: string | null;
  installedAt: string | null;
}

/** Every instrument: built in, then installed packs (expired ones included). */
export async function listAllInstruments(tx: Tx): Promise<InstalledInstrument[]> {
  const packs = await listInstrumentPacks(tx);
  return [
    ...BUILT_IN_INSTRUMENTS.map((definition) => ({ definition, source: 'built_in' as const, checksum: null, installedAt: null })),
    ...packs.map((row) => ({ definition: packDefinition(row), source: 'pack' as const, checksum: row.checksum, installedAt: row.installedAt })),
  ];
}

export interface AdministrationInput {
  referralId: string;
  personId: string;
  instrument: InstrumentDefinition;
  timepoint: OutcomeTimepoint;
  mode: OutcomeMode;
  /** YYYY-MM-DD */
  administeredOn: string;
  answers: Answers;
  /** The recording user; null when the person completed it themselves. */
  recordedBy: string | null;
}

export interface RecordedAdministration {
  id: string;
  referralId: string;
  personId: string;
  instrumentCode: string;
  instrumentVersion: string;
  timepoint: OutcomeTimepoint;
  mode: OutcomeMode;
  administeredOn: string;
  scores: ScoredAdministration;
  createdAt: string;
}

/**
 * Scores the answers with the instrument (AppError invalid_input on a bad answer, nothing written)
 * and stores the administration inside the caller's transaction. The caller has already checked
 * scope, permission and that the instrument's licence allows new administrations.
 */
export async function recordAdministrationTx(tx: Tx, clock: Clock, input: AdministrationInput): Promise<RecordedAdministration> {
  const scores = scoreAdministration(input.instrument, input.answers);
  const id = newId();
  const createdAt = clock.now().toISOString();
  await insertAdministration(tx, {
    id,
    referralId: input.referralId,
    personId: input.personId,
    instrumentCode: input.instrument.code,
    instrumentVersion: input.instrument.version,
    timepoint: input.timepoint,
    mode: input.mode,
    administeredOn: input.administeredOn,
    answers: JSON.stringify(input.answers),
    scores: JSON.stringify(scores),
    primaryScore: scores.primary,
    recordedBy: input.recordedBy,
    createdAt,
  });
  return {
    id,
    referralId: input.referralId,
    personId: input.personId,
    instrumentCode: input.instrument.code,
    instrumentVersion: input.instrument.version,
    timepoint: input.timepoint,
    mode: input.mode,
    administeredOn: input.administeredOn,
    scores,
    createdAt,
  };
}
