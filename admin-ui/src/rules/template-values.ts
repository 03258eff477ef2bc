// A rule's params_template values are typed in text inputs. A value with a placeholder
// ("{{command.params.chat_id}}") stays text and is typed when rendered; a literal is turned
// into the param's type (42 for an int, true for a bool, JSON for a list or object), because
// the API type-checks literals against the follow-up's whitelist entry.
import type { ParamSpecs, ParamType } from '../whitelists/param-specs.ts';

export function coerceTemplateValue(type: ParamType, text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return undefined;
  if (text.includes('{{')) return text;
  const trimmed = text.trim();
  switch (type) {
    case 'int':
    case 'number':
      return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text;
    case 'bool':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : text;
    case 'list':
    case 'object':
      try {
        return JSON.parse(trimmed);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

export function templateValueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The template to save: only the follow-up's params, without blanks. */
export function templateForRule(specs: ParamSpecs | undefined, values: Record<string, unknown> | undefined) {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(specs ?? {})) {
    const value = values?.[name];
    if (value === undefined || value === null || value === '') continue;
    out[name] = value;
  }
  return out;
}

/** Placeholders over the triggering command that a template can use. */
export function placeholdersFor(triggerParams: ParamSpecs | undefined): string[] {
  return [
    ...Object.keys(triggerParams ?? {}).map((name) => `{{command.params.${name}}}`),
    '{{command.result}}',
    '{{command.id}}',
  ];
}
