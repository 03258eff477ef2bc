-- 0023 — "this calendar, this window", the hot list of the console and the API, visited the
-- heap for every match (a few hundred scattered rows per calendar-week at a million events)
-- just to sort them and keep 25. The same GiST index, now carrying start_at, end_at and id,
-- answers the count and the page order from the index alone (an index-only scan), so only the
-- 25 rows of the page are read from the table (the list asks for the page's ids first; see
-- keysFirst in admin-api/src/db/list-sql.ts).
-- Query with exactly: e.calendar_id = … AND tstzrange(e.start_at, e.end_at, '[)') && tstzrange($from, $to, '[)')
DROP INDEX events_calendar_range_idx;
CREATE INDEX events_calendar_range_idx ON events USING gist (calendar_id, tstzrange(start_at, end_at, '[)'))
  INCLUDE (start_at, end_at, id);
