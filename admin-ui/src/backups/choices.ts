// Choice lists of the backup filters and fields, labelled through i18n.
const choices = (group: string, ids: string[]) => ids.map((id) => ({ id, name: `resources.backups.${group}.${id}` }));

export const STATUS_CHOICES = choices('statuses', ['running', 'completed', 'failed', 'deleted']);
export const KIND_CHOICES = choices('kinds', ['manual', 'daily', 'weekly', 'monthly']);
export const TARGET_CHOICES = choices('targets', ['s3', 'folder']);
export const VERIFY_STATUS_CHOICES = choices('verify_statuses', ['ok', 'mismatch', 'missing', 'error']);
