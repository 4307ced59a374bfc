import { AppError } from '../errors.ts';
import { instrumentDefinitionSchema, instrumentPackSchema, type InstrumentDefinition } from './definition.ts';
import { checkDefinition } from './validate-definition.ts';

/** One reason a pack was refused: a shape problem (`schema`) or a meaning problem (DEFINITION_PROBLEMS). */
export interface PackIssue {
  code: string;
  path: string;
  message: string;
}

/**
 * Validates an instrument definition from outside (a pack file, an upload): shape with zod, then
 * meaning with checkDefinition. Throws AppError('invalid_input', …, { issues }) listing every
 * problem; returns the parsed definition otherwise.
 */
export function parseInstrumentDefinition(input: unknown): InstrumentDefinition {
  return check(instrumentDefinitionSchema.safeParse(input));
}

/**
 * Validates a whole pack file (format marker + instrument) like parseInstrumentDefinition, and
 * additionally requires a licensed instrument: packs exist for licensed instruments only.
 */
export function parseInstrumentPack(input: unknown): InstrumentDefinition {
  const parsed = instrumentPackSchema.safeParse(input);
  const def = check(parsed.success ? { success: true, data: parsed.data.instrument } : parsed);
  if (def.licence.kind !== 'licensed') {
    throw new AppError('invalid_input', 'An instrument pack is for a licensed instrument', {
      issues: [{ code: 'pack_not_licensed', path: 'instrument.licence.kind', message: 'A pack must declare licence.kind "licensed"' }],
    });
  }
  return def;
}

type Parsed =
  { success: true; data: InstrumentDefinition } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };

function check(parsed: Parsed): InstrumentDefinition {
  if (!parsed.success) {
    const issues: PackIssue[] = parsed.error.issues.slice(0, 50).map((i) => ({
      code: 'schema',
      path: i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, ''),
      message: i.message,
    }));
    throw new AppError('invalid_input', 'The instrument pack does not follow the pack format', { issues });
  }
  const problems = checkDefinition(parsed.data);
  if (problems.length > 0) {
    throw new AppError('invalid_input', 'The instrument pack is not usable', { issues: problems });
  }
  return parsed.data;
}
