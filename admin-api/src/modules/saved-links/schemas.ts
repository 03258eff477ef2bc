// Request/response shapes of /api/v1/saved-links. Every rule of the saved_links table is
// checked here first, so bad input is a 400 naming the field rather than a constraint violation.
import { z } from '../../openapi/zod.ts';
import { commonFilters, eventIdSchema, optionalText, sourceSchema, tagsSchema } from '../notes/shared.ts';

export const MAX_URL_LENGTH = 2048;

/** The table's CHECK, verbatim: scheme, a non-empty authority, no whitespace anywhere. */
const URL_SHAPE = /^https?:\/\/[^\s/?#]+\S*$/i;

/** An absolute http(s) URL with a host, as the database and browsers both accept it. */
export function isHttpUrl(value: string): boolean {
  if (!URL_SHAPE.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

export const urlSchema = z
  .string('is required')
  .trim()
  .min(1, 'is required')
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .refine(isHttpUrl, 'must be an http:// or https:// URL with a host (no spaces)');

export const savedLinkSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    tags: z.array(z.string()),
    source: z.string().openapi({ description: 'Where the link came from: api, console, telegram, calendar, …' }),
    source_ref: z.string().nullable().openapi({ description: 'Id in the source, e.g. a Telegram chat/message id' }),
    event_id: z.uuid().nullable().openapi({ description: 'The event the link came from or belongs to' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('SavedLink');

/** POST and PUT carry the whole record; read-only fields (id, dates) are ignored. */
export const savedLinkBody = z
  .object({
    url: urlSchema,
    description: optionalText(10_000),
    tags: tagsSchema,
    source: sourceSchema,
    source_ref: optionalText(1000),
    event_id: eventIdSchema,
  })
  .openapi('SavedLinkInput');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const savedLinkFilters = commonFilters;

export type SavedLinkDto = z.infer<typeof savedLinkSchema>;
/** A link as given (optional fields may be left out): what createSavedLink accepts. */
export type NewSavedLink = z.input<typeof savedLinkBody>;
export type SavedLinkInput = z.infer<typeof savedLinkBody>;
