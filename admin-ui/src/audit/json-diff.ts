// Field-level difference between an audit record's old and new JSON values, for the
// "old → new" table on the audit show page. Objects are walked key by key so a change deep
// inside (settings.value.smtp.port) is reported at its own path; arrays are compared as whole
// values, because a list such as an API key's scopes reads best as "before" and "after" and
// index-wise paths would turn one insertion into a cascade of changes.

export type DiffKind = 'added' | 'removed' | 'changed';

export type DiffEntry = {
  /** Dotted path from the root (`scopes`, `value.port`); '' when the values themselves differ. */
  path: string;
  kind: DiffKind;
  oldValue?: unknown;
  newValue?: unknown;
};

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (key order of objects does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (!(key in a) || !(key in b) || !jsonEqual(a[key], b[key])) return false;
    }
    return true;
  }
  return false;
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function walk(oldValue: unknown, newValue: unknown, path: string, out: DiffEntry[]): void {
  if (isPlainObject(oldValue) && isPlainObject(newValue)) {
    const keys = [...new Set([...Object.keys(oldValue), ...Object.keys(newValue)])].sort();
    for (const key of keys) {
      const childPath = join(path, key);
      if (!(key in newValue)) out.push({ path: childPath, kind: 'removed', oldValue: oldValue[key] });
      else if (!(key in oldValue)) out.push({ path: childPath, kind: 'added', newValue: newValue[key] });
      else walk(oldValue[key], newValue[key], childPath, out);
    }
    return;
  }
  if (!jsonEqual(oldValue, newValue)) out.push({ path, kind: 'changed', oldValue, newValue });
}

/**
 * The changes from `oldValue` to `newValue`, sorted by path. A missing side (null or
 * undefined: the record was created or deleted) makes every field of the other side added or
 * removed, so a creation lists what was set and a deletion what was lost.
 */
export function diffJson(oldValue: unknown, newValue: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  const oldMissing = oldValue === null || oldValue === undefined;
  const newMissing = newValue === null || newValue === undefined;
  if (oldMissing && newMissing) return out;
  if (oldMissing) {
    if (isPlainObject(newValue)) walk({}, newValue, '', out);
    else out.push({ path: '', kind: 'added', newValue });
    return out;
  }
  if (newMissing) {
    if (isPlainObject(oldValue)) walk(oldValue, {}, '', out);
    else out.push({ path: '', kind: 'removed', oldValue });
    return out;
  }
  walk(oldValue, newValue, '', out);
  return out;
}

/** A value as the diff table shows it: strings bare, everything else as compact JSON. */
export function formatJsonValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
