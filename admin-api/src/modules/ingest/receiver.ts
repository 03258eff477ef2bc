// POST /ingest/{domain}: webhook callers push JSON records, authenticated by an ingest token
// (not an API key). Mounted before the app's global JSON parser, because ingest has its own
// size limit (INGEST_MAX_BYTES) and keeps the body as received. Steps, cheapest refusal first:
//   1. domain format                                  → 400 invalid domain
//   2. the address's general budget not exhausted     → 429 (guessers are stopped before any lookup)
//   3. token present, well-formed, known, active, for this domain → 401 otherwise (a refusal
//      costs one point of the general per-address budget, RATE_LIMIT_PER_IP, and is audited)
//   4. the address's ingest budget (INGEST_RATE_LIMIT_PER_IP per minute)        → 429
//   5. body: at most INGEST_MAX_BYTES (413), UTF-8 JSON (400 invalid json), an object or an
//      array of at most MAX_RECORDS_PER_REQUEST objects (400 / 413) — json-records.ts
//   6. the records and one `ingest.received` message, committed together (writer.ts groups
//      concurrent requests into one statement) → 200 {received, ids}
// The body is read only after the token was accepted, so an unauthenticated caller cannot
// make the server buffer megabytes.
import { isIP } from 'node:net';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../context.ts';
import { badRequest, HttpProblem, unauthorized } from '../../http/problem.ts';
import { tooManyRequests, tryConsume } from '../../http/rate-limit-store.ts';
import { onAuthFailure } from '../security/detect.ts';
import { parseRecords } from './json-records.ts';
import { DOMAIN_PATTERN } from './schemas.ts';
import { isRefusal, storeRecords, verifyToken } from './service.ts';
import { ingestState } from './state.ts';

export const INGEST_PATH = '/ingest/:domain';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const domainParam = (req: Request) => String(req.params.domain ?? '');

/** The address to store: behind a trusted proxy req.ip comes from X-Forwarded-For, unchecked. */
const storable = (ip: string | undefined) => (ip && isIP(ip) ? ip : null);

/** The presented token, or a 401 when there is none (or two different ones). */
function presentedToken(req: Request): string {
  const authorization = req.get('authorization');
  const header = req.get('x-chronos-token')?.trim();
  const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (header && bearer && header !== bearer)
    throw unauthorized('Authorization and X-Chronos-Token carry different tokens; send one');
  if (header) return header;
  if (authorization !== undefined && !bearer)
    throw unauthorized('the Authorization header must be "Bearer <ingest token>"');
  if (!bearer)
    throw unauthorized('ingest token required: send Authorization: Bearer <token> or X-Chronos-Token: <token>');
  return bearer;
}

export function ingestReceiver(ctx: AppContext): Router {
  const state = ingestState(ctx);
  const maxBytes = ctx.config.ingestMaxBytes;
  // Any content type: callers send JSON as text/plain or without a type too; gzip/deflate
  // bodies are inflated, and the limit applies to the inflated size.
  const raw = express.raw({ type: () => true, limit: maxBytes });
  const readBody: RequestHandler = (req, res, next) =>
    raw(req, res, (error?: unknown) => {
      const e = error as { type?: string } | undefined;
      if (e?.type === 'entity.too.large')
        next(
          new HttpProblem(413, 'Content Too Large', {
            detail: `the request body is larger than the ingest limit of ${maxBytes} bytes (INGEST_MAX_BYTES)`,
            errors: { body: `must be at most ${maxBytes} bytes` },
          }),
        );
      else next(error);
    });

  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    const domain = domainParam(req);
    if (!DOMAIN_PATTERN.test(domain))
      throw badRequest(`invalid domain: "${domain.slice(0, 100)}" must be 1–63 lower-case letters, digits or -`, {
        domain: 'must be 1–63 lower-case letters, digits or -',
      });
    // req.ip is recomputed (X-Forwarded-For parsing) on every read: read it once.
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    res.locals.sourceIp = storable(req.ip);
    await ctx.rateLimits.check('ip', ip, res);
    let row;
    try {
      const token = presentedToken(req);
      const verified = await verifyToken(ctx.pool, state.cache, token, domain);
      if (isRefusal(verified)) {
        ctx.background.track(
          onAuthFailure(ctx, {
            ip,
            reason: verified.reason,
            actor: { type: 'ingest', label: token.startsWith('chronos_ingest_') ? token.slice(15, 27) : null },
            userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
          }),
        );
        throw unauthorized(verified.detail);
      }
      row = verified;
    } catch (error) {
      await ctx.rateLimits.consume('ip', ip, res).catch(() => undefined);
      throw error;
    }
    const limit = await tryConsume(state.limiter, `${ip}`);
    res.setHeader('X-RateLimit-Limit', String(state.limiter.points));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit.res.remainingPoints)));
    res.setHeader('X-RateLimit-Reset', String(Math.max(1, Math.ceil(limit.res.msBeforeNext / 1000))));
    if (!limit.allowed) throw tooManyRequests(limit.res, 'ingest requests from this address');
    state.usage.record(row.id, res.locals.sourceIp ?? undefined);
    res.locals.ingestTokenId = row.id;
    next();
  };

  const receive = async (req: Request, res: Response) => {
    const result = await storeRecords(state.writer, {
      records: parseRecords(req.body),
      domain: domainParam(req),
      ip: res.locals.sourceIp as string | null,
      tokenId: res.locals.ingestTokenId as string,
    });
    // Written directly: res.json() would also hash the body for an ETag, useless on a POST.
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(result));
  };

  const router = Router();
  router.post(INGEST_PATH, authenticate, readBody, receive);
  return router;
}
