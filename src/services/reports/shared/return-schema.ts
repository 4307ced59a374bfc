import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { RETURN_SCHEMA_ID } from '../../../domain/insight/quarterly-return.ts';

/**
 * The quarterly return's JSON Schema, read from the one copy kept in the project
 * (docs/schemas/quarterly-return.v1.schema.json: what hubs and other deployments validate
 * against too) and compiled once, in strict mode so a mistake in the schema itself fails loudly.
 */
export const RETURN_SCHEMA_URL = new URL('../../../../docs/schemas/quarterly-return.v1.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const schema = JSON.parse(readFileSync(RETURN_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
  if (schema['$id'] !== RETURN_SCHEMA_ID) throw new Error('The quarterly return schema file does not carry RETURN_SCHEMA_ID');
  compiled = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
  return compiled;
}

/** Where a value breaks the schema (instance paths and the rule broken; never the values themselves), or none. */
export function returnSchemaErrors(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.keyword}: ${e.message ?? 'invalid'}`);
}
