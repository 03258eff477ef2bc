-- 0019 — live progress of a running backup: archive bytes written so far (the dump's final
-- size is unknown while it streams, so bytes are the one figure that always moves).
ALTER TABLE backups ADD COLUMN bytes_done bigint;
ALTER TABLE backups ADD CONSTRAINT backups_bytes_done_check CHECK (bytes_done IS NULL OR bytes_done >= 0);
COMMENT ON COLUMN backups.bytes_done IS 'Archive bytes written so far while running; the archive size when finished.';
