// Record ids: UUIDv7-shaped (RFC 9562) — 48 bits of Unix milliseconds first, then the index
// of the record within its request in the 12 `rand_a` bits, then 62 random bits. Two reasons:
//   - exports are ordered by (received_at, id) and all records of one request share
//     received_at, so the ids must sort in body order for an array to come back as sent;
//   - time-ordered keys go to the right edge of the primary key index instead of random
//     pages, which keeps inserts cheap as the table grows.
// PostgreSQL compares uuids bytewise, so the textual layout below is also the sort order.
import { randomUUID } from 'node:crypto';

/** At most 4096 ids per call (12 bits of sequence). */
export function recordIds(count: number, now = Date.now()): string[] {
  if (count > 4096) throw new RangeError('at most 4096 record ids per request');
  const time = now.toString(16).padStart(12, '0');
  const prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    // randomUUID's variant and random bits are reused; only time, version and index are set.
    const random = randomUUID();
    ids.push(`${prefix}${i.toString(16).padStart(3, '0')}${random.slice(18)}`);
  }
  return ids;
}
