// The receiving end of the relay in the whole-system runs: an HTTP server that verifies each
// webhook's Standard Webhooks signature with the shared module (as any subscriber must) and
// records every webhook-id — how often it came, when first, and what it announced — so the
// reconciliation can tell missing, duplicate and unexpected deliveries apart.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSecret, verify } from '../../shared/standard-webhooks.ts';

export type Received = {
  type: string;
  /** Milliseconds since the epoch of the first receipt. */
  firstAt: number;
  count: number;
  /** What the message is about: the event's id, or the ingest request's record ids. */
  data: { id?: string; title?: string; ids?: string[]; domain?: string };
};

export type Sink = {
  url: string;
  secret: string;
  received: Map<string, Received>;
  badSignatures: number;
  /** Deliveries of ids seen before (the relay's at-least-once showing). */
  duplicates(): number;
  close(): Promise<void>;
};

export async function startSink(): Promise<Sink> {
  const secret = generateSecret();
  const received = new Map<string, Received>();
  let badSignatures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verify([secret], req.headers, body);
      if (!check.ok) {
        badSignatures++;
        res.writeHead(401).end(check.reason);
        return;
      }
      const seen = received.get(check.id);
      if (seen) seen.count++;
      else {
        const message = JSON.parse(body) as { type: string; data: Received['data'] };
        const { id, title, ids, domain } = message.data ?? {};
        received.set(check.id, { type: message.type, firstAt: Date.now(), count: 1, data: { id, title, ids, domain } });
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    secret,
    received,
    get badSignatures() {
      return badSignatures;
    },
    duplicates: () => [...received.values()].reduce((sum, r) => sum + r.count - 1, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
