// Shapes of /api/v1/outbox: rows, their delivery attempts, retry and purge.
import { z } from '../../openapi/zod.ts';

export const OUTBOX_STATUSES = ['pending', 'in_flight', 'delivered', 'dead', 'cancelled'] as const;
export const OUTBOX_CHANNELS = ['webhook', 'telegram', 'mail', 'n8n'] as const;

export const outboxSchema = z
  .object({
    id: z.uuid(),
    event_type: z.string(),
    channel: z.enum(OUTBOX_CHANNELS),
    subscription_id: z.uuid().nullable(),
    target: z.string().nullable(),
    payload: z.unknown(),
    idempotency_key: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int(),
    starts: z.number().int(),
    max_attempts: z.number().int(),
    available_at: z.iso.datetime(),
    locked_until: z.iso.datetime().nullable(),
    locked_by: z.string().nullable(),
    last_error: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    delivered_at: z.iso.datetime().nullable(),
    entity: z.string().nullable(),
    entity_id: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('OutboxRow');
export type OutboxDto = z.infer<typeof outboxSchema>;

export const attemptSchema = z
  .object({
    id: z.uuid(),
    attempt: z.number().int(),
    relay: z.string().nullable(),
    started_at: z.iso.datetime(),
    finished_at: z.iso.datetime().nullable(),
    duration_ms: z.number().int().nullable(),
    outcome: z.string().nullable(),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    response_excerpt: z.string().nullable(),
    retry_after_ms: z.number().int().nullable(),
  })
  .openapi('DeliveryAttempt');

const isoFilter = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' });
export const outboxFilters = {
  status: z.union([z.enum(OUTBOX_STATUSES), z.array(z.enum(OUTBOX_STATUSES))]),
  channel: z.union([z.enum(OUTBOX_CHANNELS), z.array(z.enum(OUTBOX_CHANNELS))]),
  event_type: z.string().min(1).max(100),
  subscription_id: z.uuid(),
  entity: z.string().min(1).max(100),
  entity_id: z.string().min(1).max(200),
  created_from: isoFilter,
  created_to: isoFilter,
};

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const bulkRetryBody = z
  .object({
    ids: z.array(z.uuid('must be a UUID')).min(1).max(1000).optional(),
    event_type: z.string().min(1).max(100).optional(),
    channel: z.enum(OUTBOX_CHANNELS).optional(),
    subscription_id: z.uuid().optional(),
  })
  .openapi({ description: 'Dead rows to retry: by ids, or every dead row matching the given fields (at least one).' })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give ids or at least one of event_type, channel, subscription_id',
    path: ['ids'],
  });

export const purgeBody = z.object({
  older_than_days: z.number('must be a number of days').int().min(1).max(3650),
  dry_run: z.boolean().default(false),
});
