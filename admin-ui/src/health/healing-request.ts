// The healing request form: which inputs an action needs (from its HEALING whitelist entry,
// minus `host` and `dry_run`, which the form has fields of their own for) and the request
// body built from the form values — only the selected action's params, blanks left out.
export type WhitelistParam = { type: string; required?: boolean; description?: string };

export type ParamInput = { name: string; type: string; required: boolean; description: string | null };

const OWN_FIELDS = new Set(['host', 'dry_run']);

export function paramInputs(params: Record<string, WhitelistParam> | null | undefined): ParamInput[] {
  return Object.entries(params ?? {})
    .filter(([name]) => !OWN_FIELDS.has(name))
    .map(([name, spec]) => ({
      name,
      type: spec.type,
      required: spec.required === true,
      description: spec.description ?? null,
    }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}

export type HealingFormValues = {
  host?: string;
  action?: string;
  params?: Record<string, unknown>;
  dry_run?: boolean;
  reason?: string | null;
};

export type HealingRequestBody = {
  host: string;
  action: string;
  params: Record<string, unknown>;
  dry_run: boolean;
  reason?: string;
};

export function healingRequestBody(values: HealingFormValues, inputs: ParamInput[]): HealingRequestBody {
  const params: Record<string, unknown> = {};
  for (const { name } of inputs) {
    const value = values.params?.[name];
    if (value === undefined || value === null || value === '') continue;
    params[name] = typeof value === 'string' ? value.trim() : value;
  }
  const reason = values.reason?.trim();
  return {
    host: (values.host ?? '').trim(),
    action: values.action ?? '',
    params,
    dry_run: values.dry_run === true,
    ...(reason ? { reason } : {}),
  };
}
