// Turns a parsed ListQuery into one parameterised SELECT for the page and one COUNT for the
// total. Column and filter SQL come only from the resource's own definition (never from the
// request), values only as $n parameters, so nothing a client sends becomes SQL text.
import pg from 'pg';
import type { ListQuery } from '../http/list-query.ts';
import { named } from './named.ts';

export class SqlParams {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export type FilterSql = (value: never, params: SqlParams) => string;

export type ListTable = {
  /** FROM clause, e.g. `templates t`. */
  from: string;
  /** Select list, e.g. `t.id, t.name, …`. */
  columns: string;
  /** SQL expression of the id (for `filter.id`). */
  idColumn: string;
  /** How `q` searches, or undefined to refuse `q`… (every resource should support it). */
  search: (q: string, params: SqlParams) => string;
  /** SQL per filter name. */
  filters: Record<string, FilterSql>;
  /** SQL expression per sortable field (the field names the client uses). */
  sortColumns: Record<string, string>;
  /** Always-applied condition (e.g. scoping), optional. */
  baseWhere?: string;
  /** Per-request conditions with parameters (e.g. a time window), optional. */
  extraWhere?: Array<(params: SqlParams) => string>;
  /**
   * Select the page's ids first, then its rows: for a table whose hot filter is served by a
   * covering index (index-only scan over the matches, sorted there), so only the rows of the
   * page are read from the heap instead of every match. Needs an indexed idColumn.
   */
  keysFirst?: boolean;
};

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

export async function listRows<T extends pg.QueryResultRow>(
  db: Queryable,
  table: ListTable,
  query: ListQuery,
): Promise<{ rows: T[]; total: number }> {
  const params = new SqlParams();
  const where: string[] = table.baseWhere ? [table.baseWhere] : [];
  for (const condition of table.extraWhere ?? []) where.push(condition(params));
  for (const [name, value] of Object.entries(query.filter)) {
    if (value === undefined) continue;
    if (name === 'q') where.push(table.search(value as string, params));
    else if (name === 'id') where.push(`${table.idColumn}::text = ANY(${params.add(value)}::text[])`);
    else {
      const build = Object.hasOwn(table.filters, name) ? table.filters[name] : undefined;
      if (!build) throw new Error(`no SQL for filter ${name}`);
      where.push(build(value as never, params));
    }
  }
  const whereSql = where.length ? `WHERE ${where.map((w) => `(${w})`).join(' AND ')}` : '';
  const [field, order] = query.sort;
  const sortColumn = Object.hasOwn(table.sortColumns, field) ? table.sortColumns[field] : undefined;
  if (!sortColumn) throw new Error(`no SQL for sort field ${field}`);
  const fromWhere = `FROM ${table.from} ${whereSql}`;
  const countValues = [...params.values];
  const page = { offset: query.range[0], size: query.range[1] - query.range[0] + 1 };
  const limit = params.add(page.size);
  const offset = params.add(page.offset);
  // Default NULLS placement (LAST for ASC, FIRST for DESC) so a plain btree index on the
  // sort column can deliver the order; the id breaks ties so pages never overlap.
  const orderBy = `ORDER BY ${sortColumn} ${order}, ${table.idColumn} ${order}`;
  const pageOf = `${orderBy} LIMIT ${limit} OFFSET ${offset}`;
  const selectPage = (leadingColumns = '') =>
    table.keysFirst
      ? `SELECT ${leadingColumns}${table.columns} FROM ${table.from}
          WHERE ${table.idColumn} IN (SELECT ${table.idColumn} ${fromWhere} ${pageOf}) ${orderBy}`
      : `SELECT ${leadingColumns}${table.columns} ${fromWhere} ${pageOf}`;

  // A filter known to match many rows: the page alone, the total from the planner's estimate.
  const known = largeEstimate(db, fromWhere, countValues);
  if (known !== undefined) {
    const rows = (await db.query<T>(named(selectPage(), params.values))).rows;
    return { rows, total: totalFrom(page, rows.length, known) };
  }
  // Otherwise the page and a capped count in one statement (one round trip, which is most of
  // the cost of a small list): an uncorrelated subquery, evaluated once, counts the matches up
  // to COUNT_CAP + 1 and rides along on every page row.
  const capped = `SELECT count(*)::int FROM (SELECT 1 ${fromWhere} LIMIT ${COUNT_CAP + 1}) m`;
  const combined = await db.query<T & { list_matches: number }>(
    named(selectPage(`(${capped}) AS list_matches, `), params.values),
  );
  const rows: T[] = combined.rows.map(({ list_matches: _matches, ...record }) => record as unknown as T);
  let matches = combined.rows[0]?.list_matches;
  if (matches === undefined) {
    // An empty page: nothing matches at all, or the page lies past the end.
    if (page.offset === 0) return { rows, total: 0 };
    matches = (await db.query<{ n: number }>(`SELECT (${capped}) AS n`, countValues)).rows[0]!.n;
  }
  if (matches <= COUNT_CAP) return { rows, total: matches };
  // More than COUNT_CAP matches: exact counting would scan them all on every page request.
  const estimate = await estimateMatches(db, fromWhere, countValues);
  return { rows, total: totalFrom(page, rows.length, estimate) };
}

/** The total of a large result: exact when the page is short, else the estimate (at least what was seen). */
function totalFrom(page: { offset: number; size: number }, returned: number, estimate: number): number {
  if (returned > 0 && returned < page.size) return page.offset + returned;
  return Math.max(estimate, page.offset + returned, COUNT_CAP + 1);
}

/**
 * The total for Content-Range, without scanning every match on every page request: results of
 * up to COUNT_CAP rows are counted exactly (in the same statement as the page), larger ones
 * report the planner's estimate — the console only needs the order of magnitude for its
 * pagination then.
 */
export const COUNT_CAP = 1000;

/**
 * Planner estimates of large results per pool, kept for a few seconds: paging through one big
 * filtered list asks the same question again and again, and the planner's answer only changes
 * after ANALYZE anyway. With one cached, a page request is a single plain SELECT.
 */
const ESTIMATE_TTL_MS = 5_000;
const ESTIMATES_PER_POOL = 1_000;
const estimates = new WeakMap<object, Map<string, { rows: number; until: number }>>();

const estimateKey = (fromWhere: string, values: unknown[]) => `${fromWhere}\u0000${JSON.stringify(values)}`;

function largeEstimate(db: Queryable, fromWhere: string, values: unknown[]): number | undefined {
  const cached = estimates.get(db)?.get(estimateKey(fromWhere, values));
  return cached && cached.until > Date.now() ? cached.rows : undefined;
}

async function estimateMatches(db: Queryable, fromWhere: string, values: unknown[]): Promise<number> {
  const plan = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 ${fromWhere}`,
    values,
  );
  const rows = Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  // Only pools are shared between requests; a transaction's client asks each time.
  if (db instanceof pg.Pool) {
    let cache = estimates.get(db);
    if (!cache) estimates.set(db, (cache = new Map()));
    if (cache.size >= ESTIMATES_PER_POOL) cache.delete(cache.keys().next().value!);
    cache.set(estimateKey(fromWhere, values), { rows, until: Date.now() + ESTIMATE_TTL_MS });
  }
  return rows;
}

/** Common filter builders. */
export const filterSql = {
  equals:
    (column: string): FilterSql =>
    (value: never, params) =>
      `${column} = ${params.add(value)}`,
  oneOf:
    (column: string): FilterSql =>
    (value: never, params) =>
      `${column} = ANY(${params.add(Array.isArray(value) ? value : [value])})`,
  arrayContains:
    (column: string): FilterSql =>
    (value: never, params) =>
      `${column} @> ${params.add(Array.isArray(value) ? value : [value])}`,
  from:
    (column: string): FilterSql =>
    (value: never, params) =>
      `${column} >= ${params.add(value)}`,
  until:
    (column: string): FilterSql =>
    (value: never, params) =>
      `${column} < ${params.add(value)}`,
};

/** `q` as a case-insensitive substring match over some text columns (small resources). */
export function ilikeSearch(...columns: string[]) {
  return (q: string, params: SqlParams) => {
    const pattern = params.add(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return columns.map((c) => `${c} ILIKE ${pattern}`).join(' OR ');
  };
}
