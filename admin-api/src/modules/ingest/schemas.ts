// Request/response shapes of the ingest API: tokens (/api/v1/ingest-tokens), the receiver
// (POST /ingest/{domain}, documented here, parsed by receiver.ts) and the read side
// (/api/v1/ingest/…).
import { z } from '../../openapi/zod.ts';

export const DOMAIN_PATTERN = /^[a-z0-9-]{1,63}$/;
const DOMAIN_RULE = 'must be 1–63 lower-case letters, digits or -';

export const domainSchema = z
  .string('is required')
  .regex(DOMAIN_PATTERN, DOMAIN_RULE)
  .openapi({ example: 'weather-station' });

export const TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;

export const ingestTokenSchema = z
  .object({
    id: z.uuid(),
    domain: z.string(),
    description: z.string().nullable(),
    /** Identifies the token without revealing it. */
    prefix: z.string().openapi({ example: 'chronos_ingest_AbCdEfGh1234…' }),
    status: z.enum(TOKEN_STATUSES),
    expires_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
    last_used_at: z.iso.datetime().nullable(),
    last_used_ip: z.string().nullable(),
    use_count: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('IngestToken');

export const createdIngestTokenSchema = ingestTokenSchema
  .extend({
    token: z.string().openapi({
      description:
        'The token itself (Authorization: Bearer <token> or X-Chronos-Token: <token> on POST /ingest/{domain}). Shown only in this response; store it now.',
    }),
  })
  .openapi('CreatedIngestToken');

export const createIngestTokenBody = z
  .object({
    domain: domainSchema,
    description: z
      .string('must be text')
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .nullish()
      .transform((v) => (v ? v : null)),
    expires_at: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
      .refine((v) => new Date(v).getTime() > Date.now(), 'must be in the future')
      .nullish()
      .transform((v) => (v ? new Date(v) : null)),
  })
  .openapi('CreateIngestToken');

export const tokenFilters = { domain: domainSchema, status: z.enum(TOKEN_STATUSES) };

export const idParams = z.object({ id: z.uuid('must be a UUID') });
export const domainParams = z.object({ domain: domainSchema });

// ---- receiver ----

export const MAX_RECORDS_PER_REQUEST = 1000;

export const ingestBodyDoc = z
  .union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown())).max(MAX_RECORDS_PER_REQUEST)])
  .openapi('IngestBody', {
    description: `One record (a JSON object), or an array of up to ${MAX_RECORDS_PER_REQUEST} records.`,
  });

export const ingestResultSchema = z
  .object({
    received: z.number().int().openapi({ description: 'How many records were stored' }),
    ids: z.array(z.uuid()).openapi({ description: 'Their ids, in body order' }),
  })
  .openapi('IngestResult');

// ---- read side ----

export const ingestRecordSchema = z
  .object({
    id: z.uuid(),
    domain: z.string(),
    received_at: z.iso.datetime().openapi({ description: 'UTC, with microseconds (the exact ordering key)' }),
    payload: z.unknown(),
    source_ip: z.string().nullable(),
    token_id: z.uuid().nullable(),
    size_bytes: z.number().int().nullable(),
  })
  .openapi('IngestRecord');

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' });

export const recordFilters = { from: instant, to: instant };

export const exportQuery = z
  .strictObject({
    from: instant.optional().openapi({ description: 'Records received at or after this time' }),
    to: instant.optional().openapi({ description: 'Records received before this time' }),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), {
    message: 'must not be before from',
    path: ['to'],
  });

export const ingestDomainSchema = z
  .object({
    id: z.string(),
    domain: z.string(),
    record_count: z.number().int(),
    first_received_at: z.iso.datetime().nullable(),
    last_received_at: z.iso.datetime().nullable(),
    active_tokens: z.number().int(),
  })
  .openapi('IngestDomain');

export type IngestTokenDto = z.infer<typeof ingestTokenSchema>;
export type CreateIngestTokenInput = z.infer<typeof createIngestTokenBody>;
export type IngestRecordDto = z.infer<typeof ingestRecordSchema>;
export type IngestDomainDto = z.infer<typeof ingestDomainSchema>;
