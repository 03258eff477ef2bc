// The one error shape of the API: RFC 9457 problem+json, plus `message` (which react-admin
// shows in its notification) and `errors` keyed by form path (which react-admin puts under
// the matching fields). Every error response, 4xx or 5xx, goes through here.
import type { Response } from 'express';
import type { ZodError } from 'zod';

export type FieldErrors = Record<string, string>;

export type ProblemOptions = {
  detail?: string;
  errors?: FieldErrors;
  /** Extra, non-standard members (e.g. `missingScope`, `suggestions`). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
};

export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldErrors | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, title: string, options: ProblemOptions = {}) {
    super(options.detail ?? title);
    this.name = 'HttpProblem';
    this.status = status;
    this.title = title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.headers = options.headers;
  }
}

export const badRequest = (detail: string, errors?: FieldErrors) =>
  new HttpProblem(400, 'Bad Request', { detail, ...(errors ? { errors } : {}) });
export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', { detail, headers: { 'WWW-Authenticate': 'Bearer' } });
export const forbidden = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(403, 'Forbidden', { detail, ...(extensions ? { extensions } : {}) });
export const notFound = (detail: string) => new HttpProblem(404, 'Not Found', { detail });
export const conflict = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(409, 'Conflict', { detail, ...(extensions ? { extensions } : {}) });

/** Turns zod issues into `{ "a.b.0": "message" }`; issues on the whole value go under `root`. */
export function fieldErrorsFromZod(error: ZodError, prefix?: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const segments = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    const key = segments.length > 0 ? segments.join('.') : 'root';
    // Keep the first message per field: it is the most specific one zod reports.
    errors[key] ??= issue.message;
  }
  return errors;
}

export function validationProblem(error: ZodError, where: 'body' | 'query' | 'params' | 'headers'): HttpProblem {
  const errors = fieldErrorsFromZod(error, where === 'body' ? undefined : where);
  const fields = Object.keys(errors);
  const detail =
    fields.length === 1
      ? `${fields[0]}: ${errors[fields[0]!]}`
      : `${fields.length} fields are invalid: ${fields.join(', ')}`;
  return badRequest(detail, errors);
}

export function sendProblem(res: Response, problem: HttpProblem): void {
  for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      message: problem.detail ?? problem.title,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...problem.extensions,
    });
}
