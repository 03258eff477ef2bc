// Request/response shapes of /api/v1/api-keys (single source for validation and OpenAPI).
import { z } from '../../openapi/zod.ts';
import { KEY_LEVELS } from './key-format.ts';
import { SCOPES } from './scopes.ts';

export const scopeSchema = z.enum(SCOPES);

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    level: z.enum(KEY_LEVELS),
    /** Identifies the key without revealing it. */
    prefix: z.string().openapi({ example: 'chronos_standard_AbCdEfGh1234…' }),
    scopes: z.array(scopeSchema),
    status: z.enum(['active', 'grace', 'expired', 'revoked']),
    expires_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
    rotated_from: z.uuid().nullable(),
    grace_until: z.iso.datetime().nullable(),
    last_used_at: z.iso.datetime().nullable(),
    last_used_ip: z.string().nullable(),
    use_count: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('ApiKey');

export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: 'The key itself. Shown only in this response; store it now.' }) })
  .openapi('CreatedApiKey');

const name = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
const description = z.string().trim().max(2000, 'must be at most 2000 characters').nullish();
const scopes = z.array(scopeSchema, 'must be a list of scopes').min(1, 'needs at least one scope').max(SCOPES.length);
const futureDate = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .refine((v) => new Date(v).getTime() > Date.now(), 'must be in the future')
  .nullish();

export const createApiKeyBody = z
  .object({ name, description, scopes, level: z.enum(KEY_LEVELS).default('standard'), expires_at: futureDate })
  .openapi('CreateApiKey');

/** PUT carries the whole record; read-only fields (id, prefix, usage, …) are ignored. */
export const updateApiKeyBody = z.object({ name, description, scopes, expires_at: futureDate }).openapi('UpdateApiKey');

export const rotateApiKeyBody = z
  .object({
    grace_hours: z
      .number('must be a number of hours')
      .int('must be a whole number of hours')
      .min(0)
      .max(24 * 30, 'must be at most 720 hours (30 days)')
      .default(24),
  })
  .openapi('RotateApiKey');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const apiKeyFilters = {
  level: z.enum(KEY_LEVELS),
  scope: scopeSchema,
  status: z.enum(['active', 'grace', 'expired', 'revoked']),
};

export type ApiKeyDto = z.infer<typeof apiKeySchema>;
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;
export type UpdateApiKeyInput = z.infer<typeof updateApiKeyBody>;
