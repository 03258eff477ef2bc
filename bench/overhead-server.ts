// The admin-api of the auth-overhead benchmark: the production server (startServer, same
// middleware, same limits) plus one GET handler mounted twice, once public and once behind an
// API key scope, so the two sides differ only by authentication + its rate limiting.
import { z } from '../admin-api/src/openapi/zod.ts';
import { loadConfig } from '../admin-api/src/config.ts';
import { route } from '../admin-api/src/http/route.ts';
import { createLogger } from '../admin-api/src/logger.ts';
import { startServer } from '../admin-api/src/server.ts';

const config = loadConfig();
const calendars = z.array(z.object({ id: z.string(), name: z.string() }));

const { close } = await startServer(config, createLogger(config.logLevel), {
  extendApi: (host) => {
    for (const [path, scope] of [
      ['/bench/public', 'public'],
      ['/bench/authenticated', 'events.read'],
    ] as const) {
      route(host, {
        method: 'get',
        path,
        summary: 'benchmark twin',
        tag: 'bench',
        scope,
        response: calendars,
        handler: async () =>
          (await host.ctx.pool.query<{ id: string; name: string }>('SELECT id, name FROM calendars ORDER BY id')).rows,
      });
    }
  },
});
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
