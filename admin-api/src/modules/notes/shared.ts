// What notes and saved links have in common: tags, source, source reference, the event they
// belong to, their list filters, full-text search, and the checks that keep database rule
// violations from surfacing as anything but a 400 naming the field.
import type pg from 'pg';
import { filterSql, ilikeSearch, type FilterSql, type SqlParams } from '../../db/list-sql.ts';
import { badRequest } from '../../http/problem.ts';
import { z } from '../../openapi/zod.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export const MAX_TAGS = 50;

// The tables' CHECKs: `^\S(.{0,98}\S)?$` per tag and `^[a-z][a-z0-9_.:-]{0,99}$` for source.
// `u`: count code points as PostgreSQL does; without `s`, `.` excludes line breaks (stricter).
const TAG = /^\S(.{0,98}\S)?$/u;
const SOURCE = /^[a-z][a-z0-9_.:-]{0,99}$/;

export const tagSchema = z.string('must be text').trim().regex(TAG, 'must be 1 to 100 characters on one line');

/** Tags: trimmed, duplicates dropped (first occurrence kept), at most 50; null means none. */
export const tagsSchema = z
  .array(tagSchema, 'must be a list of tags')
  .nullish()
  .transform((tags) => [...new Set(tags ?? [])])
  .pipe(z.array(z.string()).max(MAX_TAGS, `must hold at most ${MAX_TAGS} tags`));

const sourceText = z
  .string('must be text')
  .regex(SOURCE, 'must be a lower-case letter, then up to 99 of a-z 0-9 _ . : - (e.g. api, telegram)');

/** Where the record came from; 'api' when not given. */
export const sourceSchema = z
  .string('must be text')
  .trim()
  .nullish()
  .transform((v) => (v ? v : 'api'))
  .pipe(sourceText);

/** Optional text where '' means "none" (forms send empty strings for cleared inputs). */
export const optionalText = (max: number) =>
  z
    .string('must be text')
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const eventIdSchema = z
  .string('must be a UUID')
  .trim()
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null))
  .pipe(z.uuid('must be a UUID').nullable());

const oneOrMany = <T extends z.ZodType<string>>(item: T) =>
  z.union([item, z.array(item).min(1).max(MAX_TAGS)]).transform((v) => (Array.isArray(v) ? v : [v]));
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** List filters besides q and id. */
export const commonFilters = {
  tags: oneOrMany(tagSchema).openapi({ description: 'records carrying all of these tags' }),
  event_id: z.uuid('must be a UUID'),
  source: oneOrMany(sourceText),
  created_from: instant,
  created_to: instant,
};

/** SQL for commonFilters on the table alias `t` (created_to is exclusive). */
export function commonFilterSql(t: string): Record<keyof typeof commonFilters, FilterSql> {
  return {
    tags: filterSql.arrayContains(`${t}.tags`),
    event_id: filterSql.equals(`${t}.event_id`),
    source: filterSql.oneOf(`${t}.source`),
    created_from: filterSql.from(`${t}.created_at`),
    created_to: filterSql.until(`${t}.created_at`),
  };
}

/**
 * `q`: full text over search_vector with the database's search_query() (simple, english and
 * german at once: "meeting" finds "Meetings", "Besprechung" finds "Besprechungen"), or a
 * case-insensitive substring of the given columns (trigram indexes), so a part of a word or a
 * piece of a URL finds the record too.
 */
export function fullTextSearch(t: string, ...substringColumns: string[]) {
  const substring = ilikeSearch(...substringColumns);
  return (q: string, params: SqlParams) =>
    `${t}.search_vector @@ search_query(${params.add(q)}) OR ${substring(q, params)}`;
}

/**
 * 400 unless the event exists. Locks it against deletion (FOR KEY SHARE) until the transaction
 * ends, so the reference inserted next cannot dangle.
 */
export async function assertEventExists(db: Queryable, eventId: string | null): Promise<void> {
  if (!eventId) return;
  const found = await db.query('SELECT 1 FROM events WHERE id = $1 FOR KEY SHARE', [eventId]);
  if (!found.rowCount) throw badRequest(`event_id: no event with id ${eventId}`, { event_id: 'no event with this id' });
}

/**
 * The net under the zod checks: a CHECK or foreign-key violation whose constraint is in
 * `fields` becomes a 400 naming that field; anything else is rethrown.
 */
export function constraintProblem(error: unknown, fields: Record<string, string>): never {
  const e = error as { code?: string; constraint?: string };
  const field =
    (e.code === '23514' || e.code === '23503') && e.constraint && Object.hasOwn(fields, e.constraint)
      ? fields[e.constraint]
      : undefined;
  if (field) {
    const message = e.code === '23503' ? 'refers to a record that does not exist' : 'is not valid';
    throw badRequest(`${field}: ${message}`, { [field]: message });
  }
  throw error;
}
