// Request/response shapes of /api/v1/rules.
import { z } from '../../openapi/zod.ts';
import { systemName } from '../whitelists/schemas.ts';

export const COMMAND_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;

const paramsTemplate = z.record(z.string(), z.unknown(), 'must be a JSON object').openapi({
  example: { chat_id: '{{command.params.chat_id}}', message: 'User {{command.params.user}} created' },
});

export const ruleBody = z
  .object({
    name: z.string('is required').trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    description: z
      .string('must be text')
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .nullish()
      .transform((v) => (v ? v : null)),
    trigger_system: systemName,
    trigger_action: systemName,
    trigger_status: z.enum(COMMAND_STATUSES, `must be one of ${COMMAND_STATUSES.join(', ')}`).default('COMPLETED'),
    follow_system: systemName,
    follow_action: systemName,
    params_template: paramsTemplate.default({}),
    enabled: z.boolean('must be true or false').default(true),
    max_depth: z
      .number('must be a number')
      .int('must be a whole number')
      .min(1, 'must be between 1 and 20')
      .max(20, 'must be between 1 and 20')
      .default(3),
  })
  .openapi('RuleInput');

export const ruleSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    trigger_system: z.string(),
    trigger_action: z.string(),
    trigger_status: z.enum(COMMAND_STATUSES),
    follow_system: z.string(),
    follow_action: z.string(),
    params_template: paramsTemplate,
    enabled: z.boolean(),
    max_depth: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Rule');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const ruleFilters = {
  enabled: z.boolean(),
  trigger_system: z.string().transform((v) => v.toUpperCase()),
  trigger_action: z.string().transform((v) => v.toUpperCase()),
  trigger_status: z.enum(COMMAND_STATUSES),
  follow_system: z.string().transform((v) => v.toUpperCase()),
};

export type RuleInput = z.infer<typeof ruleBody>;
export type RuleDto = z.infer<typeof ruleSchema>;
