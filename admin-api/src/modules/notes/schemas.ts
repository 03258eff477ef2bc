// Request/response shapes of /api/v1/notes. Every rule of the notes table is checked here
// first, so bad input is a 400 naming the field rather than a constraint violation.
import { z } from '../../openapi/zod.ts';
import { commonFilters, eventIdSchema, optionalText, sourceSchema, tagsSchema } from './shared.ts';

export const MAX_NOTE_LENGTH = 100_000;

export const noteSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    tags: z.array(z.string()),
    source: z.string().openapi({ description: 'Where the note came from: api, console, telegram, calendar, …' }),
    source_ref: z.string().nullable().openapi({ description: 'Id in the source, e.g. a Telegram chat/message id' }),
    event_id: z.uuid().nullable().openapi({ description: 'The event the note came from or belongs to' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Note');

/** POST and PUT carry the whole record; read-only fields (id, dates) are ignored. */
export const noteBody = z
  .object({
    text: z
      .string('is required')
      .trim()
      .min(1, 'is required')
      .max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`),
    tags: tagsSchema,
    source: sourceSchema,
    source_ref: optionalText(1000),
    event_id: eventIdSchema,
  })
  .openapi('NoteInput');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const noteFilters = commonFilters;

export type NoteDto = z.infer<typeof noteSchema>;
/** A note as given (optional fields may be left out): what createNote accepts. */
export type NewNote = z.input<typeof noteBody>;
export type NoteInput = z.infer<typeof noteBody>;
