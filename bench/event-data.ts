// Event data at scale for the benchmarks (bench/events.ts, bench/console.ts): 50 calendars,
// 2,000 attendees, events of 30-120 minutes in working hours over 2026-2027, German and
// English titles, every 10th with a description — generated in SQL, in batches.
import type pg from 'pg';
import { fmt } from './lib.ts';

export const ATTENDEES = 2_000;
export const CALENDARS = 50;

export async function generateEvents(pool: pg.Pool, count: number): Promise<void> {
  const started = performance.now();
  await pool.query(
    `INSERT INTO calendars (id, name, time_zone, default_mode, working_hours, buffer_minutes)
     SELECT 'cal' || lpad(g::text, 2, '0'), 'Calendar ' || g,
            (ARRAY['Europe/Berlin', 'UTC', 'America/New_York'])[1 + g % 3], 'free',
            '{"mon":["08:00-18:00"],"tue":["08:00-18:00"],"wed":["08:00-18:00"],"thu":["08:00-18:00"],"fri":["08:00-18:00"]}', 5
       FROM generate_series(1, $1) g`,
    [CALENDARS],
  );
  // Events: 30-120 minutes, in working hours on weekdays, over 2026-2027; 1-3 attendees; a
  // German or English title from a few words; every 10th with a description.
  const words = [
    'Planung',
    'Besprechung',
    'Projekt',
    'Kunde',
    'Abstimmung',
    'Review',
    'meeting',
    'planning',
    'customer',
    'release',
    'budget',
    'Workshop',
    'Schulung',
    'Jahresabschluss',
    'roadmap',
    'standup',
  ];
  const batch = 100_000;
  for (let offset = 0; offset < count; offset += batch) {
    await pool.query(
      `INSERT INTO events (calendar_id, title, description, start_at, end_at, attendees, tags)
       SELECT 'cal' || lpad((1 + (g / 104) % $3)::text, 2, '0'),
              w[1 + g % 16] || ' ' || w[1 + (g / 16) % 16] || ' #' || g,
              CASE WHEN g % 10 = 0 THEN 'Notizen zur ' || w[1 + (g / 7) % 16] || ' and follow-up ' || w[1 + (g / 3) % 16] END,
              s, s + make_interval(mins => 30 + (g % 4) * 30),
              ARRAY(SELECT DISTINCT 'user' || ((g::bigint * k * 7919) % $4) || '@example.com' FROM generate_series(1, 1 + g % 3) k),
              ARRAY['t' || (g % 20)]
         FROM generate_series($1::int, $2::int) g,
              LATERAL (SELECT timestamptz '2026-01-05 08:00:00+00'
                              + make_interval(days => (g % 104) * 7 + (g / 104) % 5, mins => ((g / 520) % 16) * 30) AS s) t,
              LATERAL (SELECT $5::text[] AS w) words`,
      [offset + 1, Math.min(offset + batch, count), CALENDARS, ATTENDEES, words],
    );
  }
  await pool.query('VACUUM ANALYZE events');
  console.log(`generated ${fmt(count)} events in ${fmt((performance.now() - started) / 1000, 1)} s`);
}
