// Named (server-side prepared) statements for the hot paths: PostgreSQL parses and plans such a
// statement once per connection instead of on every call, and may settle on a generic plan.
// The name is a digest of the text, so one text has one name on every connection (pg refuses
// one name for two texts). Use it only for statements whose text comes from a bounded set
// (fixed SQL, or a list query built from a resource's own filter and sort definitions): a
// connection keeps every statement it has prepared until it closes.
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();
const MAX_NAMES = 5_000;

export function named(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `chronos_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return { name, text, values };
}
