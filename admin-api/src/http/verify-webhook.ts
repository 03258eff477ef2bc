// Inbound Standard Webhooks: callbacks into admin-api (n8n command callbacks, the subscription
// test route, later others) are checked against one or several secrets (several during a
// rotation) over the RAW body, inside the ±5 minute window, and their webhook-id is recorded to
// refuse replays.
//
// Raw body: app.ts's global express.json keeps the bytes it parsed (`keepRawBody` as its
// `verify` option) — a route-level express.raw would never see them, because the global JSON
// parser has consumed the stream by then. Webhook bodies must therefore be application/json.
//
// Replay protection is split from verification on purpose: `recordWebhookId` inserts the id in
// the caller's transaction, so the "seen" record commits together with the effect of the
// request, or not at all (a failed request can be retried with the same id).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { verify, type VerifyFailure } from '../../../shared/standard-webhooks.ts';
import { badRequest, HttpProblem } from './problem.ts';

/** express.json's `verify` option: keeps the exact bytes of JSON bodies on the request. */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  (req as { rawBody?: Buffer }).rawBody = buffer;
}

export function rawBodyOf(req: Request): Buffer {
  const raw = (req as { rawBody?: Buffer }).rawBody;
  if (raw) return raw;
  // req.is() is null without a body, false for a body of another type (left unparsed).
  if (req.is('application/json') === false)
    throw new HttpProblem(415, 'Unsupported Media Type', { detail: 'webhook bodies must be application/json' });
  return Buffer.alloc(0);
}

export type VerifiedWebhook = { id: string; timestamp: number };

export type VerifyWebhookOptions = {
  /** The secrets the request may be signed with (whsec_…); may throw an HttpProblem (e.g. 404). */
  secrets: (req: Request) => Promise<string[]>;
  toleranceSeconds?: number;
  /** The clock (tests). */
  now?: () => Date;
};

const reasons: Record<VerifyFailure, string> = {
  missing_headers: 'missing',
  invalid_timestamp: 'invalid timestamp',
  too_old: 'too old',
  too_new: 'too new',
  no_secret: 'no secret',
  bad_signature: 'bad signature',
};

function refused(reason: VerifyFailure, message: string): HttpProblem {
  // No WWW-Authenticate: Bearer here — a signed webhook cannot answer with a bearer token.
  return new HttpProblem(401, 'Unauthorized', {
    detail: `webhook signature refused (${reasons[reason]}): ${message}`,
    extensions: { reason },
  });
}

/** Verifies one request; throws a 401 problem naming the reason. */
export async function verifyWebhookRequest(req: Request, options: VerifyWebhookOptions): Promise<VerifiedWebhook> {
  const raw = rawBodyOf(req);
  const secrets = await options.secrets(req);
  const result = verify(secrets, req.headers, raw, options.now?.() ?? new Date(), options.toleranceSeconds);
  if (!result.ok) throw refused(result.reason, result.message);
  return { id: result.id, timestamp: result.timestamp };
}

/** Middleware form for routes mounted directly: `res.locals.webhook` holds the verified id. */
export function verifyWebhook(options: VerifyWebhookOptions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.webhook = await verifyWebhookRequest(req, options);
    next();
  };
}

const SOURCE = /^[a-z][a-z0-9_.:-]{0,99}$/;

/**
 * Records an accepted webhook-id for `source` (e.g. `n8n`, `subscription:<id>`) in the caller's
 * transaction; throws a 409 problem when it was recorded before (a replay, or a retry of a
 * message whose first delivery already took effect).
 */
export async function recordWebhookId(client: pg.ClientBase, source: string, id: string): Promise<void> {
  if (!SOURCE.test(source)) throw new Error(`invalid webhook source name ${source}`);
  if (id.length > 255)
    throw badRequest('webhook-id must be at most 255 characters', { 'headers.webhook-id': 'is too long' });
  const result = await client.query(
    'INSERT INTO seen_webhook_ids (source, webhook_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [source, id],
  );
  if (result.rowCount === 0)
    throw new HttpProblem(409, 'Conflict', {
      detail: `webhook-id ${id} was already accepted (replayed message)`,
      extensions: { reason: 'replay' },
    });
}
