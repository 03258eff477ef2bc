// `npm run admin -- reset-password <email>`: sets a new generated password for a console user
// (printed once), clears its lockout and revokes its sessions. For the operator who lost the
// first admin's password; everything else about users happens in the console.
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { appendAudit } from '../admin-api/src/modules/audit/repo.ts';
import { BCRYPT_COST } from '../admin-api/src/modules/users/bootstrap-admin.ts';
import { generatePassword } from '../admin-api/src/modules/users/password-policy.ts';
import { cliDatabaseUrl } from './lib/database-url.ts';

const [command, email] = process.argv.slice(2);
if (command !== 'reset-password' || !email) {
  console.error('usage: npm run admin -- reset-password <email>');
  process.exit(2);
}

const client = new pg.Client({ connectionString: cliDatabaseUrl() });
await client.connect();
try {
  const password = generatePassword();
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  await client.query('BEGIN');
  const updated = await client.query<{ id: string }>(
    `UPDATE admin_users SET password_hash = $2, failed_attempts = 0, locked_until = NULL,
            password_changed_at = now(), must_change_password = true
      WHERE email = $1 RETURNING id`,
    [email, hash],
  );
  const user = updated.rows[0];
  if (!user) {
    await client.query('ROLLBACK');
    console.error(`no console user with e-mail ${email}`);
    process.exitCode = 1;
  } else {
    await client.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [user.id, hash]);
    await client.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    await appendAudit(client, {
      actorType: 'system',
      actorId: 'cli',
      actorLabel: 'npm run admin reset-password',
      entity: 'admin_user',
      entityId: user.id,
      action: 'reset_password',
      riskScore: 60,
    });
    await client.query('COMMIT');
    console.log(`new password for ${email} (shown once; the console asks to change it): ${password}`);
  }
} catch (error) {
  await client.query('ROLLBACK').catch(() => undefined);
  throw error;
} finally {
  await client.end();
}
