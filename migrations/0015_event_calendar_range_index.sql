-- 0015 — the console's and the API's most common event question is "this calendar, this
-- week". With separate indexes on calendar_id and on the time range PostgreSQL combines two
-- bitmaps (tens of thousands of entries each at a million events); one GiST index over both
-- (btree_gist makes calendar_id indexable in GiST) answers it directly.
-- Query with exactly: e.calendar_id = … AND tstzrange(e.start_at, e.end_at, '[)') && tstzrange($from, $to, '[)')
CREATE INDEX events_calendar_range_idx ON events USING gist (calendar_id, tstzrange(start_at, end_at, '[)'));
