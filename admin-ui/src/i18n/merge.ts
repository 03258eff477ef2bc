// Deep merge of message trees: each resource folder ships its own messages (i18n.ts) and the
// locale files combine them with react-admin's own, so no one edits one giant file.
export type Messages = { [key: string]: string | Messages };

export function mergeMessages(...trees: Messages[]): Messages {
  const out: Messages = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const current = out[key];
      out[key] = typeof value === 'object' && typeof current === 'object' ? mergeMessages(current, value) : value;
    }
  }
  return out;
}

/** Dotted keys present in `reference` but missing in `candidate` (a test keeps de complete). */
export function missingKeys(reference: Messages, candidate: Messages, prefix = ''): string[] {
  const missing: string[] = [];
  for (const [key, value] of Object.entries(reference)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const other = candidate[key];
    if (other === undefined) missing.push(path);
    else if (typeof value === 'object') {
      if (typeof other !== 'object') missing.push(path);
      else missing.push(...missingKeys(value, other, path));
    }
  }
  return missing;
}
