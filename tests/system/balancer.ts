// The load balancer in front of the admin-api replicas, emulated in the load generator:
// requests go round-robin; one that fails before any response arrived because the connection
// was refused or reset (the replica is down or died under it) is sent once to the next
// replica, as nginx's `proxy_next_upstream error` does. Everything else — a status, a timeout,
// a connection lost after the response began — is returned as it happened.
// node:http with a keep-alive agent per replica, so failures carry the socket's error code.
import http from 'node:http';

export type Request = { method: string; path: string; headers?: Record<string, string>; body?: string };
export type Response = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type Sent = {
  /** The answer, or why there was none (`ECONNREFUSED`, `timeout`, …). */
  response?: Response;
  error?: string;
  /** The replica that answered (or failed last). */
  replica: string;
  /** The first replica could not be reached and the request went to the next one. */
  failedOver: boolean;
};

export type Endpoint = { name: string; url: string };

/** Errors that mean the request never reached a replica (or the replica vanished before answering). */
const UNREACHED = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

class NoResponse extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export type Balancer = {
  send(request: Request): Promise<Sent>;
  /** Sends to one named replica, without failover (set-up, checks). */
  sendTo(replica: Endpoint, request: Request): Promise<Response>;
  close(): void;
};

export function createBalancer(replicas: readonly Endpoint[], options: { timeoutMs?: number } = {}): Balancer {
  if (replicas.length === 0) throw new Error('the balancer needs at least one replica');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agents = new Map<string, http.Agent>();
  const agentFor = (name: string) => {
    let agent = agents.get(name);
    if (!agent) agents.set(name, (agent = new http.Agent({ keepAlive: true, maxSockets: 256 })));
    return agent;
  };
  let next = 0;

  function exchange(replica: Endpoint, request: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
      const url = new URL(request.path, replica.url);
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      let answered = false;
      const req = http.request(
        url,
        {
          method: request.method,
          agent: agentFor(replica.name),
          headers: {
            ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
            ...request.headers,
          },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (error) => reject(new Error(`response cut off: ${error.message}`)));
          res.on('close', () => {
            if (!res.complete) reject(new Error('response cut off'));
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new NoResponse('timeout', `no answer within ${timeoutMs} ms`)));
      req.on('error', (error: Error & { code?: string }) => {
        if (answered) return; // the response handler reports it
        if (error instanceof NoResponse) reject(error);
        else reject(new NoResponse(error.code ?? 'network', error.message));
      });
      req.end(body);
    });
  }

  const describe = (error: unknown) =>
    error instanceof NoResponse ? error.code : error instanceof Error ? error.message : String(error);

  return {
    async send(request) {
      const first = replicas[next++ % replicas.length]!;
      try {
        return { response: await exchange(first, request), replica: first.name, failedOver: false };
      } catch (error) {
        if (!(error instanceof NoResponse && UNREACHED.has(error.code)) || replicas.length < 2)
          return { error: describe(error), replica: first.name, failedOver: false };
      }
      const second = replicas[(replicas.indexOf(first) + 1) % replicas.length]!;
      try {
        return { response: await exchange(second, request), replica: second.name, failedOver: true };
      } catch (error) {
        return { error: describe(error), replica: second.name, failedOver: true };
      }
    },
    sendTo: exchange,
    close() {
      for (const agent of agents.values()) agent.destroy();
    },
  };
}
