-- 0005 — calendars, events, sub-tasks, links, event templates, reminders, notes, saved links.
--
-- Text arrays: attendees and tags are text[] (not citext[]): node-postgres parses text[] into a
-- JavaScript array but returns citext[] as the raw string '{a,b}'. Case-insensitivity of
-- attendees comes from storing them lower-cased (enforced below), so `attendees && $1` works
-- with a GIN index as long as the app lower-cases its input too.

-- ---------------------------------------------------------------------------------------------
-- calendars
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION working_hours_is_valid(wh jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  day   text;
  spans jsonb;
  span  jsonb;
  s     text;
BEGIN
  IF wh IS NULL OR jsonb_typeof(wh) <> 'object' THEN
    RETURN false;
  END IF;
  FOR day, spans IN SELECT * FROM jsonb_each(wh) LOOP
    IF day NOT IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun') OR jsonb_typeof(spans) <> 'array' THEN
      RETURN false;
    END IF;
    FOR span IN SELECT * FROM jsonb_array_elements(spans) LOOP
      IF jsonb_typeof(span) <> 'string' THEN
        RETURN false;
      END IF;
      s := span #>> '{}';
      -- 'HH:MM-HH:MM', start before end; '24:00' allowed as an end.
      IF s !~ '^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'
         OR substr(s, 1, 5) >= substr(s, 7, 5) THEN
        RETURN false;
      END IF;
    END LOOP;
  END LOOP;
  RETURN true;
END
$$;

CREATE TABLE calendars (
  id                       text PRIMARY KEY,
  name                     text NOT NULL,
  description              text,
  color                    text,
  time_zone                text NOT NULL DEFAULT 'UTC',
  default_mode             text NOT NULL DEFAULT 'free',
  auto_reschedule          boolean NOT NULL DEFAULT false,
  working_hours            jsonb NOT NULL DEFAULT '{"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"], "sat": [], "sun": []}',
  buffer_minutes           integer NOT NULL DEFAULT 0,
  default_reminder_offsets integer[] NOT NULL DEFAULT '{}',
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT calendars_id_format CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  CONSTRAINT calendars_name_check CHECK (btrim(name) <> '' AND char_length(name) <= 200),
  CONSTRAINT calendars_color_format CHECK (color IS NULL OR color ~ '^#[0-9a-fA-F]{6}$'),
  CONSTRAINT calendars_time_zone_valid CHECK (is_valid_time_zone(time_zone)),
  CONSTRAINT calendars_default_mode_check CHECK (default_mode IN ('free', 'auto_plan')),
  CONSTRAINT calendars_working_hours_valid CHECK (working_hours_is_valid(working_hours)),
  CONSTRAINT calendars_buffer_minutes_range CHECK (buffer_minutes BETWEEN 0 AND 1440),
  CONSTRAINT calendars_default_reminder_offsets_valid CHECK (int_array_all_between(default_reminder_offsets, 0, 525600))
);
COMMENT ON TABLE calendars IS
  'Calendars, keyed by a readable slug (e.g. default, work) that API callers and calendar-sync workflows can name. Renaming the slug cascades to events.';
COMMENT ON COLUMN calendars.working_hours IS
  'Per weekday (mon … sun) a list of ''HH:MM-HH:MM'' spans in the calendar''s time_zone; a missing or empty day has no working hours. Used by auto-plan slot search.';
COMMENT ON COLUMN calendars.buffer_minutes IS 'Auto-plan keeps this many minutes free before and after every event.';
COMMENT ON COLUMN calendars.auto_reschedule IS 'Auto-plan: move a conflicting event to the first suggested slot instead of answering 409.';
COMMENT ON COLUMN calendars.default_reminder_offsets IS 'Reminder offsets (minutes before start) for new events that give none.';

CREATE TRIGGER calendars_set_updated_at BEFORE UPDATE ON calendars
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Events default to this calendar, so a fresh install can take events at once.
INSERT INTO calendars (id, name) VALUES ('default', 'Default');

-- ---------------------------------------------------------------------------------------------
-- event_templates (before events, which reference them)
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION checklist_is_valid(c jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  item jsonb;
BEGIN
  IF c IS NULL OR jsonb_typeof(c) <> 'array' THEN
    RETURN false;
  END IF;
  FOR item IN SELECT * FROM jsonb_array_elements(c) LOOP
    -- coalesce: a missing key yields NULL, and NOT NULL would let the item through.
    IF NOT coalesce(
      (jsonb_typeof(item) = 'string' AND btrim(item #>> '{}') <> '')
      OR (jsonb_typeof(item) = 'object'
          AND jsonb_typeof(item -> 'text') = 'string'
          AND btrim(item ->> 'text') <> ''
          AND (NOT item ? 'notes' OR jsonb_typeof(item -> 'notes') IN ('string', 'null'))),
      false
    ) THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;

CREATE TABLE event_templates (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL,
  title            text NOT NULL,
  description      text,
  calendar_id      text REFERENCES calendars (id) ON UPDATE CASCADE ON DELETE SET NULL,
  event_type       text,
  location         text,
  duration_minutes integer NOT NULL DEFAULT 60,
  attendees        text[] NOT NULL DEFAULT '{}',
  tags             text[] NOT NULL DEFAULT '{}',
  mode             text,
  reminder_offsets integer[],
  checklist        jsonb NOT NULL DEFAULT '[]',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_templates_name_key UNIQUE (name),
  CONSTRAINT event_templates_name_check CHECK (btrim(name) <> '' AND char_length(name) <= 200),
  CONSTRAINT event_templates_title_check CHECK (btrim(title) <> '' AND char_length(title) <= 500),
  CONSTRAINT event_templates_duration_range CHECK (duration_minutes > 0 AND duration_minutes <= 525600),
  CONSTRAINT event_templates_attendees_valid CHECK (email_array_is_valid(attendees)),
  CONSTRAINT event_templates_tags_valid CHECK (text_array_all_match(tags, '^\S(.{0,98}\S)?$')),
  CONSTRAINT event_templates_mode_check CHECK (mode IS NULL OR mode IN ('free', 'auto_plan')),
  CONSTRAINT event_templates_reminder_offsets_valid CHECK (int_array_all_between(reminder_offsets, 0, 525600)),
  CONSTRAINT event_templates_checklist_valid CHECK (checklist_is_valid(checklist))
);
COMMENT ON TABLE event_templates IS
  'Blueprints for events: title, default duration, attendees, tags, mode and a checklist that becomes sub-tasks. NULL calendar_id / mode / reminder_offsets mean "the calendar''s default".';
COMMENT ON COLUMN event_templates.checklist IS
  'Sub-tasks to create, in order: ["Book room", {"text": "Send agenda", "notes": "…"}].';
CREATE INDEX event_templates_name_trgm_idx ON event_templates USING gin (name gin_trgm_ops);

CREATE TRIGGER event_templates_set_updated_at BEFORE UPDATE ON event_templates
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- events (SPEC 3.1)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  calendar_id      text NOT NULL DEFAULT 'default' REFERENCES calendars (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  title            text NOT NULL,
  description      text,
  start_at         timestamptz NOT NULL,
  end_at           timestamptz NOT NULL,
  all_day          boolean NOT NULL DEFAULT false,
  event_type       text,
  location         text,
  attendees        text[] NOT NULL DEFAULT '{}',
  tags             text[] NOT NULL DEFAULT '{}',
  mode             text,
  status           text NOT NULL DEFAULT 'scheduled',
  completed_at     timestamptz,
  source           text NOT NULL DEFAULT 'api',
  external_id      text,
  template_id      uuid REFERENCES event_templates (id) ON DELETE SET NULL,
  reminder_offsets integer[] NOT NULL DEFAULT '{}',
  parse_error      text,
  consumed_at      timestamptz,
  metadata         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  search_vector    tsvector GENERATED ALWAYS AS (search_document(title, location, left(description, 20000))) STORED,
  CONSTRAINT events_source_external_id_key UNIQUE (source, external_id),
  CONSTRAINT events_time_order CHECK (end_at > start_at),
  CONSTRAINT events_times_finite CHECK (isfinite(start_at) AND isfinite(end_at)),
  CONSTRAINT events_title_check CHECK (btrim(title) <> '' AND char_length(title) <= 500),
  CONSTRAINT events_description_length CHECK (char_length(description) <= 100000),
  CONSTRAINT events_location_length CHECK (char_length(location) <= 500),
  CONSTRAINT events_event_type_format CHECK (event_type IS NULL OR (btrim(event_type) <> '' AND char_length(event_type) <= 64)),
  CONSTRAINT events_attendees_valid CHECK (email_array_is_valid(attendees)),
  CONSTRAINT events_tags_valid CHECK (text_array_all_match(tags, '^\S(.{0,98}\S)?$')),
  CONSTRAINT events_mode_check CHECK (mode IS NULL OR mode IN ('free', 'auto_plan')),
  CONSTRAINT events_status_check CHECK (status IN ('scheduled', 'completed', 'cancelled')),
  CONSTRAINT events_completed_at_only_when_completed CHECK (completed_at IS NULL OR status = 'completed'),
  CONSTRAINT events_source_format CHECK (source ~ '^[a-z][a-z0-9_.:-]{0,99}$'),
  CONSTRAINT events_external_id_length CHECK (external_id IS NULL OR (external_id <> '' AND char_length(external_id) <= 1024)),
  CONSTRAINT events_reminder_offsets_valid CHECK (int_array_all_between(reminder_offsets, 0, 525600)),
  CONSTRAINT events_metadata_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE events IS
  'Events. Times are instants (timestamptz, UTC in the API). Deleting an event deletes its sub-tasks, links and reminder records; commands/notes/links that came from it keep a NULL reference. A calendar with events cannot be deleted (move or delete the events first).';
COMMENT ON COLUMN events.mode IS 'free | auto_plan; NULL = the calendar''s default_mode.';
COMMENT ON COLUMN events.source IS
  'Where the event came from: api, console, telegram, template, or a sync origin such as google:<calendar id>. (source, external_id) is unique, so "upsert by external id" is INSERT … ON CONFLICT (source, external_id) DO UPDATE.';
COMMENT ON COLUMN events.external_id IS 'Id in the source system (calendar sync); NULL for events created in Chronos.';
COMMENT ON COLUMN events.parse_error IS 'Why an ACTION:/NOTE:/URL: entry in title/description could not be turned into a command/note/link.';
COMMENT ON COLUMN events.consumed_at IS 'When the ACTION:/NOTE:/URL: entry was turned into a command/note/link (so a re-sync does not do it again).';
COMMENT ON COLUMN events.reminder_offsets IS 'Minutes before start_at at which reminders go out (event_reminders records what was sent).';
COMMENT ON COLUMN events.metadata IS 'Free-form extra data, e.g. the sync source''s etag or link.';
COMMENT ON COLUMN events.search_vector IS 'Generated: title (A), location (B), description (C). Query with search_vector @@ search_query($q).';

-- Time-window queries must use exactly this expression to hit the GiST index:
--   tstzrange(start_at, end_at, '[)') && tstzrange($from, $to, '[)')
CREATE INDEX events_time_range_idx ON events USING gist (tstzrange(start_at, end_at, '[)'));
CREATE INDEX events_start_at_idx ON events (start_at);
CREATE INDEX events_calendar_start_idx ON events (calendar_id, start_at);
CREATE INDEX events_attendees_idx ON events USING gin (attendees);
CREATE INDEX events_tags_idx ON events USING gin (tags);
CREATE INDEX events_search_idx ON events USING gin (search_vector);
CREATE INDEX events_title_trgm_idx ON events USING gin (title gin_trgm_ops);
-- Auto-complete job: scheduled events whose end has passed.
CREATE INDEX events_scheduled_end_idx ON events (end_at) WHERE status = 'scheduled';
CREATE INDEX events_template_idx ON events (template_id) WHERE template_id IS NOT NULL;

-- completed_at follows status: set when an event becomes completed (unless given), cleared
-- when it leaves that status.
CREATE FUNCTION events_completed_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'completed' THEN
    NEW.completed_at := coalesce(NEW.completed_at, now());
  ELSE
    NEW.completed_at := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_completed_at BEFORE INSERT OR UPDATE OF status, completed_at ON events
  FOR EACH ROW EXECUTE FUNCTION events_completed_at();
CREATE TRIGGER events_set_updated_at BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- sub_tasks
-- ---------------------------------------------------------------------------------------------

CREATE TABLE sub_tasks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id     uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position     integer NOT NULL,
  text         text NOT NULL,
  notes        text,
  completed    boolean NOT NULL DEFAULT false,
  completed_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  -- Deferred to commit, so a reorder can rewrite positions in any order inside one transaction
  -- (even one UPDATE; non-deferred unique indexes are checked row by row in PostgreSQL).
  -- Note: a deferrable constraint cannot be an ON CONFLICT arbiter.
  CONSTRAINT sub_tasks_event_position_key UNIQUE (event_id, position) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT sub_tasks_position_check CHECK (position >= 0),
  CONSTRAINT sub_tasks_text_check CHECK (btrim(text) <> '' AND char_length(text) <= 1000),
  CONSTRAINT sub_tasks_completed_at_only_when_completed CHECK (completed_at IS NULL OR completed)
);
COMMENT ON TABLE sub_tasks IS
  'Checklist items of an event, ordered by position (0-based, unique per event at commit). Progress = completed / total.';

CREATE FUNCTION sub_tasks_completed_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.completed THEN
    NEW.completed_at := coalesce(NEW.completed_at, now());
  ELSE
    NEW.completed_at := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER sub_tasks_completed_at BEFORE INSERT OR UPDATE OF completed, completed_at ON sub_tasks
  FOR EACH ROW EXECUTE FUNCTION sub_tasks_completed_at();
CREATE TRIGGER sub_tasks_set_updated_at BEFORE UPDATE ON sub_tasks
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- event_links (n:m)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE event_links (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  target_event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  link_type       text NOT NULL DEFAULT 'related',
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_links_unique UNIQUE (source_event_id, target_event_id, link_type),
  CONSTRAINT event_links_no_self_link CHECK (source_event_id <> target_event_id),
  CONSTRAINT event_links_type_check CHECK (link_type IN ('related', 'depends_on', 'follows', 'replaces'))
);
COMMENT ON TABLE event_links IS
  'Directed links between events ("source depends_on target"). Immutable: change = delete + create. depends_on cycles are rejected by the app (recursive query) before insert.';
CREATE INDEX event_links_target_idx ON event_links (target_event_id, link_type);

-- ---------------------------------------------------------------------------------------------
-- event_reminders: which reminders went out (the due list is computed from events).
-- ---------------------------------------------------------------------------------------------

CREATE TABLE event_reminders (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id       uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  offset_minutes integer NOT NULL,
  event_start_at timestamptz NOT NULL,
  remind_at      timestamptz NOT NULL,
  outbox_id      uuid, -- FK to outbox added in 0007
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_reminders_once UNIQUE (event_id, offset_minutes, event_start_at),
  CONSTRAINT event_reminders_offset_range CHECK (offset_minutes BETWEEN 0 AND 525600)
);
COMMENT ON TABLE event_reminders IS
  'One row per reminder sent (or being sent): event, offset, and the start time it was for. Due reminders are computed from events.reminder_offsets; inserting here with ON CONFLICT DO NOTHING claims a reminder exactly once, and moving an event (new start_at) re-arms its reminders naturally.';

-- ---------------------------------------------------------------------------------------------
-- notes and saved links (from NOTE:/NOTIZ: and URL: entries, Telegram, API, console)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE notes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  text          text NOT NULL,
  tags          text[] NOT NULL DEFAULT '{}',
  source        text NOT NULL DEFAULT 'api',
  source_ref    text,
  event_id      uuid REFERENCES events (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (search_document(left(text, 20000))) STORED,
  CONSTRAINT notes_text_check CHECK (btrim(text) <> '' AND char_length(text) <= 100000),
  CONSTRAINT notes_tags_valid CHECK (text_array_all_match(tags, '^\S(.{0,98}\S)?$')),
  CONSTRAINT notes_source_format CHECK (source ~ '^[a-z][a-z0-9_.:-]{0,99}$')
);
COMMENT ON TABLE notes IS
  'Free-text notes. source: api, console, telegram, calendar, …; source_ref: e.g. the Telegram chat/message id. event_id: the event it came from or belongs to (kept NULL when that event is deleted).';
CREATE INDEX notes_created_at_idx ON notes (created_at DESC);
CREATE INDEX notes_tags_idx ON notes USING gin (tags);
CREATE INDEX notes_search_idx ON notes USING gin (search_vector);
CREATE INDEX notes_text_trgm_idx ON notes USING gin (text gin_trgm_ops);
CREATE INDEX notes_event_idx ON notes (event_id) WHERE event_id IS NOT NULL;

CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE saved_links (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url           text NOT NULL,
  description   text,
  tags          text[] NOT NULL DEFAULT '{}',
  source        text NOT NULL DEFAULT 'api',
  source_ref    text,
  event_id      uuid REFERENCES events (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (search_document(description, url)) STORED,
  CONSTRAINT saved_links_url_format CHECK (url ~* '^https?://[^\s/?#]+[^\s]*$' AND char_length(url) <= 2048),
  CONSTRAINT saved_links_description_length CHECK (char_length(description) <= 10000),
  CONSTRAINT saved_links_tags_valid CHECK (text_array_all_match(tags, '^\S(.{0,98}\S)?$')),
  CONSTRAINT saved_links_source_format CHECK (source ~ '^[a-z][a-z0-9_.:-]{0,99}$')
);
COMMENT ON TABLE saved_links IS
  'Bookmarks (http/https only) with a description, from URL: entries, Telegram, API or console.';
CREATE INDEX saved_links_created_at_idx ON saved_links (created_at DESC);
CREATE INDEX saved_links_tags_idx ON saved_links USING gin (tags);
CREATE INDEX saved_links_search_idx ON saved_links USING gin (search_vector);
CREATE INDEX saved_links_url_trgm_idx ON saved_links USING gin (url gin_trgm_ops);
CREATE INDEX saved_links_description_trgm_idx ON saved_links USING gin (description gin_trgm_ops);
CREATE INDEX saved_links_event_idx ON saved_links (event_id) WHERE event_id IS NOT NULL;

CREATE TRIGGER saved_links_set_updated_at BEFORE UPDATE ON saved_links
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
