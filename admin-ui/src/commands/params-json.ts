// Params typed as list or object are edited as JSON text. What does not parse stays text, so
// the server's whitelist check ("must be a list") is what the user sees under the field.
import type { ParamSpecs } from '../whitelists/param-specs.ts';

export function parseJsonText(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function formatJsonText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Pretty JSON for show pages (`—` for nothing). */
export function prettyJson(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return JSON.stringify(value, null, 2);
}

/**
 * The params to send: only those of the chosen command (inputs of a previously chosen one stay
 * in the form), and without blanks — an empty optional input means "not given".
 */
export function paramsForCommand(specs: ParamSpecs | undefined, values: Record<string, unknown> | undefined) {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(specs ?? {})) {
    const value = values?.[name];
    if (value === undefined || value === null || value === '') continue;
    out[name] = value;
  }
  return out;
}
