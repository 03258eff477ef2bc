// The request of "create from template": the template id goes in the path; the body carries
// start_at and only the overrides the user actually gave (an empty field keeps the template's).

export function fromTemplateBody(values: Record<string, unknown>): {
  templateId: string;
  body: Record<string, unknown>;
} {
  const { template_id: templateId, ...rest } = values;
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    body[key] = typeof value === 'string' ? value.trim() : value;
  }
  return { templateId: String(templateId), body };
}
