// Request/response shapes of /api/v1/subscriptions. The checks mirror the table's constraints
// (migrations/0007) so a bad url or event type is a 400 naming its field, never a constraint
// error from the database.
import { isValidSecret } from '../../../../shared/standard-webhooks.ts';
import { z } from '../../openapi/zod.ts';

/** Exact (`event.created`), a family (`event.*`, `event.reminder.*`) or everything (`*`). */
export const EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$/;
/** Exactly the table's url check. */
const URL_PATTERN = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    event_types: z.array(z.string()),
    description: z.string().nullable(),
    active: z.boolean(),
    disabled_reason: z.string().nullable(),
    secret: z.literal('set').openapi({ description: 'The signing secret is never shown again after create/rotate' }),
    consecutive_failures: z.number().int(),
    last_success_at: z.iso.datetime().nullable(),
    last_failure_at: z.iso.datetime().nullable(),
    created_by: z.string().nullable(),
    api_key_id: z.uuid().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Subscription');

export const subscriptionWithSecretSchema = subscriptionSchema
  .extend({
    secret: z.string().openapi({
      description:
        'The whsec_… signing secret: in this response only (create, rotate). On a re-registration of an existing url without a new secret it stays "set".',
    }),
    created: z.boolean().openapi({ description: 'false when the url was already registered (upsert)' }),
  })
  .openapi('SubscriptionWithSecret');

const url = z
  .string('is required')
  .trim()
  .min(1, 'is required')
  .max(2048, 'must be at most 2048 characters')
  .refine((v) => URL_PATTERN.test(v) && URL.canParse(v), 'must be an http:// or https:// URL');

const eventTypes = z
  .array(
    z
      .string('must be text')
      .trim()
      .max(100, 'must be at most 100 characters')
      .regex(EVENT_TYPE_PATTERN, 'must be an event type (event.created), a family (event.*) or *'),
    'must be a list of event types',
  )
  .min(1, 'needs at least one event type')
  .max(50, 'at most 50 event types')
  .transform((types) => [...new Set(types)].sort());

const description = z
  .string('must be text')
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .nullish()
  .transform((v) => (v ? v : null));

const secret = z
  .string('must be text')
  .refine(isValidSecret, 'must be whsec_ followed by 24 to 64 base64-encoded bytes')
  .optional()
  .openapi({ description: 'A whsec_… secret to use; one is generated when omitted' });

/**
 * POST: create, or re-register an existing url (the Chronos Trigger node does that on every
 * activation). See service.ts `register` for what a re-registration changes.
 */
export const createSubscriptionBody = z
  .object({
    url,
    event_types: eventTypes,
    description,
    active: z.boolean('must be true or false').default(true),
    secret,
  })
  .openapi('CreateSubscription');

/** PUT carries the whole record; read-only fields (secret, counters, dates) are ignored. */
export const updateSubscriptionBody = z
  .object({ url, event_types: eventTypes, description, active: z.boolean('must be true or false') })
  .openapi('UpdateSubscription');

export const rotateSecretBody = z.object({ secret }).openapi('RotateSubscriptionSecret');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const subscriptionFilters = {
  active: z.boolean('must be true or false'),
  /** Subscriptions that receive this event type (exactly, by family or `*`). */
  event_type: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'must be an event type such as event.created'),
  url: z.string().max(2048),
};

export type SubscriptionDto = z.infer<typeof subscriptionSchema>;
export type SubscriptionWithSecret = z.infer<typeof subscriptionWithSecretSchema>;
export type CreateSubscriptionInput = z.infer<typeof createSubscriptionBody>;
export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionBody>;
