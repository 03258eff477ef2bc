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

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ZodError) return validationProblem(error, 'body');
  const e = error as HttpishError;
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
