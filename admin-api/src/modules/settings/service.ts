// Settings and integrations. Non-secret fields live in `value`; secret fields as ONE JSON
// object sealed with AES-256-GCM (AAD 'settings:<id>', so a ciphertext copied to another row
// does not open). Responses and audit rows only ever say which secrets are set or changed.
import type pg from 'pg';
import { openJson, sealJson, SecretBoxError, type SealedBox } from '../../crypto/secret-box.ts';
import { withTransaction } from '../../db/pool.ts';
import type { ListQuery } from '../../http/list-query.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, fieldErrorsFromZod, HttpProblem } from '../../http/problem.ts';
import { appendAudit } from '../audit/repo.ts';
import { defaultsOf, definitionOf, SETTING_IDS, type SettingId } from './definitions.ts';
import * as repo from './repo.ts';
import type { SettingRow } from './repo.ts';
import { secretInput, type SettingDto, type SettingInput } from './schemas.ts';

type Db = pg.Pool | pg.ClientBase;
type Secrets = Record<string, string>;

const aad = (id: string) => `settings:${id}`;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function boxOf(row: SettingRow | undefined): SealedBox | undefined {
  if (!row?.secret_ciphertext || !row.secret_nonce || !row.secret_key_id) return undefined;
  return { ciphertext: row.secret_ciphertext, nonce: row.secret_nonce, keyId: row.secret_key_id };
}

/** The stored secrets, {} when none; `readable` false when sealed with another key. */
function openSecrets(key: Buffer, row: SettingRow | undefined): { secrets: Secrets; readable: boolean } {
  const box = boxOf(row);
  if (!box) return { secrets: {}, readable: true };
  try {
    return { secrets: openJson<Secrets>(key, box, aad(row!.id)), readable: true };
  } catch (error) {
    if (error instanceof SecretBoxError) return { secrets: {}, readable: false };
    throw error;
  }
}

function toDto(id: SettingId, row: SettingRow | undefined, key: Buffer): SettingDto {
  const definition = definitionOf(id);
  const { secrets, readable } = openSecrets(key, row);
  // A stored value is re-read through the schema so fields added later show their defaults.
  const parsed = definition.value.safeParse(row?.value ?? {});
  return {
    id,
    category: definition.category,
    description: definition.description,
    value: parsed.success ? parsed.data : { ...defaultsOf(id), ...row?.value },
    secrets: Object.fromEntries(
      definition.secrets.map((name) => [
        name,
        { set: readable ? Object.hasOwn(secrets, name) : boxOf(row) !== undefined },
      ]),
    ),
    secrets_readable: readable,
    stored: row !== undefined,
    secret_updated_at: iso(row?.secret_updated_at),
    updated_by: row?.updated_by ?? null,
    created_at: iso(row?.created_at),
    updated_at: iso(row?.updated_at),
  };
}

const auditView = (dto: SettingDto) => ({
  value: dto.value,
  secrets_set: Object.keys(dto.secrets).filter((n) => dto.secrets[n]!.set),
});

export async function get(db: Db, key: Buffer, id: SettingId): Promise<SettingDto> {
  return toDto(id, await repo.getSetting(db, id), key);
}

/** Every known setting (defaults for those never saved), filtered, sorted and paged in memory. */
export async function list(db: Db, key: Buffer, query: ListQuery): Promise<{ rows: SettingDto[]; total: number }> {
  const rows = new Map((await repo.allSettings(db, SETTING_IDS)).map((r) => [r.id, r]));
  let all = SETTING_IDS.map((id) => toDto(id, rows.get(id), key));
  const { q, id: ids, category } = query.filter as { q?: string; id?: string[]; category?: string };
  if (q) all = all.filter((s) => `${s.id} ${s.category} ${s.description}`.toLowerCase().includes(q.toLowerCase()));
  if (ids) all = all.filter((s) => ids.includes(s.id));
  if (category) all = all.filter((s) => s.category === category);
  const [field, order] = query.sort;
  const sign = order === 'ASC' ? 1 : -1;
  all.sort(
    (a, b) =>
      sign * String(a[field as keyof SettingDto] ?? '').localeCompare(String(b[field as keyof SettingDto] ?? '')),
  );
  return { rows: all.slice(query.range[0], query.range[1] + 1), total: all.length };
}

/** Validates the body for setting `id`; errors keyed `value.port`, `secrets.password`. */
function parseInput(id: SettingId, body: SettingInput) {
  const definition = definitionOf(id);
  const errors: Record<string, string> = {};
  const value = definition.value.safeParse(body.value);
  if (!value.success) Object.assign(errors, fieldErrorsFromZod(value.error, 'value'));
  const changes: Record<string, string | undefined> = {};
  for (const [name, raw] of Object.entries(body.secrets)) {
    if (!definition.secrets.includes(name)) continue; // unknown keys are ignored like other PUT extras
    const parsed = secretInput.safeParse(raw);
    if (!parsed.success) errors[`secrets.${name}`] = parsed.error.issues[0]?.message ?? 'is invalid';
    else if (typeof parsed.data === 'string') changes[name] = parsed.data; // '' clears
  }
  const fields = Object.keys(errors);
  if (fields.length)
    throw badRequest(
      fields.length === 1 ? `${fields[0]}: ${errors[fields[0]!]}` : `${fields.length} fields are invalid`,
      errors,
    );
  return { value: value.data as Record<string, unknown>, changes };
}

async function save(
  pool: pg.Pool,
  key: Buffer,
  id: SettingId,
  body: SettingInput,
  actor: AuditActor,
  mode: 'create' | 'upsert',
): Promise<SettingDto> {
  const { value, changes } = parseInput(id, body);
  return withTransaction(pool, async (client) => {
    const row = await repo.getSetting(client, id, true);
    if (row && mode === 'create')
      throw new HttpProblem(409, 'Conflict', {
        detail: `setting ${id} already exists`,
        errors: { id: 'already exists: update it instead' },
      });
    const before = toDto(id, row, key);
    const stored = openSecrets(key, row);
    const changed = Object.keys(changes).filter((n) =>
      changes[n] ? stored.secrets[n] !== changes[n] : Object.hasOwn(stored.secrets, n),
    );
    if (!stored.readable && changed.length > 0) {
      // Secrets sealed with another key cannot be partly kept: all must be given anew.
      const kept = definitionOf(id).secrets.filter((n) => !(n in changes));
      if (kept.length)
        throw badRequest(
          'the stored secrets were encrypted with another key; enter every secret again',
          Object.fromEntries(kept.map((n) => [`secrets.${n}`, 'must be entered again'])),
        );
    }
    let box: SealedBox | null | undefined;
    if (changed.length) {
      const next: Secrets = stored.readable ? { ...stored.secrets } : {};
      for (const [name, secret] of Object.entries(changes)) {
        if (secret) next[name] = secret;
        else delete next[name];
      }
      box = Object.keys(next).length ? sealJson(key, next, aad(id)) : null;
    }
    const definition = definitionOf(id);
    await repo.upsertSetting(
      client,
      {
        id,
        category: definition.category,
        description: definition.description,
        value,
        updatedBy: actor.actorLabel ?? null,
      },
      box,
    );
    const after = toDto(id, await repo.getSetting(client, id), key);
    await appendAudit(client, {
      ...actor,
      entity: 'setting',
      entityId: id,
      action: row ? 'update' : 'create',
      oldValue: row ? auditView(before) : null,
      newValue: auditView(after),
      details: changed.length ? { secrets_changed: changed.sort() } : null,
      riskScore: changed.length ? 40 : 20,
    });
    return after;
  });
}

export const create = (pool: pg.Pool, key: Buffer, id: SettingId, body: SettingInput, actor: AuditActor) =>
  save(pool, key, id, body, actor, 'create');
export const update = (pool: pg.Pool, key: Buffer, id: SettingId, body: SettingInput, actor: AuditActor) =>
  save(pool, key, id, body, actor, 'upsert');

/** Deletes the stored row (secrets included): the setting reads as its defaults again. */
export async function reset(pool: pg.Pool, key: Buffer, id: SettingId, actor: AuditActor): Promise<SettingDto> {
  return withTransaction(pool, async (client) => {
    const row = await repo.getSetting(client, id, true);
    const before = toDto(id, row, key);
    if (row) {
      await repo.deleteSetting(client, id);
      await appendAudit(client, {
        ...actor,
        entity: 'setting',
        entityId: id,
        action: 'delete',
        oldValue: auditView(before),
        riskScore: 30,
      });
    }
    return before;
  });
}

/**
 * For mail, Telegram, backup code inside the process: the setting with its secrets in clear.
 * Never expose this over HTTP. Throws when the secrets cannot be decrypted (wrong key).
 */
export async function getSettingWithSecrets(
  db: Db,
  key: Buffer,
  id: SettingId,
): Promise<{ id: SettingId; value: Record<string, unknown>; secrets: Secrets; stored: boolean }> {
  const row = await repo.getSetting(db, id);
  const box = boxOf(row);
  const secrets = box ? openJson<Secrets>(key, box, aad(id)) : {};
  return { id, value: toDto(id, row, key).value, secrets, stored: row !== undefined };
}
