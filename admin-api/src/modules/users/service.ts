// Console users: create, update, delete, unlock. Each change and its audit row are one
// transaction. Two invariants are guarded here: nobody deletes their own account, and the
// last admin can be neither deleted nor demoted (the console would be unmanageable).
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, conflict, HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { isLocked } from './lockout.ts';
import { hashPassword, policyErrors } from './passwords.ts';
import * as repo from './repo.ts';
import type { UserRecord } from './repo.ts';
import type { CreateUserInput, UpdateUserInput, UserDto } from './schemas.ts';

// Same advisory lock as the first-admin bootstrap: every change to the set of admins is
// serialised, so two concurrent demotions cannot both see "another admin remains".
const ADMINS_LOCK = 7420260003;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDto(record: UserRecord): UserDto {
  return {
    id: record.id,
    email: record.email,
    display_name: record.display_name,
    role: record.role,
    must_change_password: record.must_change_password,
    locked: isLocked(record.locked_until),
    failed_attempts: record.failed_attempts,
    locked_until: iso(record.locked_until),
    last_login_at: iso(record.last_login_at),
    last_login_ip: record.last_login_ip,
    password_changed_at: record.password_changed_at.toISOString(),
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}

/** The audited view of a user: identity and role, never a hash. */
const auditView = (dto: UserDto) => ({ email: dto.email, display_name: dto.display_name, role: dto.role });
const riskOf = (role: string) => (role === 'admin' ? 50 : 20);

export async function getOrThrow(db: pg.Pool | pg.ClientBase, id: string, forUpdate = false): Promise<UserRecord> {
  const record = await repo.getUser(db, id, forUpdate);
  if (!record) throw notFound(`no user with id ${id}`);
  return record;
}

const emailInUse = (email: string) =>
  new HttpProblem(409, 'Conflict', {
    detail: `a user with the e-mail ${email} already exists`,
    errors: { email: 'is already used by another user' },
  });

export async function create(pool: pg.Pool, body: CreateUserInput, actor: AuditActor): Promise<UserDto> {
  const weak = policyErrors('password', body.password);
  if (weak) throw badRequest(`password: ${weak.password}`, weak);
  // Hash before the transaction: ~0.3 s of CPU should not hold locks.
  const passwordHash = await hashPassword(body.password);
  return withTransaction(pool, async (client) => {
    if (await repo.emailTaken(client, body.email)) throw emailInUse(body.email);
    const created = toDto(
      await repo.insertUser(client, {
        email: body.email,
        displayName: body.display_name ?? null,
        role: body.role,
        passwordHash,
        mustChangePassword: body.must_change_password,
      }),
    );
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: created.id,
      action: 'create',
      newValue: auditView(created),
      riskScore: riskOf(body.role),
    });
    return created;
  });
}

export async function update(pool: pg.Pool, id: string, body: UpdateUserInput, actor: AuditActor): Promise<UserDto> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ADMINS_LOCK]);
    const before = toDto(await getOrThrow(client, id, true));
    if (before.role === 'admin' && body.role !== 'admin' && (await repo.countAdmins(client)) <= 1) {
      throw conflict('this is the last admin: make another user admin first');
    }
    if (await repo.emailTaken(client, body.email, id)) throw emailInUse(body.email);
    const after = toDto(
      (await repo.updateUser(client, id, {
        email: body.email,
        displayName: body.display_name ?? null,
        role: body.role,
      }))!,
    );
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
      riskScore: before.role !== after.role ? 60 : riskOf(after.role),
    });
    return after;
  });
}

export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<UserDto> {
  if (actor.actorType === 'user' && actor.actorId === id) throw conflict('you cannot delete your own account');
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ADMINS_LOCK]);
    const before = toDto(await getOrThrow(client, id, true));
    if (before.role === 'admin' && (await repo.countAdmins(client)) <= 1) {
      throw conflict('this is the last admin and cannot be deleted');
    }
    // Sessions and password history go with the user (ON DELETE CASCADE); audit rows stay.
    await repo.deleteUser(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
      riskScore: riskOf(before.role),
    });
    return before;
  });
}

export async function unlock(pool: pg.Pool, id: string, actor: AuditActor): Promise<UserDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.unlockUser(client, id);
    const after = toDto((await repo.getUser(client, id))!);
    await appendAudit(client, {
      ...actor,
      entity: 'admin_user',
      entityId: id,
      action: 'unlock',
      oldValue: { failed_attempts: before.failed_attempts, locked_until: before.locked_until },
      newValue: { failed_attempts: 0, locked_until: null },
      riskScore: 40,
    });
    return after;
  });
}
