// Whitelist files: the console writes the same document the API's export writes
// ({ version: 1, entries }, entries and param names sorted) so a file exported here, by
// GET /whitelists/export or from version control imports alike. Reading a file checks its
// shape and says, per entry, what the import will do (new / changed / unchanged) before
// anything is sent; the server then validates everything again, all or nothing.
import type { ParamSpecs } from './param-specs.ts';

export type WhitelistEntry = {
  system: string;
  action: string;
  enabled?: boolean;
  description?: string | null;
  params?: ParamSpecs;
};

export type WhitelistDocument = { version: 1; entries: WhitelistEntry[] };

export type EntryPlan = {
  index: number;
  key: string;
  outcome: 'create' | 'update' | 'unchanged' | 'invalid';
  problems: string[];
};

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

function exportEntry(e: WhitelistEntry) {
  return {
    system: e.system,
    action: e.action,
    enabled: e.enabled ?? true,
    ...(e.description ? { description: e.description } : {}),
    params: sortKeys(e.params ?? {}) as ParamSpecs,
  };
}

const entryKey = (e: { system: string; action: string }) => `${e.system.toUpperCase()}/${e.action.toUpperCase()}`;

export function buildExport(entries: readonly WhitelistEntry[]): WhitelistDocument {
  const sorted = [...entries].sort((a, b) => (entryKey(a) < entryKey(b) ? -1 : entryKey(a) > entryKey(b) ? 1 : 0));
  return { version: 1, entries: sorted.map(exportEntry) };
}

export function exportFileName(now: Date): string {
  return `chronos-whitelists-${now.toISOString().slice(0, 10)}.json`;
}

export type ParsedImport = { ok: true; entries: WhitelistEntry[] } | { ok: false; error: string };

/** The file's entries, or why it is not a whitelist file (before any per-entry check). */
export function parseImportFile(text: string): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  const entries = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object' && Array.isArray((raw as { entries?: unknown }).entries)
      ? (raw as { entries: unknown[] }).entries
      : undefined;
  if (!entries) return { ok: false, error: 'expected { "version": 1, "entries": [...] } or a list of entries' };
  if (entries.length === 0) return { ok: false, error: 'the file has no entries' };
  return { ok: true, entries: entries as WhitelistEntry[] };
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** What importing `entries` over `existing` does to each entry, and what is wrong with it. */
export function planImport(entries: readonly WhitelistEntry[], existing: readonly WhitelistEntry[]): EntryPlan[] {
  const current = new Map(existing.map((e) => [entryKey(e), JSON.stringify(sortKeys(exportEntry(e)))]));
  const seen = new Map<string, number>();
  return entries.map((entry, index) => {
    const problems: string[] = [];
    if (!entry || typeof entry !== 'object')
      return { index, key: '?', outcome: 'invalid', problems: ['not an object'] };
    if (!isText(entry.system)) problems.push('system is required');
    if (!isText(entry.action)) problems.push('action is required');
    if (
      entry.params !== undefined &&
      (entry.params === null || typeof entry.params !== 'object' || Array.isArray(entry.params))
    )
      problems.push('params must be an object');
    const key = isText(entry.system) && isText(entry.action) ? entryKey(entry) : '?';
    const first = seen.get(key);
    if (key !== '?' && first !== undefined) problems.push(`duplicates entry ${first + 1}`);
    else seen.set(key, index);
    if (problems.length) return { index, key, outcome: 'invalid', problems };
    const normalised = { ...entry, system: entry.system.toUpperCase(), action: entry.action.toUpperCase() };
    const before = current.get(key);
    const outcome =
      before === undefined
        ? 'create'
        : before === JSON.stringify(sortKeys(exportEntry(normalised)))
          ? 'unchanged'
          : 'update';
    return { index, key, outcome, problems };
  });
}

/** The server's all-or-nothing errors (`entries.3.params.x.type`) grouped by entry index. */
export function errorsByEntry(errors: Record<string, string> | undefined): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [path, message] of Object.entries(errors ?? {})) {
    const match = /^entries\.(\d+)\.?(.*)$/.exec(path);
    if (!match) continue;
    const index = Number(match[1]);
    out.set(index, [...(out.get(index) ?? []), match[2] ? `${match[2]} ${message}` : message]);
  }
  return out;
}
