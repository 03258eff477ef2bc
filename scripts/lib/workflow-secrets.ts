// Secrets must never be in a versioned workflow: credentials are referenced by id and name
// (the import maps them to the instance's own), and everything else that authenticates comes
// from a credential or an expression. These are the shapes a pasted secret usually has.

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/chronos_(?:standard|high|ingest)_[0-9A-Za-z]{8,}/, 'a Chronos API key or ingest token'],
  [/whsec_[A-Za-z0-9+/=_-]{8,}/, 'a webhook signing secret (whsec_…)'],
  [/\bBearer\s+[A-Za-z0-9._~+/-]{8,}/i, 'a bearer token'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./, 'a JSON Web Token'],
  [/\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/, 'a Telegram bot token'],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'a password in a URL'],
];

/** Parameter or header names whose literal value would be a secret. */
const SECRET_NAME =
  /^(?:pass(?:word)?|passwd|secret|client_?secret|api[_-]?key|access[_-]?token|auth(?:orization)?|token|x-api-key|x-n8n-api-key)$/i;

const isExpression = (value: string) => value.startsWith('=') || value.includes('{{');

/** What looks like a secret in one string, or undefined. */
export function secretIn(value: string): string | undefined {
  for (const [pattern, what] of SECRET_PATTERNS) if (pattern.test(value)) return what;
  return undefined;
}

/**
 * Secrets in a node's parameters: any string shaped like a secret, a literal value under a
 * secret-sounding key, and a `{ name, value }` pair (HTTP headers, query parameters) whose
 * name sounds secret and whose value is literal. Returns messages naming the path.
 */
export function secretsInParameters(parameters: unknown, at = 'parameters'): string[] {
  const found: string[] = [];
  const walk = (value: unknown, where: string, key: string | undefined) => {
    if (typeof value === 'string') {
      const what = secretIn(value);
      if (what) found.push(`${where} holds what looks like ${what}`);
      else if (key && SECRET_NAME.test(key) && value.trim() !== '' && !isExpression(value))
        found.push(`${where} is a literal secret; use a credential or an expression`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${where}[${i}]`, undefined));
      return;
    }
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.name === 'string' && typeof record.value === 'string' && SECRET_NAME.test(record.name)) {
        if (record.value.trim() !== '' && !isExpression(record.value) && !secretIn(record.value))
          found.push(`${where} sets "${record.name}" to a literal secret; use a credential or an expression`);
      }
      for (const [k, v] of Object.entries(record)) walk(v, `${where}.${k}`, k);
    }
  };
  walk(parameters, at, undefined);
  return found;
}
