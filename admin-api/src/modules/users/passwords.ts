// Password checks shared by user creation, login and password change: the SPEC rule as
// field-level errors, bcrypt (cost 12) hashing, and the "not one of the last 5" rule.
import bcrypt from 'bcryptjs';
import type { FieldErrors } from '../../http/problem.ts';
import { BCRYPT_COST } from './bootstrap-admin.ts';
import { describePasswordProblems, passwordProblems } from './password-policy.ts';

export const PASSWORD_HISTORY_DEPTH = 5;

// Compared against when the e-mail is unknown, so "no such user" takes as long as "wrong
// password" and response times do not reveal which addresses have accounts.
const DUMMY_HASH = '$2b$12$kItynWLj0b5NV1gX9kO8/e9.7TW1A/Yhv3e56aXGkSZo.dBrkIwOi';

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);

export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return matches && hash !== undefined;
}

/** `{ [field]: "the password needs …" }` when the password breaks the rule, else undefined. */
export function policyErrors(field: string, password: string): FieldErrors | undefined {
  const problems = passwordProblems(password);
  return problems.length ? { [field]: describePasswordProblems(problems) } : undefined;
}

/** True when `password` matches any of the given (recent) hashes. */
export async function matchesAny(password: string, hashes: string[]): Promise<boolean> {
  for (const hash of hashes) if (await bcrypt.compare(password, hash)) return true;
  return false;
}
