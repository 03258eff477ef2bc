// Subscriptions: webhook receivers (mostly Chronos Trigger nodes) and their signing secrets.
//
// Secrets are sealed with AES-256-GCM bound to the row ('subscriptions:<id>'), shown once (on
// create and rotation, like API keys) and otherwise only as "set"; audit rows never contain
// them. Every change is written together with its audit row in one transaction.
//
// POST is an upsert on url (`register`): the Chronos Trigger node registers its webhook URL on
// every activation, also after a crash that skipped the deactivation, so "already there" must
// be a success that hands back the existing id, not a 409 forcing a lookup and a PUT. A
// re-registration replaces event_types, description and active (turning it back on clears
// disabled_reason and the failure streak) and the secret only when one is given; without one
// the stored secret is kept and NOT returned — a caller that lost it rotates it instead, so a
// second caller cannot read an existing receiver's secret by re-registering its url.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { generateSecret } from '../../../../shared/standard-webhooks.ts';
import { open, seal, SecretBoxError, type SealedBox } from '../../crypto/secret-box.ts';
import { withTransaction } from '../../db/pool.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { AuditActor, Principal } from '../../http/principal.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import * as repo from './repo.ts';
import type { SubscriptionFields, SubscriptionRow } from './repo.ts';
import type {
  CreateSubscriptionInput,
  SubscriptionDto,
  SubscriptionWithSecret,
  UpdateSubscriptionInput,
} from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;

const aad = (id: string) => `subscriptions:${id}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDto(row: SubscriptionRow): SubscriptionDto {
  return {
    id: row.id,
    url: row.url,
    event_types: row.event_types,
    description: row.description,
    active: row.active,
    disabled_reason: row.disabled_reason,
    secret: 'set',
    consecutive_failures: row.consecutive_failures,
    last_success_at: iso(row.last_success_at),
    last_failure_at: iso(row.last_failure_at),
    created_by: row.created_by,
    api_key_id: row.api_key_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audited view: the configuration, never the secret nor delivery statistics. */
const auditView = (dto: SubscriptionDto) => ({
  url: dto.url,
  event_types: dto.event_types,
  description: dto.description,
  active: dto.active,
  disabled_reason: dto.disabled_reason,
});

function urlTaken(error: unknown, url: string): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'subscriptions_url_key')
    throw new HttpProblem(409, 'Conflict', {
      detail: `another subscription already uses ${url}`,
      errors: { url: 'is already used by another subscription' },
    });
  throw error;
}

export async function getOrThrow(db: Db, id: string, forUpdate = false): Promise<SubscriptionRow> {
  const row = await repo.getSubscription(db, id, forUpdate);
  if (!row) throw notFound(`no subscription with id ${id}`);
  return row;
}

export async function list(db: Db, query: ListQuery): Promise<{ rows: SubscriptionDto[]; total: number }> {
  const { rows, total } = await repo.listSubscriptions(db, query);
  return { rows: rows.map(toDto), total };
}

/** disabled_reason after a change of `active` by a person or key (kept when unchanged). */
function reasonFor(active: boolean, before: SubscriptionRow | undefined, actor: AuditActor): string | null {
  if (active) return null;
  if (before && !before.active) return before.disabled_reason;
  return `turned off by ${actor.actorLabel ?? actor.actorType}`;
}

/** POST /api/v1/subscriptions: create, or re-register an existing url (see the file comment). */
export async function register(
  pool: pg.Pool,
  key: Buffer,
  input: CreateSubscriptionInput,
  actor: AuditActor,
  principal: Principal,
): Promise<SubscriptionWithSecret> {
  return withTransaction(pool, async (client) => {
    const id = randomUUID();
    const secret = input.secret ?? generateSecret();
    const fields: SubscriptionFields = {
      url: input.url,
      eventTypes: input.event_types,
      description: input.description,
      active: input.active,
      disabledReason: reasonFor(input.active, undefined, actor),
    };
    const inserted = await repo.insertIfNewUrl(client, id, fields, seal(key, secret, aad(id)), {
      createdBy: actor.actorLabel,
      apiKeyId: principal.type === 'api_key' ? principal.id : null,
    });
    if (inserted) {
      const created = toDto(await getOrThrow(client, id));
      await appendAudit(client, {
        ...actor,
        entity: 'subscription',
        entityId: id,
        action: 'create',
        newValue: auditView(created),
      });
      return { ...created, secret, created: true };
    }
    // The url exists (ON CONFLICT waited for a concurrent creator to commit, so it is visible).
    const existing = await repo.getByUrl(client, input.url);
    if (!existing) throw new Error(`subscription for ${input.url} vanished during registration`);
    const before = toDto(existing);
    await repo.updateSubscription(client, existing.id, {
      ...fields,
      disabledReason: reasonFor(input.active, existing, actor),
    });
    if (input.secret) await repo.setSecret(client, existing.id, seal(key, input.secret, aad(existing.id)));
    const after = toDto(await getOrThrow(client, existing.id));
    await appendAudit(client, {
      ...actor,
      entity: 'subscription',
      entityId: existing.id,
      action: 'register',
      oldValue: auditView(before),
      newValue: auditView(after),
      details: { secret_replaced: Boolean(input.secret) },
    });
    return { ...after, secret: input.secret ?? 'set', created: false };
  });
}

export async function update(
  pool: pg.Pool,
  id: string,
  input: UpdateSubscriptionInput,
  actor: AuditActor,
): Promise<SubscriptionDto> {
  return withTransaction(pool, async (client) => {
    const row = await getOrThrow(client, id, true);
    const before = toDto(row);
    await repo
      .updateSubscription(client, id, {
        url: input.url,
        eventTypes: input.event_types,
        description: input.description,
        active: input.active,
        disabledReason: reasonFor(input.active, row, actor),
      })
      .catch((e: unknown) => urlTaken(e, input.url));
    const after = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'subscription',
      entityId: id,
      action: 'update',
      oldValue: auditView(before),
      newValue: auditView(after),
    });
    return after;
  });
}

/** A new secret (given or generated), effective for the next delivery; returned this once. */
export async function rotateSecret(
  pool: pg.Pool,
  key: Buffer,
  id: string,
  given: string | undefined,
  actor: AuditActor,
): Promise<SubscriptionWithSecret> {
  return withTransaction(pool, async (client) => {
    await getOrThrow(client, id, true);
    const secret = given ?? generateSecret();
    await repo.setSecret(client, id, seal(key, secret, aad(id)));
    const after = toDto(await getOrThrow(client, id));
    await appendAudit(client, {
      ...actor,
      entity: 'subscription',
      entityId: id,
      action: 'rotate_secret',
      newValue: auditView(after),
      details: { generated: given === undefined },
      riskScore: 20,
    });
    return { ...after, secret, created: false };
  });
}

/** Deletes; its pending outbox rows keep existing with subscription_id NULL (the relay cancels them). */
export async function remove(pool: pg.Pool, id: string, actor: AuditActor): Promise<SubscriptionDto> {
  return withTransaction(pool, async (client) => {
    const before = toDto(await getOrThrow(client, id, true));
    await repo.deleteSubscription(client, id);
    await appendAudit(client, {
      ...actor,
      entity: 'subscription',
      entityId: id,
      action: 'delete',
      oldValue: auditView(before),
    });
    return before;
  });
}

export type DeliveryTarget =
  | { found: false }
  | { found: true; id: string; url: string; active: boolean; secret: string }
  | { found: true; id: string; url: string; active: boolean; secret: undefined; error: string };

/**
 * The url, state and decrypted secret of a subscription, for signing deliveries and checking
 * callbacks. A secret sealed with another key (or tampered with) comes back as `error`.
 */
export async function deliveryTarget(db: Db, key: Buffer, id: string): Promise<DeliveryTarget> {
  const row = await repo.getSecretRow(db, id);
  if (!row) return { found: false };
  const base = { found: true as const, id: row.id, url: row.url, active: row.active };
  try {
    return { ...base, secret: open(key, row.box as SealedBox, aad(row.id)).toString('utf8') };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    return { ...base, secret: undefined, error: `the signing secret cannot be decrypted (${error.message})` };
  }
}
