// Request/response shapes of /api/v1/templates. Template bodies are checked for Handlebars
// syntax here, so a broken template is a 400 naming its field (errors.body_html) at
// create/update instead of a failure at send time.
import { z } from '../../openapi/zod.ts';
import { jsonSyntaxErrors, templateSyntaxError } from './render.ts';

export const TEMPLATE_TYPES = ['email', 'event', 'webhook'] as const;
export const TEMPLATE_CATEGORIES = ['notification', 'reminder', 'report'] as const;

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'must be a dotted name such as event.title');

export const variableSpecSchema = z.object({
  description: z.string().max(500, 'must be at most 500 characters').optional(),
  required: z.boolean('must be true or false').optional(),
  sample: z.unknown().optional(),
});

const variablesSchema = z.record(variableName, variableSpecSchema).openapi({
  example: { 'event.title': { description: 'Event title', required: true, sample: 'Team meeting' } },
});

const jsonValue = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const templateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(TEMPLATE_TYPES),
    category: z.enum(TEMPLATE_CATEGORIES).nullable(),
    description: z.string().nullable(),
    subject: z.string().nullable(),
    body_html: z.string().nullable(),
    body_text: z.string().nullable(),
    payload: jsonValue.nullable(),
    variables: variablesSchema,
    usage_count: z.number().int(),
    last_used_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Template');

/** Optional text where '' means "none" (forms send empty strings for cleared inputs). */
const optionalText = (max: number) =>
  z
    .string('must be text')
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v === '' || v === undefined ? null : v));

/** POST and PUT carry the whole record; read-only fields (id, usage, dates) are stripped. */
export const templateBody = z
  .object({
    name: z.string('is required').trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    type: z.enum(TEMPLATE_TYPES, `must be one of ${TEMPLATE_TYPES.join(', ')}`),
    category: z
      .enum(TEMPLATE_CATEGORIES, `must be one of ${TEMPLATE_CATEGORIES.join(', ')}`)
      .nullish()
      .or(z.literal('').transform(() => null))
      .transform((v) => v ?? null),
    description: optionalText(2000),
    subject: optionalText(998),
    body_html: optionalText(500_000),
    body_text: optionalText(500_000),
    payload: jsonValue.nullish().transform((v) => v ?? null),
    variables: variablesSchema.default({}),
  })
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: path.split('.'), message });
    if (t.type === 'email') {
      if (!t.subject) issue('subject', 'is required for an email template');
      if (!t.body_html && !t.body_text) issue('body_html', 'an email template needs an HTML or a text body');
    }
    if (t.type === 'event' && !t.body_text && !t.body_html) issue('body_text', 'an event template needs a text body');
    if (t.type === 'webhook' && !t.payload) issue('payload', 'is required for a webhook template');
    for (const field of ['subject', 'body_html', 'body_text'] as const) {
      const source = t[field];
      const error = source ? templateSyntaxError(source) : undefined;
      if (error) issue(field, error);
    }
    if (t.payload)
      for (const [path, message] of Object.entries(jsonSyntaxErrors(t.payload, 'payload'))) issue(path, message);
  })
  .openapi('TemplateInput');

export const renderBody = z
  .object({
    variables: z
      .record(z.string(), z.unknown(), 'must be an object of variables')
      .optional()
      .openapi({ description: "Variables to render with; the template's declared samples when omitted" }),
    strict: z
      .boolean('must be true or false')
      .default(true)
      .openapi({ description: 'true: missing variables are a 422 listing them; false: render anyway and list them' }),
  })
  .openapi('RenderTemplate');

export const renderedSchema = z
  .object({
    template_id: z.uuid(),
    type: z.enum(TEMPLATE_TYPES),
    subject: z.string().nullable(),
    body_html: z.string().nullable(),
    body_text: z.string().nullable(),
    payload: z.unknown().nullable(),
    missing: z.array(z.string()).openapi({ description: 'Variables the template uses that were not given' }),
  })
  .openapi('RenderedTemplate');

export const previewBody = z
  .object({
    template: templateBody,
    variables: z
      .record(z.string(), z.unknown(), 'must be an object of variables')
      .optional()
      .openapi({ description: "Variables to render with; the template's declared samples when omitted" }),
  })
  .openapi('PreviewTemplate');

export const previewSchema = renderedSchema.omit({ template_id: true }).openapi('TemplatePreview');

export const idParams = z.object({ id: z.uuid('must be a UUID') });
export const mostUsedQuery = z.object({
  limit: z.coerce.number('must be a number').int().min(1).max(100).default(10),
});

export const templateFilters = {
  type: z.enum(TEMPLATE_TYPES),
  category: z.enum(TEMPLATE_CATEGORIES),
};

export type TemplateDto = z.infer<typeof templateSchema>;
export type TemplateInput = z.infer<typeof templateBody>;
export type RenderInput = z.infer<typeof renderBody>;
export type Rendered = z.infer<typeof renderedSchema>;
export type Preview = z.infer<typeof previewSchema>;
