// Outbox row statuses: chip colours and which rows an operator may retry (the API retries
// dead and cancelled rows; the bulk endpoint only dead ones).
export const OUTBOX_STATUSES = ['pending', 'in_flight', 'delivered', 'dead', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const OUTBOX_CHANNELS = ['webhook', 'telegram', 'mail', 'n8n'] as const;

export const OUTBOX_STATUS_COLOUR: Record<OutboxStatus, 'info' | 'warning' | 'success' | 'error' | 'default'> = {
  pending: 'info',
  in_flight: 'warning',
  delivered: 'success',
  dead: 'error',
  cancelled: 'default',
};

export function isRetryable(status: string | undefined): boolean {
  return status === 'dead' || status === 'cancelled';
}

/** The ids among `rows` the bulk retry will act on (dead ones), and how many it skips. */
export function deadIds(rows: readonly { id: string; status: string }[]): { ids: string[]; skipped: number } {
  const ids = rows.filter((row) => row.status === 'dead').map((row) => row.id);
  return { ids, skipped: rows.length - ids.length };
}
