-- 0024 — busy-time lookups by B-tree instead of GiST.
--
-- The GiST index over (busy_key, during) answered "these people, this window" in about a
-- millisecond on bulk-loaded data, but not in steady state: every event added later widens the
-- bounding keys of whichever index page it lands on, and after a few thousand new events in
-- the future a conflict check for a free near-future slot visited most of the index (20–40 ms
-- at a million events) — and near-future windows are exactly what conflict checks, slot
-- suggestions and free/busy ask about.
--
-- A B-tree over (busy_key, lower(during)) reads one key's entries in start order, and a window
-- [from, to) needs only those starting in [from - longest, to), where `longest` is the longest
-- busy interval there is (kept here by the trigger; it only grows, so it is always a safe
-- bound — deleting a long event leaves a looser bound, not a wrong answer).
-- Query with exactly (see busyEventIds in admin-api/src/modules/events/repo.ts):
--   b.busy_key = k AND lower(b.during) < $to
--   AND lower(b.during) >= $from - (SELECT longest FROM event_busy_longest)
--   AND b.during && tstzrange($from, $to, '[)')

CREATE TABLE event_busy_longest (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  longest  interval NOT NULL
);
COMMENT ON TABLE event_busy_longest IS
  'One row: an upper bound of upper(during) - lower(during) over event_busy, raised by trigger events_sync_busy. Never written by the app.';
INSERT INTO event_busy_longest (longest)
SELECT coalesce(max(upper(during) - lower(during)), interval '0') FROM event_busy;

CREATE OR REPLACE FUNCTION events_sync_busy() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM event_busy WHERE event_id = NEW.id;
  END IF;
  IF NEW.status <> 'cancelled' AND NEW.consumed_at IS NULL THEN
    INSERT INTO event_busy (event_id, busy_key, during)
    SELECT DISTINCT NEW.id, k, tstzrange(NEW.start_at, NEW.end_at, '[)')
      FROM unnest(CASE WHEN cardinality(NEW.attendees) = 0 THEN ARRAY['calendar:' || NEW.calendar_id]
                       ELSE NEW.attendees END) AS k;
    -- Rarely true, so the single row is rarely locked (writers do not queue on it).
    UPDATE event_busy_longest SET longest = NEW.end_at - NEW.start_at
     WHERE longest < NEW.end_at - NEW.start_at;
  END IF;
  RETURN NULL;
END
$$;

DROP INDEX event_busy_key_during_idx;
CREATE INDEX event_busy_key_start_idx ON event_busy (busy_key, lower(during)) INCLUDE (during);
