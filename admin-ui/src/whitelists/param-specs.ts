// A whitelist entry stores its params as a record (name → spec); the form edits them as a list
// of rows so ArrayInput can add, remove and reorder them. These convert both ways and check
// what the server would refuse, so the form can say so before saving.
export const PARAM_TYPES = ['string', 'int', 'number', 'bool', 'email', 'url', 'list', 'object'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export type ParamSpec = { type: ParamType; required?: boolean; description?: string };
export type ParamSpecs = Record<string, ParamSpec>;
export type ParamRow = { name: string; type: ParamType; required: boolean; description?: string | null };

/** The server's rule for a param name. */
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** System and action names are UPPER_SNAKE (the server upper-cases what it is given). */
export const UPPER_SNAKE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

export function toParamRows(params: ParamSpecs | null | undefined): ParamRow[] {
  return Object.entries(params ?? {}).map(([name, spec]) => ({
    name,
    type: spec.type,
    required: spec.required === true,
    description: spec.description ?? '',
  }));
}

/** Rows back to the record the API takes; a blank description is left out. */
export function toParamRecord(rows: readonly Partial<ParamRow>[] | null | undefined): ParamSpecs {
  const out: ParamSpecs = {};
  for (const row of rows ?? []) {
    const name = (row.name ?? '').trim();
    if (!name) continue;
    const spec: ParamSpec = { type: row.type ?? 'string' };
    if (row.required) spec.required = true;
    const description = (row.description ?? '').trim();
    if (description) spec.description = description;
    out[name] = spec;
  }
  return out;
}

/** Errors keyed like the form's fields (`param_rows.2.name`): bad or duplicate names. */
export function paramRowErrors(rows: readonly Partial<ParamRow>[] | null | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  (rows ?? []).forEach((row, i) => {
    const name = (row.name ?? '').trim();
    if (!PARAM_NAME_PATTERN.test(name)) errors[`param_rows.${i}.name`] = 'resources.whitelists.validation.param_name';
    else if (seen.has(name)) errors[`param_rows.${i}.name`] = 'resources.whitelists.validation.param_duplicate';
    seen.add(name);
  });
  return errors;
}
