// The normalized form of an n8n workflow, used wherever workflows are stored or compared
// (backup exports, the versioned workflows/*.json and their import/export/diff tooling): the
// fields n8n changes on its own — version ids, timestamps, the instance id, pinned test data,
// static data, the activation flag — are dropped and object keys are sorted at every level,
// so the same workflow always serialises to the same bytes and a diff shows only real edits.
// Array order is kept: it is meaningful (nodes, connections' outputs).

/** Top-level fields n8n rewrites by itself. */
export const VOLATILE_WORKFLOW_FIELDS = ['versionId', 'updatedAt', 'createdAt', 'pinData', 'staticData', 'active'];
/** Fields of `meta` that identify the instance rather than the workflow. */
export const VOLATILE_META_FIELDS = ['instanceId'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value as Json;
}

/** A copy without volatile fields, keys sorted; an emptied `meta` is dropped. */
export function normalizeWorkflow(workflow: Record<string, unknown>): Record<string, Json> {
  const copy: Record<string, unknown> = { ...workflow };
  for (const field of VOLATILE_WORKFLOW_FIELDS) delete copy[field];
  if (copy.meta && typeof copy.meta === 'object' && !Array.isArray(copy.meta)) {
    const meta: Record<string, unknown> = { ...(copy.meta as Record<string, unknown>) };
    for (const field of VOLATILE_META_FIELDS) delete meta[field];
    if (Object.keys(meta).length) copy.meta = meta;
    else delete copy.meta;
  }
  return sortKeys(copy) as Record<string, Json>;
}

/** The file form: normalized, two-space indented, with a final newline. */
export function formatWorkflow(workflow: Record<string, unknown>): string {
  return `${JSON.stringify(normalizeWorkflow(workflow), null, 2)}\n`;
}
