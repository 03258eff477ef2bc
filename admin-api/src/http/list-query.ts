// The ra-data-simple-rest list contract, parsed once for every resource:
//   GET /res?filter={"status":"x","q":"text","id":[…]}&range=[0,24]&sort=["field","ASC"]
// (or a `Range: res=0-24` header instead of `range`). Filter and sort fields are whitelisted
// per resource; anything malformed or unknown is a 400 with the offending part named.
import type { ZodType } from 'zod';
import { z } from 'zod';
import { badRequest, fieldErrorsFromZod, type FieldErrors } from './problem.ts';

export const MAX_PAGE = 1000;
const DEFAULT_RANGE: [number, number] = [0, 24];

export type SortOrder = 'ASC' | 'DESC';

export type ListSpec<F extends Record<string, ZodType>> = {
  /** Filters besides `q` and `id`, each with the schema its value must satisfy. */
  filters: F;
  sortable: readonly string[];
  defaultSort: [string, SortOrder];
};

export type ListQuery<F extends Record<string, ZodType> = Record<string, ZodType>> = {
  filter: { [K in keyof F]?: z.infer<F[K]> } & { q?: string; id?: string[] };
  range: [number, number];
  sort: [string, SortOrder];
};

const rangeSchema = z
  .tuple([z.number().int().min(0), z.number().int().min(0)])
  .refine(([start, end]) => end >= start, 'the end of the range must not be before its start')
  .refine(([start, end]) => end - start + 1 <= MAX_PAGE, `a page holds at most ${MAX_PAGE} records`);

const idFilter = z.union([z.string().min(1).max(200), z.number()]).transform(String);

function parseJson(raw: unknown, name: string): unknown {
  if (typeof raw !== 'string') throw badRequest(`${name} must be given once, as JSON`, { [name]: 'must be JSON' });
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest(`${name} is not valid JSON`, { [name]: 'is not valid JSON' });
  }
}

function parseRangeHeader(header: string | undefined): [number, number] | undefined {
  if (!header) return undefined;
  const match = /^[a-z][a-z0-9_-]*=(\d{1,9})-(\d{1,9})$/i.exec(header.trim());
  if (!match) throw badRequest('the Range header must look like "resource=0-24"', { 'headers.range': 'malformed' });
  return [Number(match[1]), Number(match[2])];
}

export function parseListQuery<F extends Record<string, ZodType>>(
  query: Record<string, unknown>,
  rangeHeader: string | undefined,
  spec: ListSpec<F>,
): ListQuery<F> {
  const errors: FieldErrors = {};

  // filter
  const filter: Record<string, unknown> = {};
  if (query.filter !== undefined) {
    const raw = parseJson(query.filter, 'filter');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw badRequest('filter must be a JSON object', { filter: 'must be a JSON object' });
    }
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value === undefined || value === null || value === '') continue;
      if (name === 'q') {
        if (typeof value !== 'string' || value.length > 500)
          errors['filter.q'] = 'must be text of at most 500 characters';
        else if (value.trim()) filter.q = value.trim();
        continue;
      }
      if (name === 'id') {
        const ids = z
          .array(idFilter)
          .max(MAX_PAGE)
          .safeParse(Array.isArray(value) ? value : [value]);
        if (ids.success) filter.id = ids.data;
        else errors['filter.id'] = `must be an id or a list of at most ${MAX_PAGE} ids`;
        continue;
      }
      // Own properties only: a filter named "toString" must not find Object.prototype's.
      const schema = Object.hasOwn(spec.filters, name) ? spec.filters[name] : undefined;
      if (!schema) {
        errors[`filter.${name}`] =
          `is not a filter of this resource (filters: ${['q', 'id', ...Object.keys(spec.filters)].join(', ')})`;
        continue;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) filter[name] = parsed.data;
      else Object.assign(errors, fieldErrorsFromZod(parsed.error, `filter.${name}`));
    }
  }

  // range (query parameter wins over the header)
  let range = DEFAULT_RANGE;
  const rawRange = query.range !== undefined ? parseJson(query.range, 'range') : parseRangeHeader(rangeHeader);
  if (rawRange !== undefined) {
    const parsed = rangeSchema.safeParse(rawRange);
    if (parsed.success) range = parsed.data;
    else errors.range = parsed.error.issues[0]?.message ?? 'must be [start, end]';
  }

  // sort
  let sort = spec.defaultSort;
  if (query.sort !== undefined) {
    const raw = parseJson(query.sort, 'sort');
    const parsed = z.tuple([z.string(), z.string()]).safeParse(raw);
    if (!parsed.success) errors.sort = 'must be ["field", "ASC" or "DESC"]';
    else {
      const [field, order] = parsed.data;
      const upper = order.toUpperCase();
      if (!spec.sortable.includes(field))
        errors.sort = `cannot sort by ${field} (sortable: ${spec.sortable.join(', ')})`;
      else if (upper !== 'ASC' && upper !== 'DESC') errors.sort = 'the order must be ASC or DESC';
      else sort = [field, upper];
    }
  }

  for (const name of Object.keys(query)) {
    if (!['filter', 'range', 'sort'].includes(name))
      errors[`query.${name}`] = 'is not a list parameter (filter, range, sort)';
  }

  const fields = Object.keys(errors);
  if (fields.length > 0) {
    throw badRequest(
      fields.length === 1 ? `${fields[0]} ${errors[fields[0]!]}` : `${fields.length} list parameters are invalid`,
      errors,
    );
  }
  return { filter: filter as ListQuery<F>['filter'], range, sort };
}

// The Content-Range value for a page: `res 0-24/319`, or `res */0` for an empty result.
export function contentRange(resource: string, range: [number, number], returned: number, total: number): string {
  if (returned === 0) return `${resource} */${total}`;
  return `${resource} ${range[0]}-${range[0] + returned - 1}/${total}`;
}
