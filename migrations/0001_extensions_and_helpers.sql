-- 0001 — extensions and shared helper functions used by the later migrations.
--
-- All four extensions are "trusted" since PostgreSQL 13, so the database owner can install
-- them without being a superuser.

CREATE EXTENSION IF NOT EXISTS pgcrypto;   -- hmac()/digest() for ad-hoc SQL; gen_random_uuid()/sha256() are built in
CREATE EXTENSION IF NOT EXISTS btree_gist; -- lets GiST indexes mix scalar columns with ranges
CREATE EXTENSION IF NOT EXISTS pg_trgm;    -- trigram indexes for fuzzy / ILIKE search on notes, links, titles
CREATE EXTENSION IF NOT EXISTS citext;     -- case-insensitive e-mail addresses (admin_users.email)

-- ---------------------------------------------------------------------------------------------
-- updated_at maintenance
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION set_updated_at() IS
  'BEFORE UPDATE row trigger: stamps updated_at with the transaction time. Attached to every mutable table as <table>_set_updated_at.';

-- ---------------------------------------------------------------------------------------------
-- Array validation helpers for CHECK constraints. CHECK expressions may not contain
-- subqueries, so element-wise checks live in (immutable) functions.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION text_array_all_match(a text[], pattern text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  x text;
BEGIN
  IF a IS NULL THEN
    RETURN true; -- NOT NULL is a separate constraint
  END IF;
  FOREACH x IN ARRAY a LOOP
    IF x IS NULL OR x !~ pattern THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;
COMMENT ON FUNCTION text_array_all_match(text[], text) IS
  'true when every element is non-NULL and matches the regular expression (NULL array counts as valid).';

CREATE FUNCTION email_array_is_valid(a text[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  x text;
BEGIN
  IF a IS NULL THEN
    RETURN true;
  END IF;
  FOREACH x IN ARRAY a LOOP
    IF x IS NULL OR x <> lower(x) OR x !~ '^[^@\s]+@[^@\s]+$' OR char_length(x) > 320 THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;
COMMENT ON FUNCTION email_array_is_valid(text[]) IS
  'true when every element looks like an e-mail address and is already lower-cased (attendee lists are stored lower-cased so that array overlap (&&) matches case-insensitively).';

CREATE FUNCTION int_array_all_between(a integer[], lo integer, hi integer) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  x integer;
BEGIN
  IF a IS NULL THEN
    RETURN true;
  END IF;
  FOREACH x IN ARRAY a LOOP
    IF x IS NULL OR x < lo OR x > hi THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;
COMMENT ON FUNCTION int_array_all_between(integer[], integer, integer) IS
  'true when every element is non-NULL and within [lo, hi].';

CREATE FUNCTION jsonb_is_object(j jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT j IS NULL OR jsonb_typeof(j) = 'object'
$$;

CREATE FUNCTION is_valid_time_zone(tz text) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  IF tz IS NULL OR tz !~ '^[A-Za-z][A-Za-z0-9_+/-]*$' THEN
    RETURN false;
  END IF;
  PERFORM now() AT TIME ZONE tz;
  RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN false;
END
$$;
COMMENT ON FUNCTION is_valid_time_zone(text) IS
  'true when PostgreSQL knows the time zone name (IANA names such as Europe/Berlin, or UTC).';

-- ---------------------------------------------------------------------------------------------
-- Full-text search: one document and one query shape for every searchable table.
--
-- Content is English and German (the console is bilingual), plus names and codes that no
-- stemmer knows, so every text is indexed three times: 'english' and 'german' (stemmed,
-- stop words removed) and 'simple' (exact words). A query is OR-ed over the same three
-- configurations, so "meetings" finds "meeting", "Besprechungen" finds "Besprechung", and
-- "ACME-42" finds itself.
--
-- DO NOT `CREATE OR REPLACE` search_document(): stored generated columns are computed with it
-- and would not be recomputed. To change the weighting, add a new function and re-create the
-- generated columns in a new migration.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION search_document(a text, b text DEFAULT NULL, c text DEFAULT NULL) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT
       setweight(to_tsvector('simple'::regconfig,  coalesce(a, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(a, '')), 'A')
    || setweight(to_tsvector('german'::regconfig,  coalesce(a, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig,  coalesce(b, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(b, '')), 'B')
    || setweight(to_tsvector('german'::regconfig,  coalesce(b, '')), 'B')
    || setweight(to_tsvector('simple'::regconfig,  coalesce(c, '')), 'C')
    || setweight(to_tsvector('english'::regconfig, coalesce(c, '')), 'C')
    || setweight(to_tsvector('german'::regconfig,  coalesce(c, '')), 'C')
$$;
COMMENT ON FUNCTION search_document(text, text, text) IS
  'tsvector over up to three texts with weights A, B, C, in the simple, english and german configurations. Used by the search_vector generated columns.';

CREATE FUNCTION search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT websearch_to_tsquery('simple'::regconfig, coalesce(q, ''))
      || websearch_to_tsquery('english'::regconfig, coalesce(q, ''))
      || websearch_to_tsquery('german'::regconfig, coalesce(q, ''))
$$;
COMMENT ON FUNCTION search_query(text) IS
  'The tsquery for a user''s free-text q (web-search syntax: words, "phrases", -not, or): use as `search_vector @@ search_query($1)` and rank with ts_rank(search_vector, search_query($1)).';
