// The integration forms of the settings page, mirroring admin-api's setting definitions
// (modules/settings/definitions.ts): per setting its editable fields and its secrets. Secrets
// are write-only at the API: a GET says {"set": true|false}; a PUT keeps a secret given as
// null (or omitted), replaces it with a new string and clears it with "".

export type FieldKind = 'text' | 'email' | 'url' | 'number' | 'boolean' | 'select' | 'chat_ids';

export type FieldSpec = {
  name: string;
  kind: FieldKind;
  choices?: readonly string[];
  /** Shown only when another field has this value (storage target s3 / folder). */
  when?: { field: string; equals: string };
};

export type SettingForm = { id: string; fields: FieldSpec[]; secrets: string[] };

const s3Only = { field: 'target', equals: 's3' };
const folderOnly = { field: 'target', equals: 'folder' };

const storageFields: FieldSpec[] = [
  { name: 'target', kind: 'select', choices: ['s3', 'folder'] },
  { name: 'endpoint', kind: 'url', when: s3Only },
  { name: 'bucket', kind: 'text', when: s3Only },
  { name: 'region', kind: 'text', when: s3Only },
  { name: 'access_key', kind: 'text', when: s3Only },
  { name: 'force_path_style', kind: 'boolean', when: s3Only },
  { name: 'folder_path', kind: 'text', when: folderOnly },
];

export const SETTING_FORMS: SettingForm[] = [
  {
    id: 'smtp',
    fields: [
      { name: 'host', kind: 'text' },
      { name: 'port', kind: 'number' },
      { name: 'secure', kind: 'select', choices: ['starttls', 'tls', 'none'] },
      { name: 'username', kind: 'text' },
      { name: 'from', kind: 'email' },
      { name: 'reply_to', kind: 'email' },
    ],
    secrets: ['password'],
  },
  {
    id: 'telegram',
    fields: [
      { name: 'api_root', kind: 'url' },
      { name: 'webhook_url', kind: 'url' },
      { name: 'allowed_chat_ids', kind: 'chat_ids' },
      { name: 'allow_all_chats', kind: 'boolean' },
      { name: 'calendar_id', kind: 'text' },
      { name: 'default_duration_minutes', kind: 'number' },
    ],
    secrets: ['bot_token', 'webhook_secret'],
  },
  { id: 'n8n', fields: [{ name: 'base_url', kind: 'url' }], secrets: ['api_key'] },
  {
    id: 's3',
    fields: [...storageFields, { name: 'retention_days', kind: 'number' }, { name: 'retention_count', kind: 'number' }],
    secrets: ['secret_key'],
  },
  {
    id: 'backup',
    fields: [
      { name: 'enabled', kind: 'boolean' },
      { name: 'schedule', kind: 'text' },
      ...storageFields,
      { name: 'keep_daily', kind: 'number' },
      { name: 'keep_weekly', kind: 'number' },
      { name: 'keep_monthly', kind: 'number' },
      { name: 'include_n8n_database', kind: 'boolean' },
    ],
    secrets: ['secret_key'],
  },
  {
    id: 'general',
    fields: [
      { name: 'instance_name', kind: 'text' },
      { name: 'timezone', kind: 'text' },
      { name: 'locale', kind: 'text' },
    ],
    secrets: [],
  },
];

/** The form's marker for "delete the stored secret" (a typed-in empty field means "keep"). */
export const CLEAR_SECRET = { clear: true } as const;

export const isClearMarker = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { clear?: unknown }).clear === true;

/** "1, -100200" → [1, -100200]; undefined when the text is not a comma-separated list of ids. */
export function parseChatIds(text: string): number[] | undefined {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.every((p) => /^-?\d{1,20}$/.test(p))) return undefined;
  return parts.map(Number);
}

export const formatChatIds = (value: unknown) =>
  Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';

type FormValues = { value?: Record<string, unknown>; secrets?: Record<string, unknown> };

/**
 * The PUT body from the form's values: the whole `value` (fields this page does not show,
 * such as the bot username, go back unchanged) and per secret a new string, "" to clear,
 * or null to keep the stored one.
 */
export function toSettingBody(form: SettingForm, values: FormValues) {
  const value: Record<string, unknown> = { ...values.value };
  for (const field of form.fields) {
    if (field.kind === 'chat_ids' && typeof value[field.name] === 'string') {
      const ids = parseChatIds(value[field.name] as string);
      value[field.name] = ids ?? value[field.name]; // the server names a malformed list
    }
  }
  const secrets: Record<string, string | null> = {};
  for (const name of form.secrets) {
    const typed = values.secrets?.[name];
    secrets[name] = isClearMarker(typed) ? '' : typeof typed === 'string' && typed !== '' ? typed : null;
  }
  return { value, secrets };
}
