// The body of POST /ingest/{domain} → the records to store, each as the exact JSON text the
// caller sent (numbers keep every digit, size_bytes is the record's size as received).
//   - one JSON object = one record; an array of objects = several records (at most
//     MAX_RECORDS_PER_REQUEST, else 413); anything else = 400 `invalid json: …`;
//   - text PostgreSQL cannot store in jsonb (a NUL character, an unpaired surrogate — both
//     only expressible as \u escapes) is refused here with the reason, rather than failing the
//     write.
import { badRequest, HttpProblem } from '../../http/problem.ts';
import { MAX_RECORDS_PER_REQUEST } from './schemas.ts';

export type RecordText = { json: string; bytes: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export const invalidJson = (detail: string, errors: Record<string, string> = { body: detail }) =>
  badRequest(`invalid json: ${detail}`, errors);

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function parseRecords(body: unknown): RecordText[] {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  if (buffer.length === 0) throw invalidJson('the body is empty; send a JSON object or an array of objects');
  let json: string;
  try {
    json = utf8.decode(buffer);
  } catch {
    throw invalidJson('the body is not UTF-8 text');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw invalidJson(`the body is not valid JSON (${(error as Error).message})`);
  }
  if (kind(value) !== 'object' && kind(value) !== 'array')
    throw invalidJson(`the body must be a JSON object or an array of objects, not ${kind(value)}`);
  // Only an escape can produce NUL or a lone surrogate; most bodies have neither.
  if (/\\u(0000|[dD][89a-fA-F])/.test(json)) {
    const problem = unstorable(value, '');
    if (problem)
      throw invalidJson(`${problem.where || 'the body'} ${problem.why}`, { [problem.where || 'body']: problem.why });
  }
  if (!Array.isArray(value)) return [{ json, bytes: buffer.length }];

  if (value.length > MAX_RECORDS_PER_REQUEST)
    throw new HttpProblem(413, 'Content Too Large', {
      detail: `the array holds ${value.length} records; at most ${MAX_RECORDS_PER_REQUEST} per request`,
      errors: { body: `must hold at most ${MAX_RECORDS_PER_REQUEST} records` },
    });
  const errors: Record<string, string> = {};
  for (let i = 0; i < value.length && Object.keys(errors).length < 10; i++) {
    if (kind(value[i]) !== 'object') errors[String(i)] = `must be a JSON object, not ${kind(value[i])}`;
  }
  const bad = Object.keys(errors);
  if (bad.length > 0)
    throw invalidJson(`every element of the array must be a JSON object (element ${bad[0]} is not)`, errors);
  const texts = topLevelElements(json);
  if (texts.length !== value.length) throw new Error('ingest: array split does not match the parsed array');
  return texts.map((text) => ({ json: text, bytes: Buffer.byteLength(text) }));
}

/** The first place holding text that jsonb refuses, with the reason. */
function unstorable(value: unknown, path: string, depth = 0): { where: string; why: string } | null {
  const check = (text: string, where: string) => {
    if (text.includes('\u0000')) return { where, why: 'contains a NUL character (\\u0000), which cannot be stored' };
    if (!text.isWellFormed())
      return { where, why: 'contains an unpaired surrogate (\\ud800–\\udfff), which cannot be stored' };
    return null;
  };
  if (typeof value === 'string') return check(value, path);
  if (value === null || typeof value !== 'object' || depth > 1000) return null; // deeper: the database refuses it (400)
  for (const [key, inner] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    const found = check(key, where) ?? unstorable(inner, where, depth + 1);
    if (found) return found;
  }
  return null;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * The raw text of each element of a top-level JSON array. Only called on text JSON.parse
 * accepted, so a scan that tracks strings (with escapes) and nesting depth is enough.
 */
export function topLevelElements(json: string): string[] {
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) start = i + 1;
    } else if (c === ']' || c === '}') {
      if (depth === 1) push(json.slice(start, i));
      depth--;
    } else if (c === ',' && depth === 1) {
      push(json.slice(start, i));
      start = i + 1;
    }
  }
  return elements;

  function push(text: string) {
    let from = 0;
    let to = text.length;
    while (from < to && WHITESPACE.has(text[from]!)) from++;
    while (to > from && WHITESPACE.has(text[to - 1]!)) to--;
    if (to > from) elements.push(text.slice(from, to));
  }
}
