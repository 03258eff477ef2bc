// The first admin, created at setup when no admin exists yet: from CHRONOS_ADMIN_EMAIL /
// CHRONOS_ADMIN_PASSWORD, or with a generated password that the caller prints once (it is
// stored only as a bcrypt hash). Idempotent: with an admin in place it changes nothing.
import bcrypt from 'bcryptjs';
import type pg from 'pg';
import { appendAudit } from '../audit/repo.ts';
import { describePasswordProblems, generatePassword, passwordProblems } from './password-policy.ts';

export const BCRYPT_COST = 12;
export const DEFAULT_ADMIN_EMAIL = 'admin@chronos.local';

export type BootstrapResult = { created: boolean; email: string; generatedPassword?: string };

export async function bootstrapFirstAdmin(
  client: pg.ClientBase,
  input: { email?: string | undefined; password?: string | undefined },
): Promise<BootstrapResult> {
  const email = (input.email?.trim() || DEFAULT_ADMIN_EMAIL).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`CHRONOS_ADMIN_EMAIL "${email}" is not an e-mail address`);
  if (input.password) {
    const problems = passwordProblems(input.password);
    if (problems.length) throw new Error(`CHRONOS_ADMIN_PASSWORD is too weak: ${describePasswordProblems(problems)}`);
  }
  await client.query('BEGIN');
  try {
    // Serialise concurrent bootstraps (two replicas starting at once).
    await client.query('SELECT pg_advisory_xact_lock(7420260003)');
    const existing = await client.query<{ email: string }>(
      `SELECT email FROM admin_users WHERE role = 'admin' ORDER BY created_at LIMIT 1`,
    );
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return { created: false, email: existing.rows[0].email };
    }
    const password = input.password || generatePassword();
    const hash = await bcrypt.hash(password, BCRYPT_COST);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO admin_users (email, password_hash, role, display_name, must_change_password) VALUES ($1, $2, 'admin', 'Administrator', $3) RETURNING id`,
      [email, hash, !input.password],
    );
    const id = inserted.rows[0]!.id;
    await client.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [id, hash]);
    await appendAudit(client, {
      actorType: 'system',
      actorId: 'setup',
      actorLabel: 'first-admin bootstrap',
      entity: 'admin_user',
      entityId: id,
      action: 'create',
      newValue: { email, role: 'admin' },
      riskScore: 30,
    });
    await client.query('COMMIT');
    return { created: true, email, ...(input.password ? {} : { generatedPassword: password }) };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
