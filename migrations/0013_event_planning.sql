-- 0013 — support for the event jobs and auto-plan (admin-api/src/modules/events/).
--
-- reminders_from: the earliest moment one of the event's reminders is due
-- (start_at - max(reminder_offsets)), kept by a trigger. The reminder job looks for events whose
-- reminder window [reminders_from, start_at] meets the last few minutes, through a GiST index
-- on exactly that range, instead of looking at every future (or past) event. NULL when the
-- event has no reminders.

ALTER TABLE events ADD COLUMN reminders_from timestamptz;
COMMENT ON COLUMN events.reminders_from IS
  'start_at minus the largest reminder offset (maintained by trigger events_reminders_from); NULL without reminders. The reminder job scans events with reminders_from <= now().';

CREATE FUNCTION events_reminders_from() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.reminders_from := CASE
    WHEN cardinality(NEW.reminder_offsets) = 0 THEN NULL
    ELSE NEW.start_at - make_interval(mins => (SELECT max(o) FROM unnest(NEW.reminder_offsets) o))
  END;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_reminders_from BEFORE INSERT OR UPDATE OF start_at, reminder_offsets ON events
  FOR EACH ROW EXECUTE FUNCTION events_reminders_from();

UPDATE events SET reminder_offsets = reminder_offsets WHERE cardinality(reminder_offsets) > 0;

-- Query with exactly: tstzrange(reminders_from, start_at, '[]') && tstzrange($since, now(), '[]')
CREATE INDEX events_reminder_window_idx ON events USING gist (tstzrange(reminders_from, start_at, '[]'))
  WHERE status = 'scheduled' AND reminders_from IS NOT NULL;

-- Auto-plan busy-time lookups by attendee and time: the GIN index on attendees plus the GiST
-- range index are combined by a bitmap AND; nothing to add. Events turned into a command/note/
-- link (consumed_at set) and cancelled events are not busy time.

COMMENT ON COLUMN calendars.auto_reschedule IS
  'Auto-plan: when a later change (e.g. a free-mode event) overlaps an auto_plan event of this calendar, move that event to its next free slot (audited, emitted as event.updated) instead of leaving the conflict.';
