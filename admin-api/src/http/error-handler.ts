// Express error middleware: whatever was thrown becomes a problem+json response. Client
// mistakes keep their 4xx status and a clear message; anything unexpected is logged in full
// and answered with a generic 500 that leaks nothing.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import { ZodError } from 'zod';
import type { Logger } from '../logger.ts';
import { HttpProblem, notFound, sendProblem, validationProblem } from './problem.ts';

type HttpishError = Error & { status?: number; statusCode?: number; type?: string; expose?: boolean };

const bodyParserMessages: Record<string, string> = {
  'entity.parse.failed': 'the request body is not valid JSON',
  'entity.too.large': 'the request body is too large',
  'encoding.unsupported': 'the request body encoding is not supported',
  'charset.unsupported': 'the request body charset is not supported',
  'request.aborted': 'the request was aborted by the client',
  'request.size.invalid': 'the request body length does not match Content-Length',
};

// PostgreSQL errors that mean "this input does not fit the data rules" rather than "the
// server broke": constraint violations and bad literals. Services check the common cases
// themselves with friendlier messages; this is the net under them.
const postgresClientErrors: Record<string, [number, string]> = {
  '23505': [409, 'a record with the same unique value already exists'],
  '23503': [409, 'the record refers to, or is referred to by, another record'],
  '23514': [400, 'a value breaks a data rule'],
  '23502': [400, 'a required value is missing'],
  '22001': [400, 'a value is too long'],
  '22003': [400, 'a number is out of range'],
  '22007': [400, 'a date or time is invalid'],
  '22008': [400, 'a date or time is out of range'],
  '22P02': [400, 'a value has the wrong format'],
  '22023': [400, 'a parameter value is invalid'],
};

/**
 * No database connection within DB_CONNECT_TIMEOUT_MS (every pool slot busy under a burst, or
 * PostgreSQL unreachable): the request did nothing, so it is an honest 503 the caller may
 * retry, not a 500.
 */
function isDatabaseUnavailable(error: HttpishError | undefined): boolean {
  const message = error?.message ?? '';
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    message === 'timeout exceeded when trying to connect' ||
    message === 'Connection terminated due to connection timeout' ||
    code === 'ECONNREFUSED' ||
    code === '57P03' // cannot_connect_now: the server is starting up or shutting down
  );
}

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ZodError) return validationProblem(error, 'body');
  const pgCode = (error as { code?: unknown })?.code;
  if (typeof pgCode === 'string' && pgCode in postgresClientErrors) {
    const [status, detail] = postgresClientErrors[pgCode]!;
    const constraint = (error as { constraint?: string }).constraint;
    return new HttpProblem(status, STATUS_CODES[status]!, {
      detail: constraint ? `${detail} (${constraint})` : detail,
    });
  }
  const e = error as HttpishError;
  if (isDatabaseUnavailable(e)) {
    return new HttpProblem(503, 'Service Unavailable', {
      detail: 'the database is busy or unreachable; retry shortly',
      headers: { 'Retry-After': '1' },
    });
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail = (e.type && bodyParserMessages[e.type]) ?? (e.expose ? e.message : STATUS_CODES[status]);
    return new HttpProblem(status, STATUS_CODES[status] ?? 'Error', { detail: detail ?? 'bad request' });
  }
  return new HttpProblem(500, 'Internal Server Error', {
    detail: 'an unexpected error occurred; it has been logged',
  });
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = toProblem(error);
    if (problem.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    sendProblem(res, problem);
  };
}

export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`no route for ${req.method} ${req.path}`);
};
