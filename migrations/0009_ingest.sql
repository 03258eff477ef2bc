-- 0009 — ingest: tokens per domain and the records webhook callers push to POST /ingest/{domain}.

CREATE TABLE ingest_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  domain       text NOT NULL,
  public_id    text NOT NULL,
  token_hash   bytea NOT NULL,
  description  text,
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz,
  last_used_ip inet,
  use_count    bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ingest_tokens_public_id_key UNIQUE (public_id),
  CONSTRAINT ingest_tokens_public_id_format CHECK (public_id ~ '^[0-9A-Za-z]{8,64}$'),
  CONSTRAINT ingest_tokens_domain_format CHECK (domain ~ '^[a-z0-9-]{1,63}$'),
  CONSTRAINT ingest_tokens_token_hash_length CHECK (octet_length(token_hash) = 32),
  CONSTRAINT ingest_tokens_use_count_check CHECK (use_count >= 0)
);
COMMENT ON TABLE ingest_tokens IS
  'Tokens for POST /ingest/{domain}, each valid for one domain. Like API keys: public_id finds the row, token_hash = SHA-256 of the secret part. Valid while revoked_at is NULL and expires_at is NULL or in the future.';
CREATE INDEX ingest_tokens_domain_idx ON ingest_tokens (domain);

CREATE TRIGGER ingest_tokens_set_updated_at BEFORE UPDATE ON ingest_tokens
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE ingest_records (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  domain      text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload     jsonb NOT NULL,
  source_ip   inet,
  token_id    uuid REFERENCES ingest_tokens (id) ON DELETE SET NULL,
  size_bytes  integer,
  CONSTRAINT ingest_records_domain_format CHECK (domain ~ '^[a-z0-9-]{1,63}$'),
  CONSTRAINT ingest_records_size_check CHECK (size_bytes IS NULL OR size_bytes >= 0)
);
COMMENT ON TABLE ingest_records IS
  'Records received on POST /ingest/{domain}: any JSON body, with domain and receive time. Export per domain as JSONL ordered by (received_at, id).';
COMMENT ON COLUMN ingest_records.size_bytes IS 'Size of the request body as received.';
CREATE INDEX ingest_records_domain_received_idx ON ingest_records (domain, received_at, id);
CREATE INDEX ingest_records_received_at_brin ON ingest_records USING brin (received_at);

CREATE VIEW ingest_domains AS
  SELECT d.domain AS id,
         d.domain,
         coalesce(r.record_count, 0) AS record_count,
         r.first_received_at,
         r.last_received_at,
         coalesce(t.active_tokens, 0) AS active_tokens
    FROM (SELECT domain FROM ingest_records UNION SELECT domain FROM ingest_tokens) d
    LEFT JOIN (SELECT domain, count(*) AS record_count, min(received_at) AS first_received_at, max(received_at) AS last_received_at
                 FROM ingest_records GROUP BY domain) r ON r.domain = d.domain
    LEFT JOIN (SELECT domain, count(*) AS active_tokens
                 FROM ingest_tokens
                WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                GROUP BY domain) t ON t.domain = d.domain;
COMMENT ON VIEW ingest_domains IS
  'One row per known ingest domain (with records or tokens), id = domain for react-admin. record_count and active_tokens are bigint.';
