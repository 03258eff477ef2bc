// Request/response shapes of /api/v1/settings. `value` is checked against the setting's own
// schema in the service (it depends on the id); secrets are write-only: a string sets the
// secret, '' clears it, null / omitted / the {"set": …} marker from a GET keeps it.
import { z } from '../../openapi/zod.ts';
import { SETTING_IDS } from './definitions.ts';

export const settingId = z.enum(SETTING_IDS as [string, ...string[]], `must be one of ${SETTING_IDS.join(', ')}`);

export const secretInput = z
  .union(
    [z.string().max(8192, 'must be at most 8192 characters'), z.null(), z.object({ set: z.boolean() })],
    'must be the new secret, "" to clear it, or null to keep it',
  )
  .optional();

export const settingSchema = z
  .object({
    id: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    value: z.record(z.string(), z.unknown()),
    secrets: z
      .record(z.string(), z.object({ set: z.boolean() }))
      .openapi({ description: 'Which secrets are stored — never their values', example: { password: { set: true } } }),
    secrets_readable: z
      .boolean()
      .openapi({ description: 'false when the stored secrets were sealed with another encryption key' }),
    stored: z.boolean().openapi({ description: 'false for a setting never saved (defaults shown)' }),
    secret_updated_at: z.iso.datetime().nullable(),
    updated_by: z.string().nullable(),
    created_at: z.iso.datetime().nullable(),
    updated_at: z.iso.datetime().nullable(),
  })
  .openapi('Setting');

export const settingBody = z
  .object({
    value: z.record(z.string(), z.unknown(), 'must be an object').default({}),
    secrets: z.record(z.string(), z.unknown(), 'must be an object').default({}),
  })
  .openapi('SettingInput');

export const createSettingBody = settingBody.extend({ id: settingId }).openapi('CreateSetting');

export const idParams = z.object({ id: settingId });

export const settingFilters = { category: z.string() };

export type SettingDto = z.infer<typeof settingSchema>;
export type SettingInput = z.infer<typeof settingBody>;
