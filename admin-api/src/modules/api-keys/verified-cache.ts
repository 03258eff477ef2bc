// Verified API keys, cached for seconds and evicted in every replica through NOTIFY
// chronos_api_keys (migration 0012); see db/notified-cache.ts for why that stays correct.
import type { Listener } from '../../db/listener.ts';
import { createNotifiedCache, type NotifiedCache } from '../../db/notified-cache.ts';
import type { ApiKeyRow } from './repo.ts';

export const API_KEY_CHANGES_CHANNEL = 'chronos_api_keys';

export type ApiKeyCache = NotifiedCache<ApiKeyRow>;

export const createApiKeyCache = (options: { ttlMs: number; max?: number; listener?: Listener }): ApiKeyCache =>
  createNotifiedCache<ApiKeyRow>({ ...options, channel: API_KEY_CHANGES_CHANNEL });
