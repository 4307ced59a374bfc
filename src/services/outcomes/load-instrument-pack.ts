import { AppError, conflict } from '../../domain/errors.ts';
import { canonicalJson, findBuiltInInstrument, parseInstrumentPack, usableForNewAdministrations } from '../../domain/instruments/index.ts';
import type { LoadPackResult } from '../../domain/schemas/outcomes.ts';
import { londonDate } from '../../domain/worklist.ts';
import { findInstrumentPack, insertInstrumentPack } from '../../db/repositories/outcomes/administrations.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId, sha256 } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * Installs a licensed instrument pack (docs/instrument-packs.md) after checking its shape and
 * meaning. Loading the identical pack again changes nothing; a different pack under a code and
 * version already installed is refused (publish it as a new version), so administrations always
 * keep the definition they were scored with. An invalid pack installs nothing.
 */
export async function loadInstrumentPack(deps: ServiceDeps, actor: Actor, pack: unknown): Promise<LoadPackResult> {
  return runUseCase(deps, actor, {
    permission: 'instrument:manage',
    action: 'instrument.loaded',
    entityType: 'instrument_pack',
    work: async (tx, access) => {
      const def = parseInstrumentPack(pack);
      if (findBuiltInInstrument(def.code) !== undefined) {
        throw new AppError('invalid_input', `"${def.code}" is a built-in instrument: give the pack another code`, {
          issues: [{ code: 'code_is_built_in', path: 'instrument.code', message: 'The code belongs to a built-in instrument' }],
        });
      }
      const checksum = sha256(canonicalJson(def));
      const today = londonDate(deps.clock.now());
      const result = (status: LoadPackResult['status'], id: string) => ({
        id,
        code: def.code,
        version: def.version,
        name: def.name,
        checksum,
        status,
        licenceExpiresOn: def.licence.expiresOn,
        usable: usableForNewAdministrations(def, today),
      });
      const existing = await findInstrumentPack(tx, def.code, def.version);
      if (existing !== undefined) {
        if (existing.checksum === checksum) return result('unchanged', existing.id);
        throw conflict.because('pack_installed', `A different pack is already installed as ${def.code} version ${def.version}: give this one a new version`, {
          code: def.code,
          version: def.version,
          installedChecksum: existing.checksum,
        });
      }
      const id = newId();
      await insertInstrumentPack(tx, {
        id,
        code: def.code,
        version: def.version,
        name: def.name,
        definition: JSON.stringify(def),
        licenceHolder: def.licence.holder,
        licenceExpiresOn: def.licence.expiresOn,
        checksum,
        installedAt: deps.clock.now().toISOString(),
        installedBy: access.recordedBy,
      });
      return result('installed', id);
    },
    audit: (r) => ({
      entityId: r.id,
      summary: { code: r.code, version: r.version, checksum: r.checksum, status: r.status, licenceExpiresOn: r.licenceExpiresOn },
    }),
  }).then(({ id: _id, ...rest }) => rest);
}
