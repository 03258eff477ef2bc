// Verified ingest tokens, cached for seconds so a busy webhook caller does not cost a database
// round trip per request, and evicted in every replica through NOTIFY chronos_ingest_tokens
// (migration 0014); see db/notified-cache.ts for why that stays correct.
import type { Listener } from '../../db/listener.ts';
import { createNotifiedCache, type NotifiedCache } from '../../db/notified-cache.ts';
import type { IngestTokenAuthRow } from './repo.ts';

export const INGEST_TOKEN_CHANGES_CHANNEL = 'chronos_ingest_tokens';

export type IngestTokenCache = NotifiedCache<IngestTokenAuthRow>;

export const createIngestTokenCache = (options: {
  ttlMs: number;
  max?: number;
  listener?: Listener;
}): IngestTokenCache => createNotifiedCache<IngestTokenAuthRow>({ ...options, channel: INGEST_TOKEN_CHANGES_CHANNEL });
