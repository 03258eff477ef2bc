// Request/response shapes of /api/v1/whitelists. System and action are UPPER_SNAKE in the
// database; what users type is upper-cased here so matching stays exact.
import { z } from '../../openapi/zod.ts';
import { PARAM_TYPES } from './param-check.ts';

const upperSnake = z
  .string('is required')
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE: a letter, then letters, digits or _'));

export const systemName = upperSnake;

export const paramSpecSchema = z.object({
  type: z.enum(PARAM_TYPES, `must be one of ${PARAM_TYPES.join(', ')}`),
  required: z.boolean('must be true or false').optional(),
  description: z.string('must be text').max(500, 'must be at most 500 characters').optional(),
});

export const paramsSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a name of letters, digits and _ (at most 64)'),
    paramSpecSchema,
    'must be an object of parameter definitions',
  )
  .openapi({ example: { chat_id: { type: 'int', required: true }, message: { type: 'string' } } });

/** What a whitelist entry holds; POST and PUT bodies, and one entry of an import. */
export const whitelistBody = z
  .object({
    system: upperSnake,
    action: upperSnake,
    params: paramsSchema.default({}),
    description: z
      .string('must be text')
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .nullish()
      .transform((v) => (v ? v : null)),
    enabled: z.boolean('must be true or false').default(true),
  })
  .openapi('WhitelistInput');

export const whitelistSchema = z
  .object({
    id: z.uuid(),
    system: z.string(),
    action: z.string(),
    params: paramsSchema,
    description: z.string().nullable(),
    enabled: z.boolean(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Whitelist');

export const checkBody = z
  .object({
    system: upperSnake,
    action: upperSnake,
    params: z.record(z.string(), z.unknown(), 'must be an object').default({}),
  })
  .openapi('WhitelistCheck');

export const checkResultSchema = z
  .object({
    allowed: z.boolean(),
    reason: z.string().optional(),
    errors: z.record(z.string(), z.string()).openapi({ description: 'Per param: what is wrong with it' }),
  })
  .openapi('WhitelistCheckResult');

export const exportQuery = z.object({ format: z.enum(['yaml', 'json'], 'must be yaml or json').default('yaml') });

export const importBody = z
  .object({
    format: z.enum(['yaml', 'json'], 'must be yaml or json'),
    content: z.string('must be the exported text').min(1, 'is required').max(5_000_000, 'is too large'),
    mode: z
      .enum(['merge', 'replace'], 'must be merge or replace')
      .default('merge')
      .openapi({ description: 'merge: create and update; replace: also delete entries not in the file' }),
  })
  .openapi('WhitelistImport');

export const importResultSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    unchanged: z.number().int(),
  })
  .openapi('WhitelistImportResult');

/** The exported document; a bare list of entries is accepted on import too. */
export const importDocument = z.union([
  z.object({ version: z.literal(1, 'must be 1').optional(), entries: z.array(whitelistBody).max(10_000) }),
  z
    .array(whitelistBody)
    .max(10_000)
    .transform((entries) => ({ entries })),
]);

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const whitelistFilters = {
  system: z.string().transform((v) => v.toUpperCase()),
  action: z.string().transform((v) => v.toUpperCase()),
  enabled: z.boolean(),
};

export type WhitelistInput = z.infer<typeof whitelistBody>;
export type WhitelistDto = z.infer<typeof whitelistSchema>;
export type ImportInput = z.infer<typeof importBody>;
