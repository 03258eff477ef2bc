// A rule's params_template: a JSON object whose string values may hold placeholders over the
// triggering command ("{{command.params.user}}", "{{command.result.id}}"). Pure: the rules
// engine renders with renderParamsTemplate when a command reaches the trigger status, and the
// API validates templates against the follow-up whitelist entry with paramsTemplateErrors.
import { checkParams, hasType, typeMessage, type ParamSpecs } from '../whitelists/param-check.ts';
import { renderJson, templateSyntaxError } from '../templates/render.ts';

export type RenderedParams = { params: Record<string, unknown>; missing: string[] };

/**
 * Renders the template over `{ command }`. A value that is exactly one placeholder keeps the
 * referenced value's type (so an int param stays an int); missing variables become null and
 * are listed, so the engine can fail the follow-up instead of sending blanks.
 */
export function renderParamsTemplate(template: Record<string, unknown>, command: unknown): RenderedParams {
  const { output, missing } = renderJson(template, { command });
  return { params: output as Record<string, unknown>, missing };
}

const hasPlaceholder = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes('{{')
    : Array.isArray(value)
      ? value.some(hasPlaceholder)
      : value !== null && typeof value === 'object'
        ? Object.values(value).some(hasPlaceholder)
        : false;

/**
 * Errors keyed `params_template.<param>`: params the follow-up action does not take, required
 * params not provided, template syntax errors, and literal values (no placeholder) of the wrong
 * type. Values with placeholders are type-checked when rendered, by the command's creation.
 */
export function paramsTemplateErrors(template: Record<string, unknown>, specs: ParamSpecs): Record<string, string> {
  const errors: Record<string, string> = {};
  const key = (name: string) => `params_template.${name}`;
  for (const [name, message] of Object.entries(checkParams(specs, template))) {
    if (message === 'is not an allowed parameter' || message === 'is required') errors[key(name)] = message;
  }
  for (const [name, value] of Object.entries(template)) {
    if (errors[key(name)]) continue;
    const syntax = (function find(v: unknown): string | undefined {
      if (typeof v === 'string') return templateSyntaxError(v);
      if (Array.isArray(v)) return v.map(find).find(Boolean);
      if (v && typeof v === 'object') return Object.values(v).map(find).find(Boolean);
      return undefined;
    })(value);
    if (syntax) errors[key(name)] = syntax;
    else {
      const spec = specs[name]!;
      if (value !== null && !hasPlaceholder(value) && !hasType(spec.type, value))
        errors[key(name)] = typeMessage(spec.type);
    }
  }
  return errors;
}
