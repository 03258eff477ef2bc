// PostgreSQL text cannot hold the NUL character: a string containing one fails deep inside a
// query with a 500. Refused here, once for every route, as a 400 naming where it was found
// (body fields by their path, `query.<name>` for the query string, which includes list filters).
import type { RequestHandler } from 'express';
import { badRequest } from './problem.ts';

const MAX_DEPTH = 64;

/** Every place (dotted path) where a string or key holds a NUL character. */
function findNul(value: unknown, path: string, found: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
    return found;
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return found;
  for (const [key, inner] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) found.push(where);
    else findNul(inner, where, found, depth + 1);
  }
  return found;
}

export const refuseNul: RequestHandler = (req, _res, next) => {
  // List filters arrive as JSON text inside the query string; the escaped form \u0000 decodes
  // to NUL only after JSON.parse, so those are looked at decoded as well.
  const places = [...findNul(req.query, 'query'), ...findEscapedNul(req.query), ...findNul(req.body, '')];
  if (places.length) {
    const errors = Object.fromEntries(places.map((where) => [where || 'body', 'must not contain NUL characters']));
    throw badRequest('text must not contain NUL characters', errors);
  }
  next();
};

function findEscapedNul(query: unknown): string[] {
  if (query === null || typeof query !== 'object') return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string' || !value.includes('\\u')) continue;
    try {
      findNul(JSON.parse(value), `query.${key}`, found);
    } catch {
      // not JSON: the route's own validation answers that
    }
  }
  return found;
}
