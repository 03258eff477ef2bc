-- 0018 — wake relays only when an outbox row was really written.
--
-- The statement-level trigger of 0007 also fired for INSERT … SELECT statements that inserted
-- nothing (an event emitted with no matching subscription), and every transaction that calls
-- pg_notify takes a cluster-wide lock at COMMIT to queue the notification, so commits that
-- announced nothing were serialised for nothing. A row-level trigger fires per inserted row;
-- identical notifications of one transaction are still folded into one.
DROP TRIGGER outbox_notify_insert ON outbox;
CREATE TRIGGER outbox_notify_insert AFTER INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION outbox_notify();
