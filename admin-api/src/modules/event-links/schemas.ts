// Request/response shapes of /api/v1/events/{eventId}/links: directed links between events
// ("source depends_on target"). A link is immutable: change = delete + create.
import { z } from '../../openapi/zod.ts';

export const LINK_TYPES = ['related', 'depends_on', 'follows', 'replaces'] as const;
/** The event statuses (events_status_check), for the summary of the other event. */
const EVENT_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;

export const linkSchema = z
  .object({
    id: z.uuid(),
    link_type: z.enum(LINK_TYPES),
    source_event_id: z.uuid(),
    target_event_id: z.uuid(),
    direction: z
      .enum(['outgoing', 'incoming'])
      .openapi({ description: 'outgoing: this event is the source; incoming: it is the target' }),
    other: z
      .object({
        id: z.uuid(),
        title: z.string(),
        start_at: z.iso.datetime(),
        end_at: z.iso.datetime(),
        status: z.enum(EVENT_STATUSES),
      })
      .openapi({ description: 'The event at the other end' }),
    created_at: z.iso.datetime(),
  })
  .openapi('EventLink');

export const linkBody = z
  .object({
    target_event_id: z.uuid('must be a UUID'),
    link_type: z
      .enum(LINK_TYPES, `must be one of ${LINK_TYPES.join(', ')}`)
      .default('related')
      .openapi({ description: 'related (default), depends_on, follows or replaces; from this event to the target' }),
  })
  .openapi('EventLinkInput');

export const eventParams = z.object({ eventId: z.uuid('must be a UUID') });
export const linkParams = z.object({ eventId: z.uuid('must be a UUID'), id: z.uuid('must be a UUID') });

export type LinkDto = z.infer<typeof linkSchema>;
export type LinkInput = z.infer<typeof linkBody>;
