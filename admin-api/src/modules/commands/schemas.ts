// Request/response shapes of /api/v1/commands (SPEC 3.2).
import { z } from '../../openapi/zod.ts';
import { COMMAND_STATUSES } from '../rules/schemas.ts';
import { systemName } from '../whitelists/schemas.ts';

export { COMMAND_STATUSES };
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export const DELIVERY_MODES = ['poll', 'push'] as const;

const jsonObject = z.record(z.string(), z.unknown(), 'must be a JSON object');
const instant = z.iso.datetime();

export const commandSchema = z
  .object({
    id: z.uuid(),
    system: z.string(),
    action: z.string(),
    params: jsonObject,
    status: z.enum(COMMAND_STATUSES),
    attempts: z.number().int(),
    max_retries: z.number().int(),
    timeout_seconds: z.number().int(),
    available_at: instant,
    claimed_by: z.string().nullable().openapi({ description: '`api_key:<id>` or `user:<id>` of the claimer' }),
    claimed_at: instant.nullable(),
    last_error: z.string().nullable(),
    result: z.unknown().nullable(),
    idempotency_key: z.string().nullable(),
    source: z.string(),
    created_by: z.string().nullable(),
    source_event_id: z.uuid().nullable(),
    parent_command_id: z.uuid().nullable(),
    rule_id: z.uuid().nullable(),
    chain_depth: z.number().int(),
    delivery_mode: z.enum(DELIVERY_MODES),
    completed_at: instant.nullable(),
    failed_at: instant.nullable(),
    created_at: instant,
    updated_at: instant,
  })
  .openapi('Command');

export const ruleRefusalSchema = z
  .object({
    rule_id: z.uuid().nullable(),
    rule_name: z.string().nullable(),
    status: z.enum(COMMAND_STATUSES).nullable().openapi({ description: 'The status that triggered the rule' }),
    reason: z.string(),
    errors: z.record(z.string(), z.string()),
    at: instant,
  })
  .openapi('RuleRefusal');

/** One command with the follow-ups its rules refused to create (from the audit log). */
export const commandDetailSchema = commandSchema
  .extend({
    rule_refusals: z.array(ruleRefusalSchema).openapi({
      description: 'Rules that matched a status of this command but whose follow-up was not created, and why',
    }),
  })
  .openapi('CommandDetail');

export const createBody = z
  .object({
    system: systemName,
    action: systemName,
    params: jsonObject.default({}),
    idempotency_key: z
      .string('must be text')
      .min(1, 'must not be empty')
      .max(255, 'must be at most 255 characters')
      .nullish()
      .transform((v) => v ?? null)
      .openapi({ description: 'A second create with this key returns the first command (Idempotent-Replayed: true)' }),
    max_retries: z
      .number('must be a number')
      .int('must be a whole number')
      .min(0, 'must be between 0 and 100')
      .max(100, 'must be between 0 and 100')
      .default(3),
    timeout_seconds: z
      .number('must be a number')
      .int('must be a whole number')
      .min(1, 'must be between 1 and 86400')
      .max(86_400, 'must be between 1 and 86400')
      .default(300),
    delivery_mode: z.enum(DELIVERY_MODES, 'must be poll or push').default('poll'),
    source_event_id: z
      .uuid('must be a UUID')
      .nullish()
      .transform((v) => v ?? null),
  })
  .openapi('CommandInput');

export const completeBody = z
  .object({ result: z.unknown().optional().openapi({ description: 'Any JSON; rules can use it as command.result' }) })
  .openapi('CompleteCommand');

const errorText = z.string('is required').trim().min(1, 'is required').max(10_000, 'must be at most 10000 characters');
const reasonText = z.string('is required').trim().min(1, 'is required').max(2_000, 'must be at most 2000 characters');

export const failBody = z
  .object({
    error: errorText,
    retry: z.boolean('must be true or false').default(false).openapi({
      description: 'true: back to PENDING after a backoff while attempts ≤ max_retries; otherwise FAILED',
    }),
  })
  .openapi('FailCommand');

export const manualCompleteBody = z
  .object({ reason: reasonText, result: z.unknown().optional() })
  .openapi('ManualCompleteCommand');
export const manualFailBody = z.object({ reason: reasonText, error: errorText }).openapi('ManualFailCommand');
export const resendBody = z.object({ reason: reasonText }).openapi('ResendCommand');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /api/v1/commands/{id}`: a UUID reads the record, a system name claims (SPEC's poll path). */
export const idOrSystemParams = z.object({
  id: z
    .string()
    .max(64, 'must be a command UUID or a system name of at most 64 characters')
    .transform((v, ctx) => {
      if (UUID.test(v)) return { kind: 'id' as const, id: v.toLowerCase() };
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(v)) return { kind: 'system' as const, system: v.toUpperCase() };
      ctx.addIssue({ code: 'custom', message: 'must be a command UUID or a system name (letters, digits, _)' });
      return z.NEVER;
    })
    .openapi({
      type: 'string',
      description: 'A command UUID (→ that command) or an UPPER_SNAKE system name such as HEALING (→ claim)',
    }),
});

export const claimQuery = z.object({
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100')
    .max(100, 'must be between 1 and 100')
    .default(10),
  host: z
    .string('must be given once')
    .min(1, 'must not be empty')
    .max(253, 'must be at most 253 characters')
    .optional()
    .openapi({
      description:
        "Claim only commands whose params.host equals this (one agent per host polls HEALING; it never takes another host's actions)",
    }),
});

const filterInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const upper = z
  .string()
  .max(64)
  .transform((v) => v.toUpperCase());
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1).max(100)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const commandFilters = {
  status: oneOrMany(z.enum(COMMAND_STATUSES)),
  system: oneOrMany(upper),
  action: oneOrMany(upper),
  source: oneOrMany(z.string().max(64)),
  source_event_id: z.uuid(),
  parent_command_id: z.uuid(),
  rule_id: z.uuid(),
  delivery_mode: z.enum(DELIVERY_MODES),
  created_from: filterInstant,
  created_to: filterInstant.openapi({ description: 'exclusive' }),
};

export type CommandDto = z.infer<typeof commandSchema>;
export type CommandDetailDto = z.infer<typeof commandDetailSchema>;
export type RuleRefusal = z.infer<typeof ruleRefusalSchema>;
export type CreateInput = z.infer<typeof createBody>;
