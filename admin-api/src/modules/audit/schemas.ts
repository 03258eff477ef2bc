// Response shapes and list filters of /api/v1/audit.
import { z } from '../../openapi/zod.ts';

export const auditRecordSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().openapi({ description: 'Position in the hash chain (1, 2, 3, … without gaps)' }),
    occurred_at: z.iso.datetime(),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    actor_label: z.string().nullable(),
    scope: z.string().nullable(),
    entity: z.string(),
    entity_id: z.string().nullable(),
    action: z.string(),
    old_value: z.unknown(),
    new_value: z.unknown(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    risk_score: z.number().int().min(0).max(100),
    success: z.boolean(),
    details: z.record(z.string(), z.unknown()).nullable(),
    prev_hash: z.string().openapi({ description: 'hex SHA-256 of the previous row' }),
    row_hash: z.string().openapi({ description: 'hex SHA-256 of prev_hash and this row' }),
  })
  .openapi('AuditRecord');

export const verifyResultSchema = z
  .object({
    intact: z.boolean(),
    checked: z.number().int().openapi({ description: 'Rows checked' }),
    first_broken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
    head: z
      .object({ seq: z.number().int(), row_hash: z.string() })
      .nullable()
      .openapi({ description: 'The newest row; keep a copy elsewhere to detect removal of the newest rows' }),
  })
  .openapi('AuditVerifyResult');

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);
const word = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be lower-case letters, digits, _ . -');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const auditFilters = {
  actor_id: z.string().min(1).max(200),
  actor_type: oneOrMany(z.enum(['user', 'api_key', 'system', 'telegram', 'webhook', 'ingest', 'anonymous'])),
  entity: oneOrMany(word),
  entity_id: z.string().min(1).max(200),
  action: oneOrMany(word),
  success: z.boolean('must be true or false'),
  from: instant,
  to: instant,
  min_risk: z.number('must be a number').int().min(0).max(100),
};

/** The stored action is `workflow.` + this (write.ts), so at most 64 - 9 characters here. */
export const WRITE_ACTION_PATTERN = /^[a-z][a-z0-9_.-]{0,54}$/;
/** JSON text size of `details` (the chain stores it in every row's hash input). */
export const MAX_DETAILS_BYTES = 32 * 1024;

export const writeAuditBody = z
  .object({
    action: z
      .string('is required')
      .regex(WRITE_ACTION_PATTERN, 'must be 1 to 55 lower-case letters, digits, _ . - starting with a letter')
      .openapi({ description: 'Stored as `workflow.<action>`, so it can never pass for a system record' }),
    entity: z
      .string('is required')
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be 1 to 64 lower-case letters, digits or _ starting with a letter')
      .openapi({ description: 'The kind of thing the record is about (event, invoice, …)' }),
    entity_id: z
      .string('must be text')
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .nullish(),
    details: z
      .record(z.string(), z.unknown(), 'must be a JSON object')
      .nullish()
      .refine((d) => !d || Buffer.byteLength(JSON.stringify(d)) <= MAX_DETAILS_BYTES, {
        message: `must be at most ${MAX_DETAILS_BYTES} bytes as JSON`,
      }),
  })
  .openapi('WriteAuditRecord');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export type AuditRecordDto = z.infer<typeof auditRecordSchema>;
export type WriteAuditInput = z.infer<typeof writeAuditBody>;
export type VerifyResultDto = z.infer<typeof verifyResultSchema>;
