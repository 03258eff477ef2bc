-- 0011 — indexes for the console's default list orders. A list page is
-- `ORDER BY <column> <dir>, id <dir> LIMIT n`; with a btree on the sort column the page is
-- read in index order and stops after n matching rows instead of sorting the whole table.

CREATE INDEX api_keys_created_at_idx ON api_keys (created_at);
CREATE INDEX admin_users_created_at_idx ON admin_users (created_at);
