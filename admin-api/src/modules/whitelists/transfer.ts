// Export and import of the whole whitelist as YAML or JSON. Export is stable (sorted entries,
// sorted param names) so that export → import(replace) → export gives identical text and
// files diff cleanly in version control. Import is all-or-nothing: every entry is validated
// first (errors keyed like `entries.3.params.count.type`), then all writes and their audit
// rows happen in one transaction.
import type pg from 'pg';
import YAML from 'yaml';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor } from '../../http/principal.ts';
import { badRequest, fieldErrorsFromZod } from '../../http/problem.ts';
import { appendAudit, type AuditEntry } from '../audit/repo.ts';
import * as repo from './repo.ts';
import { importDocument, type ImportInput, type WhitelistInput } from './schemas.ts';
import { auditView } from './service.ts';

type Entry = WhitelistInput;

/** Copies a value with object keys sorted at every level. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function exportEntry(e: Entry) {
  return {
    system: e.system,
    action: e.action,
    enabled: e.enabled,
    ...(e.description ? { description: e.description } : {}),
    params: sortKeys(e.params),
  };
}

export async function exportWhitelists(db: pg.Pool | pg.ClientBase, format: 'yaml' | 'json'): Promise<string> {
  const entries = (await repo.allEntries(db)).map(exportEntry);
  const doc = { version: 1, entries };
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : YAML.stringify(doc);
}

function parseContent(format: 'yaml' | 'json', content: string): unknown {
  try {
    if (format === 'json') return JSON.parse(content);
    // Duplicate keys are an error rather than "last wins": an import must mean one thing.
    return YAML.parse(content, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw badRequest(`content is not valid ${format.toUpperCase()}: ${message}`, {
      content: `is not valid ${format.toUpperCase()}: ${message}`,
    });
  }
}

/** Parses and validates an import; throws a 400 with every offending entry field. */
export function parseImport(format: 'yaml' | 'json', content: string): Entry[] {
  const raw = parseContent(format, content);
  const parsed = importDocument.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrorsFromZod(parsed.error);
    // A union failure reports under `root`; an object with `entries` is what we document.
    if (errors.root && raw && typeof raw === 'object' && !Array.isArray(raw) && 'entries' in raw) {
      const again = importDocument.options[0].safeParse(raw);
      if (!again.success) Object.assign(errors, fieldErrorsFromZod(again.error));
      delete errors.root;
    }
    throw badRequest(`the import has ${Object.keys(errors).length} invalid field(s)`, errors);
  }
  const entries = parsed.data.entries;
  const seen = new Map<string, number>();
  const errors: Record<string, string> = {};
  entries.forEach((e, i) => {
    const key = `${e.system}/${e.action}`;
    const first = seen.get(key);
    if (first !== undefined) errors[`entries.${i}.action`] = `duplicates entries.${first} (${key})`;
    else seen.set(key, i);
  });
  if (Object.keys(errors).length) throw badRequest('the import lists an entry twice', errors);
  return entries;
}

const same = (a: Entry, b: Entry) =>
  JSON.stringify(sortKeys(exportEntry(a))) === JSON.stringify(sortKeys(exportEntry(b)));

export type ImportCounts = { created: number; updated: number; deleted: number; unchanged: number };

export async function importWhitelists(pool: pg.Pool, input: ImportInput, actor: AuditActor): Promise<ImportCounts> {
  const entries = parseImport(input.format, input.content);
  return withTransaction(pool, async (client) => {
    // Concurrent edits would make the counts (and a replace) wrong: hold writers off meanwhile.
    await client.query('LOCK TABLE whitelists IN SHARE ROW EXCLUSIVE MODE');
    const existing = new Map((await repo.allEntries(client)).map((row) => [`${row.system}/${row.action}`, row]));
    const audits: AuditEntry[] = [];
    const counts: ImportCounts = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
    const details = { import: input.mode };
    for (const entry of entries) {
      const key = `${entry.system}/${entry.action}`;
      const row = existing.get(key);
      existing.delete(key);
      if (!row) {
        const id = await repo.insertWhitelist(client, entry);
        audits.push({
          ...actor,
          entity: 'whitelist',
          entityId: id,
          action: 'create',
          newValue: auditView(entry),
          details,
        });
        counts.created++;
      } else if (!same(row, entry)) {
        await repo.updateWhitelist(client, row.id, entry);
        audits.push({
          ...actor,
          entity: 'whitelist',
          entityId: row.id,
          action: 'update',
          oldValue: auditView(row),
          newValue: auditView(entry),
          details,
        });
        counts.updated++;
      } else counts.unchanged++;
    }
    if (input.mode === 'replace') {
      for (const row of existing.values()) {
        await repo.deleteWhitelist(client, row.id);
        audits.push({
          ...actor,
          entity: 'whitelist',
          entityId: row.id,
          action: 'delete',
          oldValue: auditView(row),
          details,
        });
        counts.deleted++;
      }
    }
    // Audit rows last: audit_append holds the chain lock until COMMIT.
    for (const audit of audits) await appendAudit(client, { riskScore: 30, ...audit });
    return counts;
  });
}
