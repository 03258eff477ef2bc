// Benchmark: events at scale — 1,000,000 events over 2,000 attendees and 50 calendars, two
// years, generated in SQL — against a real admin-api process. Measures (targets from issue #4):
//   list by time window + calendar, 50 connections      ≥ 2,000 req/s, p99 ≤ 50 ms
//   auto_plan create with conflict check                ≥ 500 creates/s, p99 ≤ 100 ms
//   slot suggestion, 5 attendees, 14-day horizon        p99 ≤ 50 ms
//   full-text q over titles/descriptions                p99 ≤ 100 ms
// and prints EXPLAIN (ANALYZE, BUFFERS) of the hot queries so index use is visible.
//   node bench/events.ts [seconds per measurement=10] [events=1000000]
import autocannon from 'autocannon';
import pg from 'pg';
import { createApiKey } from '../admin-api/src/modules/api-keys/service.ts';
import { busyEventIds } from '../admin-api/src/modules/events/repo.ts';
import { ATTENDEES, CALENDARS, generateEvents } from './event-data.ts';
import { fmt, startApi, startDatabase } from './lib.ts';

const DURATION = Number(process.argv[2] ?? 10);
const EVENTS = Number(process.argv[3] ?? 1_000_000);

const db = await startDatabase();
const pool = new pg.Pool({ connectionString: db.url, max: 4 });

async function explain(title: string, sql: string, values: unknown[]) {
  const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values);
  console.log(`\n-- EXPLAIN ${title}`);
  for (const row of plan.rows) console.log(`   ${row['QUERY PLAN']}`);
}

type Figures = { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number };
async function load(options: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ duration: DURATION, ...options });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    total: r.requests.total,
  };
}
const report = (name: string, f: Figures, target: string) =>
  console.log(
    `  ${name.padEnd(40)} ${fmt(f.rps).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  ` +
      `(${fmt(f.total)} requests, non-2xx ${f.non2xx}, errors ${f.errors})  target ${target}`,
  );

try {
  await generateEvents(pool, EVENTS);
  const { key } = await createApiKey(pool, { name: 'bench', scopes: ['events.read', 'events.write'] });
  const api = await startApi(db.url);
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  console.log('\nresults:');

  // 1. List: one calendar, a one-week window, first page of 25, sorted by start.
  let week = 0;
  const listPath = () => {
    const from = new Date(Date.UTC(2026, 0, 5) + (week++ % 100) * 7 * 86_400_000);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const filter = { calendar_id: `cal${String(1 + (week % CALENDARS)).padStart(2, '0')}`, from, to };
    return `/api/v1/events?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent('[0,24]')}&sort=${encodeURIComponent('["start_at","ASC"]')}`;
  };
  const list = await load({
    url: api.url,
    connections: 50,
    requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: listPath() }) }],
  });
  report('list (window + calendar), 50 conn', list, '≥ 2,000 req/s, p99 ≤ 50 ms');

  // 2. auto_plan creates with conflict check: fresh slots in 2028 for known attendees (a
  // realistic mix: some of them collide and get 409 with suggestions, which also counts).
  let n = 0;
  const createBody = () => {
    const i = n++;
    const start = new Date(Date.UTC(2028, 0, 3, 8) + (i % 2000) * 3_600_000 + Math.floor(i / 2000) * 86_400_000 * 7);
    return JSON.stringify({
      calendar_id: `cal${String(1 + (i % CALENDARS)).padStart(2, '0')}`,
      mode: 'auto_plan',
      title: `Bench ${i}`,
      start_at: start.toISOString(),
      end_at: new Date(start.getTime() + 30 * 60_000).toISOString(),
      attendees: [`user${i % ATTENDEES}@example.com`, `user${(i * 7) % ATTENDEES}@example.com`],
    });
  };
  const creates = await load({
    url: api.url,
    connections: 20,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/events',
        headers: auth,
        setupRequest: (req) => ({ ...req, body: createBody() }),
      },
    ],
  });
  const created = Number((await pool.query(`SELECT count(*) FROM events WHERE title LIKE 'Bench %'`)).rows[0].count);
  report('auto_plan create, 20 conn', creates, '≥ 500/s, p99 ≤ 100 ms');
  console.log(`    (${fmt(created)} written, ${fmt(creates.non2xx)} refused with 409 + suggestions)`);

  // 3. Slot suggestion: 5 busy attendees, 14 days, in a calendar's working hours.
  let s = 0;
  const suggestBody = () => {
    const i = s++;
    const from = new Date(Date.UTC(2026, 2, 2) + (i % 90) * 86_400_000);
    return JSON.stringify({
      attendees: Array.from({ length: 5 }, (_, k) => `user${(i * 13 + k * 401) % ATTENDEES}@example.com`),
      duration_minutes: 60,
      from: from.toISOString(),
      to: new Date(from.getTime() + 14 * 86_400_000).toISOString(),
      calendar_id: 'cal01',
      count: 5,
    });
  };
  const slots = await load({
    url: api.url,
    connections: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/slots/suggest',
        headers: auth,
        setupRequest: (req) => ({ ...req, body: suggestBody() }),
      },
    ],
  });
  report('slot suggestion (5 attendees, 14 d), 10 conn', slots, 'p99 ≤ 50 ms');

  // 4. Full-text q (German and English words), first page.
  const queries = [
    'Besprechungen',
    'planning',
    'Kunden',
    'release budget',
    'Schulung',
    'customer meeting',
    'Jahresabschluss',
  ];
  let q = 0;
  const search = await load({
    url: api.url,
    connections: 10,
    requests: [
      {
        method: 'GET',
        headers: auth,
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/events?filter=${encodeURIComponent(JSON.stringify({ q: queries[q++ % queries.length] }))}&range=${encodeURIComponent('[0,24]')}`,
        }),
      },
    ],
  });
  report('full-text q, 10 conn', search, 'p99 ≤ 100 ms');
  await api.close();

  await explain(
    'list: one calendar, one week, first page',
    `SELECT e.id FROM events e JOIN calendars c ON c.id = e.calendar_id
      WHERE tstzrange(e.start_at, e.end_at, '[)') && tstzrange($1, $2, '[)') AND e.calendar_id = $3
      ORDER BY e.start_at, e.id LIMIT 25`,
    ['2026-06-01T00:00:00Z', '2026-06-08T00:00:00Z', 'cal07'],
  );
  await explain(
    'conflict check / busy time of two attendees (event_busy)',
    `SELECT e.id FROM events e JOIN calendars c ON c.id = e.calendar_id
      WHERE e.id IN (${busyEventIds('$1', '$2', '$3')})
      ORDER BY e.start_at, e.id LIMIT 500`,
    [['user17@example.com', 'user901@example.com', 'calendar:cal01'], '2026-06-01T00:00:00Z', '2026-06-15T00:00:00Z'],
  );
  await explain(
    'full-text q',
    `SELECT e.id FROM events e JOIN calendars c ON c.id = e.calendar_id
      WHERE e.search_vector @@ search_query($1) ORDER BY e.start_at, e.id LIMIT 25`,
    ['Besprechungen'],
  );
} finally {
  await pool.end();
  await db.stop();
}
