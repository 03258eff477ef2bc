// Per-request bookkeeping: a request id (taken from X-Request-Id when sane, else new), the
// duration histogram labelled by route *template* (never the raw path, which would explode
// label cardinality), and one structured log line per request. Headers and bodies are never
// logged, so credentials cannot leak through here.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withoutRedaction, type Logger } from '../logger.ts';
import type { Metrics } from '../modules/metrics/registry.ts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestLog(logger: Logger, metrics: Metrics): RequestHandler {
  // The access line holds only the fields below (no headers, no bodies): nothing to redact.
  const accessLog = withoutRedaction(logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const level = res.statusCode >= 500 ? 'error' : 'info';
      accessLog[level](
        {
          requestId,
          method: req.method,
          route,
          path: req.path,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1000 * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
