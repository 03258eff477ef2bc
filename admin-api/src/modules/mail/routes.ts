// /api/v1/mail: queue a mail (optionally waiting for its outcome) and read the delivery log.
// Scope `integrations.manage` for all three: sending uses the SMTP integration configured under
// that scope, and the log shows recipients and subjects of every mail (there is no mail-only
// scope in SPEC 3.5; `admin` and console admins may as well, viewers may read).
//
// Status codes of POST: 202 queued (not finished); 200 finished (with wait) or a repeated
// idempotency key (header `Idempotent-Replayed: true`, the first delivery as it is now);
// with wait, 202 when timeout_ms passed first. Attachments over 10 MB → 413.
//
// Body size: this route takes up to MAIL_BODY_LIMIT of JSON (attachments arrive base64-encoded
// inside it), while every other route keeps the global 1 MB. `mailBodyParser` is mounted in
// app.ts before the global parser; it parses only POST /api/v1/mail requests that carry an
// Authorization header (anonymous ones fall through to the 1 MB parser and are then refused by
// authentication anyway), and once it has read the body the global parser skips it.
import express, { type RequestHandler } from 'express';
import { auditActor } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { listDeliveries, SORTABLE } from './repo.ts';
import { idParams, MAIL_BODY_LIMIT, mailDeliverySchema, mailFilters, sendMailBody } from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/mail';
const tag = 'mail';
const scope = 'integrations.manage' as const;

export function mailBodyParser(): RequestHandler {
  const parse = express.json({ limit: MAIL_BODY_LIMIT });
  return (req, res, next) => {
    if (req.method === 'POST' && req.path.replace(/\/+$/, '') === base && req.headers.authorization)
      return parse(req, res, next);
    next();
  };
}

export function mailRoutes(host: RouteHost): void {
  const { pool } = host.ctx;

  listRoute(host, {
    path: base,
    resource: 'mail',
    summary: 'The mail delivery log (q searches recipients, subject, Message-ID and idempotency key)',
    tag,
    scope,
    item: mailDeliverySchema,
    list: { filters: mailFilters, sortable: SORTABLE, defaultSort: ['created_at', 'DESC'] },
    handler: async (query) => {
      const { rows, total } = await listDeliveries(pool, query);
      return { rows: rows.map(service.toDto), total };
    },
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get one mail delivery',
    tag,
    scope,
    params: idParams,
    response: mailDeliverySchema,
    handler: ({ params }) => service.getOrThrow(pool, params.id),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Queue a mail (directly or from an email template); optionally wait for the outcome',
    description:
      '202 queued; 200 when finished (wait) or when the idempotency key was used before (nothing is sent again, ' +
      'header Idempotent-Replayed: true); with wait, 202 once timeout_ms has passed. 413 when the attachments ' +
      'exceed 10 MB decoded (the JSON body may be up to 16 MB); 422 naming missing template variables.',
    tag,
    scope,
    body: sendMailBody,
    response: mailDeliverySchema,
    status: 202,
    handler: async ({ body, res }) => {
      const { delivery, created } = await service.queue(pool, body, auditActor(res, scope));
      let current = delivery;
      if (body.wait && !service.isFinished(current.status)) {
        // Stop polling when the caller hangs up (the response's close: the request's own close
        // fires as soon as its body has been read).
        const gone = new AbortController();
        const onClose = () => gone.abort();
        res.once('close', onClose);
        try {
          current = await service.waitForOutcome(pool, delivery.id, {
            timeoutMs: body.timeout_ms,
            signal: gone.signal,
          });
        } finally {
          res.off('close', onClose);
        }
      }
      const finished = service.isFinished(current.status);
      if (!created) res.setHeader('Idempotent-Replayed', 'true');
      res.status(finished || (!created && !body.wait) ? 200 : 202).json(current);
      return undefined;
    },
  });
}
