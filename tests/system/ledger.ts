// Every write the system acknowledged (answered 2xx) during a run: what the reconciliation
// must find afterwards. Writes that failed or got no answer are not here — they may or may not
// have happened, and either is correct.
export type EventBody = {
  calendar_id: string;
  title: string;
  start_at: string;
  end_at: string;
  mode: 'free';
};

export type Ledger = {
  /** Created events by id, with the body they were created with (updates reuse it). */
  events: Map<string, EventBody>;
  eventIds: string[];
  /** Acknowledged updates: the event and the title it was given. */
  updates: Array<{ id: string; title: string }>;
  /** Created commands by idempotency key. */
  commands: Map<string, { id: string; n: number }>;
  commandKeys: string[];
  /** Acknowledged ingest requests: the record ids each was answered with. */
  ingests: Array<{ ids: string[] }>;
};

export function createLedger(): Ledger {
  return { events: new Map(), eventIds: [], updates: [], commands: new Map(), commandKeys: [], ingests: [] };
}
