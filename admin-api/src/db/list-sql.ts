// Turns a parsed ListQuery into one parameterised SELECT for the page and one COUNT for the
// total. Column and filter SQL come only from the resource's own definition (never from the
// request), values only as $n parameters, so nothing a client sends becomes SQL text.
import pg from 'pg';
import type { ListQuery } from '../http/list-query.ts';

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
  const countValues = [...params.values];
  const limit = params.add(query.range[1] - query.range[0] + 1);
  const offset = params.add(query.range[0]);
  // Default NULLS placement (LAST for ASC, FIRST for DESC) so a plain btree index on the
  // sort column can deliver the order; the id breaks ties so pages never overlap.
  const pageSize = query.range[1] - query.range[0] + 1;
  const [page, estimate] = await Promise.all([
    db.query<T>(
      `SELECT ${table.columns} FROM ${table.from} ${whereSql}
        ORDER BY ${sortColumn} ${order}, ${table.idColumn} ${order}
        LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    ),
    estimateMatches(db, `FROM ${table.from} ${whereSql}`, countValues),
  ]);
  const total = await totalOf(db, `FROM ${table.from} ${whereSql}`, countValues, {
    offset: query.range[0],
    pageSize,
    returned: page.rows.length,
    estimate,
  });
  return { rows: page.rows, total };
}

/**
 * The total for Content-Range, without scanning every match on every page request:
 *   - a short page (or an empty one at offset 0) tells the exact total by itself;
 *   - otherwise the planner's estimate decides: small results (≤ COUNT_CAP) are counted
 *     exactly (a scan of at most COUNT_CAP + 1 rows), large ones report the estimate — the
 *     console only needs the order of magnitude for its pagination then.
 */
export const COUNT_CAP = 1000;

/**
 * Planner estimates per pool, kept for a few seconds: paging through one filtered list asks the
 * same question again and again, and the planner's answer only changes after ANALYZE anyway.
 * Saves a database round trip on most list requests.
 */
const ESTIMATE_TTL_MS = 5_000;
const ESTIMATES_PER_POOL = 1_000;
const estimates = new WeakMap<object, Map<string, { rows: number; until: number }>>();

async function estimateMatches(db: Queryable, fromWhere: string, values: unknown[]): Promise<number> {
  const sql = `EXPLAIN (FORMAT JSON) SELECT 1 ${fromWhere}`;
  let cache = db instanceof pg.Pool ? estimates.get(db) : undefined;
  if (db instanceof pg.Pool && !cache) estimates.set(db, (cache = new Map()));
  const key = cache ? `${sql}\u0000${JSON.stringify(values)}` : '';
  const cached = cache?.get(key);
  if (cached && cached.until > Date.now()) return cached.rows;
  const plan = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(sql, values);
  const rows = Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  if (cache) {
    if (cache.size >= ESTIMATES_PER_POOL) cache.delete(cache.keys().next().value!);
    cache.set(key, { rows, until: Date.now() + ESTIMATE_TTL_MS });
  }
  return rows;
}

async function totalOf(
  db: Queryable,
  fromWhere: string,
  values: unknown[],
  page: { offset: number; pageSize: number; returned: number; estimate: number },
): Promise<number> {
  if (page.returned > 0 && page.returned < page.pageSize) return page.offset + page.returned;
  if (page.returned === 0 && page.offset === 0) return 0;
  if (page.estimate > COUNT_CAP) return Math.max(page.estimate, page.offset + page.returned);
  const capped = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 ${fromWhere} LIMIT ${COUNT_CAP + 1}) AS capped`,
    values,
  );
  const n = capped.rows[0]?.n ?? 0;
  // The estimate was low and the result is large after all: keep the capped count as a floor.
  return n;
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
