// The known settings: per id, a zod schema of its non-secret fields (with defaults, so a row
// that does not exist yet reads as the defaults) and the names of its secret fields, which are
// only ever stored encrypted and never returned.
import { z } from '../../openapi/zod.ts';
import { healingPolicySchema } from '../healing/policy-schema.ts';

/** Empty form inputs arrive as '' — store them as null. */
const blankToNull = (v: unknown) => (v === '' ? null : v);
const text = (max = 500) =>
  z
    .preprocess(blankToNull, z.string('must be text').trim().max(max, `must be at most ${max} characters`).nullable())
    .default(null);
const email = () => z.preprocess(blankToNull, z.email('must be an e-mail address').nullable()).default(null);
const url = () =>
  z
    .preprocess(blankToNull, z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).nullable())
    .default(null);
const int = (min: number, max: number, fallback: number) =>
  z
    .number('must be a number')
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const storage = z.object({
  target: z.enum(['s3', 'folder'], 'must be s3 or folder').default('s3'),
  endpoint: url(),
  bucket: text(255),
  region: text(64),
  access_key: text(255),
  folder_path: text(1000),
  force_path_style: z.boolean('must be true or false').default(false),
  retention_days: int(1, 3650, 30),
  retention_count: z
    .preprocess(blankToNull, z.number().int('must be a whole number').min(1).max(10_000).nullable())
    .default(null),
});

export const SETTING_DEFINITIONS = {
  smtp: {
    category: 'integration',
    description: 'Outgoing mail server',
    value: z.object({
      host: text(253),
      port: int(1, 65535, 587),
      secure: z.enum(['tls', 'starttls', 'none'], 'must be tls, starttls or none').default('starttls'),
      username: text(320),
      from: email(),
      reply_to: email(),
    }),
    secrets: ['password'],
  },
  telegram: {
    category: 'integration',
    description: 'Telegram bot (notifications and inbound commands)',
    value: z.object({
      api_root: z
        .preprocess(blankToNull, z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).nullable())
        .default('https://api.telegram.org'),
      allowed_chat_ids: z
        .array(z.number('must be a chat id').int('must be a whole number'), 'must be a list of chat ids')
        .max(1000)
        .default([]),
      // Off: only allowed_chat_ids are served (an empty list serves nobody; refused chats are
      // audited with their id, so an admin can find the id to allow).
      allow_all_chats: z.boolean('must be true or false').default(false),
      webhook_url: url(),
      // Events created from Telegram go to this calendar; its time zone is the zone in which
      // "tomorrow 2pm" is meant.
      calendar_id: z
        .string('must be a calendar id')
        .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'is not a calendar id')
        .default('default'),
      default_duration_minutes: int(5, 1440, 60),
      // Filled in from getMe when the webhook is set up: commands addressed to another bot
      // (/events@other_bot) are not answered.
      bot_username: text(64),
    }),
    secrets: ['bot_token', 'webhook_secret'],
  },
  s3: { category: 'integration', description: 'S3-compatible object storage', value: storage, secrets: ['secret_key'] },
  backup: {
    category: 'backup',
    description: 'Backup target, schedule and retention',
    // Retention keeps the newest backup of each of the last keep_daily days, keep_weekly ISO
    // weeks and keep_monthly months that have one (modules/backups/retention.ts).
    value: storage.omit({ retention_days: true, retention_count: true }).extend({
      enabled: z.boolean('must be true or false').default(false),
      schedule: text(100),
      keep_daily: int(0, 3650, 7),
      keep_weekly: int(0, 520, 4),
      keep_monthly: int(0, 1200, 12),
      // n8n's database is dumped too when BACKUP_N8N_DATABASE_URL is set and this is on.
      include_n8n_database: z.boolean('must be true or false').default(true),
    }),
    secrets: ['secret_key'],
  },
  n8n: {
    category: 'integration',
    description: 'n8n instance the API calls into',
    value: z.object({ base_url: url() }),
    secrets: ['api_key'],
  },
  healing: {
    category: 'health',
    description: 'Health thresholds, windows, cooldowns, rate limits and per-host healing policy',
    value: healingPolicySchema,
    secrets: [],
  },
  general: {
    category: 'general',
    description: 'Instance-wide settings',
    value: z.object({
      instance_name: z.string().trim().min(1, 'is required').max(200).default('Chronos'),
      timezone: z
        .string()
        .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'must be an IANA time zone')
        .default('UTC'),
      locale: z
        .string()
        .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale such as en or de-DE')
        .default('en'),
    }),
    secrets: [],
  },
} as const satisfies Record<
  string,
  { category: string; description: string; value: z.ZodObject; secrets: readonly string[] }
>;

export type SettingId = keyof typeof SETTING_DEFINITIONS;
export const SETTING_IDS = Object.keys(SETTING_DEFINITIONS) as SettingId[];
export const definitionOf = (id: SettingId) =>
  SETTING_DEFINITIONS[id] as { category: string; description: string; value: z.ZodObject; secrets: readonly string[] };

/** The defaults of a setting that has never been saved. */
export const defaultsOf = (id: SettingId): Record<string, unknown> => definitionOf(id).value.parse({});
