import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../../domain/errors.ts';
import { checkPassword, PASSWORD_PROBLEM_MESSAGES } from '../../../domain/password-policy.ts';

// Argon2id (Algorithm.Argon2id = 2; a const enum cannot be imported under isolatedModules) with
// OWASP's recommended minimum: 19 MiB memory, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password that meets the policy; otherwise answers invalid_input saying why. */
export async function hashNewPassword(password: string): Promise<string> {
  const problem = checkPassword(password);
  if (problem !== null) {
    throw new AppError('invalid_input', PASSWORD_PROBLEM_MESSAGES[problem], { fields: { password: PASSWORD_PROBLEM_MESSAGES[problem] } });
  }
  return hash(password, OPTIONS);
}

/** A real hash of a random secret, so unknown accounts cost the same time as known ones. */
let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash, still spends the time of a verification. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    dummyHash ??= hash(crypto.randomUUID(), OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
