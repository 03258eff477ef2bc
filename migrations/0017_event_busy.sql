-- 0017 — busy time per attendee, for conflict checks, slot search and free/busy.
--
-- "Which events take these people's time in this window" was answered from events with the
-- GIN index on attendees AND the GiST index on the time range (two bitmaps of thousands of
-- entries each at a million events). event_busy holds one row per busy event and busy key —
-- an attendee's address, or 'calendar:<id>' for an event without attendees (the calendar
-- itself is what it occupies) — and one GiST index over (busy_key, during) answers the
-- question per key directly. Kept by trigger; cancelled events and consumed ACTION:/NOTE:/URL:
-- entries take no time and have no rows.
-- Query with: JOIN unnest($keys) k ON b.busy_key = k AND b.during && tstzrange($from, $to, '[)')

CREATE TABLE event_busy (
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  busy_key text NOT NULL,
  during   tstzrange NOT NULL,
  PRIMARY KEY (event_id, busy_key)
);
COMMENT ON TABLE event_busy IS
  'Derived from events by trigger events_sync_busy: one row per (busy event, attendee or calendar:<id>). Never written by the app.';
CREATE INDEX event_busy_key_during_idx ON event_busy USING gist (busy_key, during);

CREATE FUNCTION events_sync_busy() RETURNS trigger
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
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER events_sync_busy_insert AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_sync_busy();
CREATE TRIGGER events_sync_busy_update
  AFTER UPDATE OF start_at, end_at, attendees, calendar_id, status, consumed_at ON events
  FOR EACH ROW EXECUTE FUNCTION events_sync_busy();

INSERT INTO event_busy (event_id, busy_key, during)
SELECT DISTINCT e.id, k, tstzrange(e.start_at, e.end_at, '[)')
  FROM events e,
       unnest(CASE WHEN cardinality(e.attendees) = 0 THEN ARRAY['calendar:' || e.calendar_id] ELSE e.attendees END) AS k
 WHERE e.status <> 'cancelled' AND e.consumed_at IS NULL;
