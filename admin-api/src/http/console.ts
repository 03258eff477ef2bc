// Serves the built console (admin-ui/dist) at /admin, same origin as the API, so the console
// needs no CORS and its token never crosses origins. Hashed assets are cached for a year;
// index.html never, so a deploy takes effect on the next load. The CSP allows only this
// origin (emotion and CodeMirror inject <style> elements, hence 'unsafe-inline' for styles;
// the template preview is a sandboxed srcdoc iframe and inherits this policy).
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { sendProblem, HttpProblem } from './problem.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob: data: about:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

export function consoleRoutes(consoleDir: string): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, '/admin/'));
  // Express matches '/admin' for '/admin/' too: redirect only the bare path, or it loops.
  router.get('/admin', (req, res, next) =>
    req.path === '/admin' && !req.originalUrl.startsWith('/admin/') ? res.redirect(301, '/admin/') : next(),
  );
  const index = path.join(consoleDir, 'index.html');
  router.use(
    '/admin',
    (_req, res, next) => {
      if (!fs.existsSync(index)) {
        sendProblem(
          res,
          new HttpProblem(503, 'Console not built', {
            detail: 'The console is not built: run `npm run build` (admin-ui/dist is missing).',
          }),
        );
        return;
      }
      securityHeaders(res);
      next();
    },
    express.static(consoleDir, {
      index: 'index.html',
      setHeaders(res, file) {
        const hashed = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  return router;
}
