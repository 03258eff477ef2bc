// Choice lists of the API key inputs and filters, labelled through i18n.
import { API_KEY_SCOPES, scopeLabelKey } from './api-key-payload.ts';

export const SCOPE_CHOICES = API_KEY_SCOPES.map((scope) => ({ id: scope, name: scopeLabelKey(scope) }));

export const LEVEL_CHOICES = ['standard', 'high'].map((id) => ({ id, name: `resources.api-keys.levels.${id}` }));

export const STATUS_CHOICES = ['active', 'grace', 'expired', 'revoked'].map((id) => ({
  id,
  name: `resources.api-keys.statuses.${id}`,
}));
